"""twinnet: a neural network written twice, in Python and in R, bit for bit the same.

>>> from twinnet import MLP, RRandom
>>> from twinnet import Network, Dense, Activation
"""

from . import datasets
from .io import load_model, save_model
from .layers import Activation, Dense, Network
from .network import MLP
from .rng import RRandom
from .validation import TwinnetError

__all__ = [
    "MLP",
    "Activation",
    "Dense",
    "Network",
    "RRandom",
    "TwinnetError",
    "datasets",
    "load_model",
    "save_model",
]
__version__ = "0.1.0"
