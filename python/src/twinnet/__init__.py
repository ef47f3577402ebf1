"""twinnet: a neural network written twice, in Python and in R, bit for bit the same.

>>> from twinnet import MLP, RRandom
"""

from .io import load_model, save_model
from .network import MLP
from .rng import RRandom
from .validation import TwinnetError

__all__ = ["MLP", "RRandom", "TwinnetError", "load_model", "save_model"]
__version__ = "0.1.0"
