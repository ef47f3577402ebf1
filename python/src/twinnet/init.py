"""Initial weights from the shared seed (Analytics Vidhya's R code).

Layer by layer, l = 1..L, from one stream of R's generator::

    W_l = matrix(rnorm(n_{l-1} * n_l), n_{l-1}, n_l)   # column-major fill
    b_l = matrix(runif(n_l), 1, n_l)                    # only when bias is on

Twin: ``R/R/init.R``.
"""

import numpy as np

from .rng import RRandom


def init_params(layers, seed, bias=True):
    """Draw weights and biases as R's ``set.seed(seed)`` followed by the code above.

    Returns
    -------
    weights, biases : lists of 2-D float64 arrays (``biases`` is empty when
        ``bias`` is False).
    """
    rng = RRandom(seed)
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:]):
        weights.append(rng.rnorm(n_in * n_out).reshape((n_in, n_out), order="F"))
        if bias:
            biases.append(rng.runif(n_out).reshape((1, n_out)))
    return weights, biases
