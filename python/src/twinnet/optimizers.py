"""Parameter updates: plain gradient descent, momentum and Adam.

Each optimiser updates a list of parameter arrays in place from their
gradients, keeping its own state between calls (and between ``fit`` calls,
so that training 2 epochs then 3 gives the same bits as 5). The formulas, in
the grouping both languages use (``g`` a gradient, ``lr`` the learning rate
of the epoch)::

    sgd       p = p - g * lr
    momentum  v = momentum * v - lr * g;  p = p + v                (scikit-learn's)
    adam      t = t + 1;  b1t = b1t * beta1;  b2t = b2t * beta2
              m = beta1 * m + (1 - beta1) * g
              v = beta2 * v + (1 - beta2) * (g * g)
              step = lr * sqrt(1 - b2t) / (1 - b1t)
              p = p - (step * m) / (sqrt(v) + epsilon)             (Kingma & Ba)

``beta^t`` is kept as a running product, not computed with ``pow``.
Twin: ``R/R/optimizers.R``.
"""

import math

import numpy as np


class SGD:
    name = "sgd"

    def __init__(self, **_):
        pass

    def update(self, params, grads, lr):
        for p, g in zip(params, grads):
            p -= g * lr

    def state(self):
        return {}


class Momentum:
    name = "momentum"

    def __init__(self, momentum=0.9, **_):
        self.momentum = momentum
        self.velocity = None

    def update(self, params, grads, lr):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocity):
            v[...] = self.momentum * v - lr * g
            p += v

    def state(self):
        """What a model file keeps to continue training (arrays in the
        order weights..., biases...)."""
        return {} if self.velocity is None else {"velocity": self.velocity}

    def load(self, state):
        if "velocity" in state:
            self.velocity = [np.array(v, dtype=np.float64) for v in state["velocity"]]


class Adam:
    name = "adam"

    def __init__(self, beta1=0.9, beta2=0.999, epsilon=1e-8, **_):
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.t = 0
        self.b1t = self.b2t = 1.0
        self.m = self.v = None

    def update(self, params, grads, lr):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        self.b1t *= self.beta1
        self.b2t *= self.beta2
        step = lr * math.sqrt(1.0 - self.b2t) / (1.0 - self.b1t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m[...] = self.beta1 * m + (1.0 - self.beta1) * g
            v[...] = self.beta2 * v + (1.0 - self.beta2) * (g * g)
            p -= (step * m) / (np.sqrt(v) + self.epsilon)

    def state(self):
        """What a model file keeps to continue training (arrays in the
        order weights..., biases...)."""
        if self.m is None:
            return {}
        return {"t": self.t, "b1t": self.b1t, "b2t": self.b2t, "m": self.m, "v": self.v}

    def load(self, state):
        if "m" in state:
            self.t = int(state["t"])
            self.b1t, self.b2t = float(state["b1t"]), float(state["b2t"])
            self.m = [np.array(a, dtype=np.float64) for a in state["m"]]
            self.v = [np.array(a, dtype=np.float64) for a in state["v"]]


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
