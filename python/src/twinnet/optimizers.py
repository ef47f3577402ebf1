"""Parameter updates: plain gradient descent, momentum and Adam, as a table.

``OPTIMIZERS`` maps a name to its update and its settings, each with its
default and the values it takes; ``SCHEDULE`` holds the two settings every
optimiser shares (the learning rate and its decay). ``Network.fit``, the
configs and the estimators take their defaults and checks from here.

Each optimiser updates a list of parameter arrays in place from their
gradients, keeping its own state between calls (and between ``fit`` calls,
so that training 2 epochs then 3 gives the same bits as 5). The formulas, in
the grouping both languages use (``g`` a gradient, ``lr`` the learning rate
of the epoch)::

    sgd       p = p - g * lr
    momentum  v = momentum * v - lr * g;  p = p + v                (scikit-learn's)
      nesterov: v = momentum * v - lr * g;  p = p + (momentum * v - lr * g)
                (with the new v: scikit-learn's nesterovs_momentum)
    adam      t = t + 1;  b1t = b1t * beta1;  b2t = b2t * beta2
              m = beta1 * m + (1 - beta1) * g
              v = beta2 * v + (1 - beta2) * (g * g)
              step = lr * sqrt(1 - b2t) / (1 - b1t)
              p = p - (step * m) / (sqrt(v) + epsilon)             (Kingma & Ba)

``beta^t`` is kept as a running product, not computed with ``pow``.
Twin: ``R/R/optimizers.R``.
"""

import math
from dataclasses import dataclass

import numpy as np

from .validation import TwinnetError, check_number_in, check_positive_number


# one side: Python's optimisers are objects keeping their state; R's
# sgd_update takes the state and returns it
class SGD:
    def __init__(self, **_):
        pass

    def update(self, params, grads, lr):
        for p, g in zip(params, grads):
            p -= g * lr

    # one side: a Python optimiser hands its state to the model file; R's is a list already
    def state(self):
        return {}


# one side: Python's optimisers are objects keeping their state; R's
# momentum_update takes the state and returns it
class Momentum:
    def __init__(self, momentum=0.9, nesterov=False, **_):
        self.momentum = momentum
        # not part of the state's key: the velocity carries over when it changes
        self.nesterov = nesterov
        self.velocity = None

    def update(self, params, grads, lr):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocity):
            v[...] = self.momentum * v - lr * g
            if self.nesterov:
                p += self.momentum * v - lr * g
            else:
                p += v

    # one side: a Python optimiser hands its state to the model file; R's is a list already
    def state(self):
        """What a model file keeps to continue training (arrays in the
        order weights..., biases...)."""
        return {} if self.velocity is None else {"velocity": self.velocity}

    # one side: a Python optimiser takes its state from a model file; R's is a list already
    def load(self, state):
        if "velocity" in state:
            self.velocity = [np.array(v, dtype=np.float64) for v in state["velocity"]]


# one side: Python's optimisers are objects keeping their state; R's
# adam_update takes the state and returns it
class Adam:
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

    # one side: a Python optimiser hands its state to the model file; R's is a list already
    def state(self):
        """What a model file keeps to continue training (arrays in the
        order weights..., biases...)."""
        if self.m is None:
            return {}
        return {"t": self.t, "b1t": self.b1t, "b2t": self.b2t, "m": self.m, "v": self.v}

    # one side: a Python optimiser takes its state from a model file; R's is a list already
    def load(self, state):
        if "m" in state:
            self.t = int(state["t"])
            self.b1t, self.b2t = float(state["b1t"]), float(state["b2t"])
            self.m = [np.array(a, dtype=np.float64) for a in state["m"]]
            self.v = [np.array(a, dtype=np.float64) for a in state["v"]]


@dataclass(frozen=True)
class Setting:
    """A training setting: its default and the values it takes, a number in
    ``[low, high]`` (``[low, high)`` when not ``high_closed``), or any
    positive number when ``positive``."""

    default: float
    low: float = 0.0
    high: float = math.inf
    high_closed: bool = True
    positive: bool = False


# one side: a dataclass for the table's entries; R's are plain lists
@dataclass(frozen=True)
class Optimizer:
    make: type  # the class of its update, made with its settings
    settings: dict  # name -> Setting, in the order they are checked
    state: tuple  # the entries of its state in a model file


# The settings every optimiser shares: the learning rate (Analytics Vidhya's
# 0.1) and its decay, epoch e using lr / (1 + decay * e).
SCHEDULE = {"lr": Setting(0.1, positive=True), "decay": Setting(0.0)}

OPTIMIZERS = {
    "sgd": Optimizer(SGD, {}, ()),
    "momentum": Optimizer(Momentum, {"momentum": Setting(0.9, 0.0, 1.0)}, ("velocity",)),
    # Kingma and Ba's defaults, as scikit-learn's MLP
    "adam": Optimizer(
        Adam,
        {
            "beta1": Setting(0.9, 0.0, 1.0, high_closed=False),
            "beta2": Setting(0.999, 0.0, 1.0, high_closed=False),
            "epsilon": Setting(1e-8, positive=True),
        },
        ("t", "b1t", "b2t", "m", "v"),
    ),
}


def setting_of(name):
    """The ``Setting`` called ``name`` (lr, decay or an optimiser's)."""
    if name in SCHEDULE:
        return SCHEDULE[name]
    for optimizer in OPTIMIZERS.values():
        if name in optimizer.settings:
            return optimizer.settings[name]
    raise TwinnetError(f"unknown training setting {name!r}")


def optimizer_defaults(name=None):
    """The defaults of optimiser ``name``'s settings; with no name, those of
    every optimiser's settings (momentum, beta1, beta2, epsilon)."""
    names = list(OPTIMIZERS) if name is None else [name]
    return {k: s.default for n in names for k, s in OPTIMIZERS[n].settings.items()}


def check_setting(name, value):
    """``value`` checked as setting ``name`` allows, as a float; the message
    names the setting and its values (``momentum must be a number in [0, 1],
    got 2``)."""
    setting = setting_of(name)
    if setting.positive:
        return check_positive_number(name, value)
    return check_number_in(name, value, setting.low, setting.high, setting.high_closed)


def setting_allows(name, number):
    """Whether setting ``name`` takes the finite number ``number`` (the
    range ``check_setting`` checks, for checkers with messages of their own)."""
    setting = setting_of(name)
    if setting.positive:
        return number > 0
    if setting.high_closed:
        return setting.low <= number <= setting.high
    return setting.low <= number < setting.high


def setting_rule(name):
    """What setting ``name`` takes, in a config's words: ``a number in [0, 1)``."""
    setting = setting_of(name)
    if setting.positive:
        return "a positive finite number"
    if math.isinf(setting.high):
        return f"a finite number >= {setting.low:g}"
    return f"a number in [{setting.low:g}, {setting.high:g}{']' if setting.high_closed else ')'}"


def check_optimizer_settings(name, settings):
    """The settings optimiser ``name`` uses, checked, from ``settings`` (a
    dict that may hold other optimisers' settings too, ignored)."""
    return {k: check_setting(k, settings[k]) for k in OPTIMIZERS[name].settings}
