"""twinnet: a neural network written twice, in Python and in R, bit for bit the same.

>>> from twinnet import MLP, RRandom
>>> from twinnet import Network, Dense, Activation

The names below are imported when first used (PEP 562), so that the command
line (``twinnet.cli``) can catch a Ctrl-C while numpy and pandas load.
one side: the Python package's entry; R's is R/NAMESPACE (exports from roxygen tags).
"""

import importlib

_EXPORTS = {
    "MLP": ".mlp",
    "Activation": ".layers",
    "AveragePool2D": ".conv",
    "Conv2D": ".conv",
    "Dense": ".layers",
    "Flatten": ".conv",
    "MaxPool2D": ".conv",
    "Network": ".network",
    "RRandom": ".rng",
    "TwinnetError": ".validation",
    "load_model": ".model_file",
    "save_model": ".model_file",
    "write_report": ".report",
}
__all__ = [*_EXPORTS, "datasets"]
# The Python version's one place: pyproject.toml reads it (setuptools' dynamic
# version); R/DESCRIPTION's Version must be equal (parity_tests/test_release.py).
__version__ = "0.1.0"


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    elif name == "datasets":
        value = importlib.import_module(".datasets", __name__)
    else:
        raise AttributeError(f"module 'twinnet' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *__all__])
