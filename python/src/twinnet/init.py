"""Initial weights, all drawn from one stream of R's generator.

A dense layer of ``n_in`` inputs and ``n_out`` units draws, when it is added
to a network, in R's terms (matrices filled column by column)::

    normal   W = matrix(rnorm(n_in * n_out), n_in, n_out)            Analytics Vidhya
             b = matrix(runif(n_out), 1, n_out)
    aflak    W = matrix(runif(n_in * n_out) - 0.5, n_in, n_out)      Aflak (rand - 0.5)
             b = matrix(runif(n_out) - 0.5, 1, n_out)
    loy      W = matrix(runif(n_in * n_out), n_in, n_out)            Loy (rand)
             b = 0
    xavier   W = matrix(runif(n_in * n_out, -r, r), n_in, n_out)     Glorot & Bengio
             r = sqrt(6 / (n_in + n_out)); b = 0
    he       W = matrix(rnorm(n_in * n_out, 0, s), n_in, n_out)      He et al.
             s = sqrt(2 / n_in); b = 0
    nnet     v = runif((n_in + 1) * n_out, -0.7, 0.7)                R's nnet (rang = 0.7)
             unit j takes v[(j-1)*(n_in+1) + 1] as its bias, then its n_in weights

``nnet`` lays the numbers out as nnet does (each unit's bias, then its
weights), so ``set.seed(s)`` gives an nnet user's starting point. Biases
that are off are not drawn. Twin: ``R/R/init.R``, the same named
initialisers in the same order, the table built from them (R's generator is
R's own; Python's twin of it is ``rng.py``).
"""

import math

import numpy as np


# one side: numpy fills by rows; R's matrix() fills by column itself
def _matrix(values, n_in, n_out):
    return values.reshape((n_in, n_out), order="F")


def _zero_row(n_out, bias):
    return np.zeros((1, n_out)) if bias else None


def _normal(rng, n_in, n_out, bias):
    w = _matrix(rng.rnorm(n_in * n_out), n_in, n_out)
    return w, (rng.runif(n_out).reshape(1, n_out) if bias else None)


def _aflak(rng, n_in, n_out, bias):
    w = _matrix(rng.runif(n_in * n_out) - 0.5, n_in, n_out)
    return w, ((rng.runif(n_out) - 0.5).reshape(1, n_out) if bias else None)


def _loy(rng, n_in, n_out, bias):
    w = _matrix(rng.runif(n_in * n_out), n_in, n_out)
    return w, _zero_row(n_out, bias)


def _xavier(rng, n_in, n_out, bias):
    r = math.sqrt(6.0 / (n_in + n_out))
    w = _matrix(rng.runif(n_in * n_out, -r, r), n_in, n_out)
    return w, _zero_row(n_out, bias)


def _he(rng, n_in, n_out, bias):
    s = math.sqrt(2.0 / n_in)
    w = _matrix(rng.rnorm(n_in * n_out, 0.0, s), n_in, n_out)
    return w, _zero_row(n_out, bias)


def _nnet(rng, n_in, n_out, bias):
    if not bias:
        return _matrix(rng.runif(n_in * n_out, -0.7, 0.7), n_in, n_out), None
    block = _matrix(rng.runif((n_in + 1) * n_out, -0.7, 0.7), n_in + 1, n_out)
    return block[1:, :].copy(), block[:1, :].copy()


INITIALISERS = {
    "normal": _normal,
    "aflak": _aflak,
    "loy": _loy,
    "xavier": _xavier,
    "he": _he,
    "nnet": _nnet,
}
