"""Networks trained elsewhere, as twinnet networks: ``from_sklearn`` takes a
fitted scikit-learn ``MLPClassifier``/``MLPRegressor`` (its ``coefs_`` and
``intercepts_``); the R twin (``R/R/imports.R``) has ``from_nnet`` for fits
of R's nnet package. Each object lives in one language only, so each import
is on one side; the other language reads the network through a model file
(``save_model``/``load_model``, docs/estimators.md "From scikit-learn and
nnet").

scikit-learn is not imported here: the estimator is recognised by its class
name and module, so the core package keeps no dependency on it.
"""

import numpy as np

from .training_config import network_from_specs
from .validation import TwinnetError

# scikit-learn's hidden activations and their twinnet names
SKLEARN_ACTIVATIONS = {
    "identity": "identity",
    "logistic": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
}
# scikit-learn's output activation: twinnet's activation and loss
SKLEARN_OUTPUTS = {
    "identity": ("identity", "mse"),
    "logistic": ("sigmoid", "binary_cross_entropy"),
    "softmax": ("softmax", "softmax_cross_entropy"),
}
SKLEARN_MLPS = ("MLPClassifier", "MLPRegressor")


# one side: scikit-learn objects live in Python; R reads the saved model file
def from_sklearn(est):
    """A twinnet ``Network`` (mode "blas") with the weights, activations and
    loss of a fitted scikit-learn ``MLPClassifier`` or ``MLPRegressor``.

    Its ``predict(X)`` equals scikit-learn's ``predict_proba(X)`` for a
    classifier (for two classes, its column 1: the network has one sigmoid
    output) and ``predict(X)`` for a regressor (as a column), to rounding.
    Hidden activations: identity, logistic (twinnet's sigmoid), tanh, relu;
    output: identity (loss mse), logistic (sigmoid, binary_cross_entropy),
    softmax (softmax_cross_entropy). The input scaling and class labels stay
    with the caller: the network maps the estimator's inputs to its outputs.
    """
    kind = type(est).__name__
    if kind not in SKLEARN_MLPS or not type(est).__module__.startswith("sklearn."):
        raise TwinnetError(f"est must be a scikit-learn MLPClassifier or MLPRegressor, got {kind}")
    if not hasattr(est, "coefs_") or not hasattr(est, "out_activation_"):
        raise TwinnetError(f"the {kind} is not fitted; call its fit() first")
    hidden = SKLEARN_ACTIVATIONS.get(est.activation)
    if hidden is None:
        raise TwinnetError(
            f"unsupported activation {est.activation!r} of the {kind}; "
            f"twinnet imports {', '.join(SKLEARN_ACTIVATIONS)}"
        )
    output = SKLEARN_OUTPUTS.get(est.out_activation_)
    if output is None:
        raise TwinnetError(
            f"unsupported output activation {est.out_activation_!r} of the {kind}; "
            f"twinnet imports {', '.join(SKLEARN_OUTPUTS)}"
        )
    weights = [np.array(w, dtype=np.float64) for w in est.coefs_]
    biases = [np.array(b, dtype=np.float64).reshape(1, -1) for b in est.intercepts_]
    specs = []
    for k, w in enumerate(weights):
        specs.append({"type": "dense", "n_in": int(w.shape[0]), "n_out": int(w.shape[1])})
        last = k == len(weights) - 1
        specs.append({"type": "activation", "name": output[0] if last else hidden})
    return network_from_specs(specs, mode="blas", loss=output[1], weights=weights, biases=biases)
