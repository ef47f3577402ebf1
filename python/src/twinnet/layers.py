"""Layers: dense and activation (Omar Aflak's design).

A layer computes its output from its input (``forward``) and, given the
gradient of the loss with respect to its output (dE/dY), returns the gradient
with respect to its input (dE/dX) and keeps the gradients of its own
parameters (``backward``). For a dense layer ``Y = X W + B``::

    dE/dX = dE/dY W^t        dE/dW = X^t dE/dY        dE/dB = colsum(dE/dY)

and for an activation layer ``Y = f(X)``, ``dE/dX = dE/dY * f'(X)``. The
network that chains them is in ``network.py``. A Python layer holds its
parameters and runs its own pass; R's network holds the parameters
(``net$weights``) and ``network_forward``/``network_backward`` run the
layers, so the layers' methods have no R twins. Twin: ``R/R/layers.R``.
"""

import numpy as np

from .activations import ACTIVATIONS
from .init import INITIALISERS
from .validation import TwinnetError, as_matrix, check_choice, check_flag, check_positive_integer


# one side: numpy writes into arrays kept between epochs (out=); R allocates
def _buffer(layer, name, shape):
    """An array of ``shape`` that the layer keeps between epochs while it is
    being fitted (so each epoch does not allocate, and page in, its large
    arrays anew); None otherwise, and the arithmetic allocates."""
    if layer.buffers is None:
        return None
    array = layer.buffers.get(name)
    if array is None or array.shape != shape:
        array = layer.buffers[name] = np.empty(shape)
    return array


class Dense:
    """A fully connected layer: ``Y = X W + B``.

    Parameters
    ----------
    n_in, n_out : int
        Inputs and units.
    bias : bool, default True
    init : str, default "normal"
        How the weights are drawn when the layer is added to a network: one
        of ``twinnet.init.INITIALISERS`` ("normal" is Analytics Vidhya's,
        "aflak", "loy", "xavier", "he", "nnet").
    weights, bias_row : array, optional
        Given parameters instead of drawn ones.
    """

    kind = "dense"

    def __init__(self, n_in, n_out, bias=True, init="normal", weights=None, bias_row=None):
        self.n_in = check_positive_integer("n_in", n_in)
        self.n_out = check_positive_integer("n_out", n_out)
        self.init = check_choice("init", init, list(INITIALISERS))
        self.has_bias = check_flag("bias", bias)
        self.weights = self.bias = None
        if weights is not None:
            self.set_params(weights, bias_row)
        elif bias_row is not None:
            raise TwinnetError("a bias row was given without weights")

    def set_params(self, weights, bias_row, where="this dense layer"):
        """Give the layer these parameters (checked: shapes, finite numbers)."""
        w = as_matrix(f"weights of {where}", weights, copy=True)
        if w.shape != (self.n_in, self.n_out):
            raise TwinnetError(
                f"weights of {where} are {w.shape[0]} x {w.shape[1]}, "
                f"expected {self.n_in} x {self.n_out}"
            )
        b = None
        if self.has_bias:
            if bias_row is None:
                raise TwinnetError(f"{where} has a bias but none was given")
            b = as_matrix(f"biases of {where}", np.reshape(bias_row, (1, -1)), copy=True)
            if b.shape[1] != self.n_out:
                raise TwinnetError(
                    f"biases of {where} have {b.shape[1]} values, expected {self.n_out}"
                )
        elif bias_row is not None and np.size(bias_row):
            raise TwinnetError(f"biases were given but {where} has no bias")
        self.weights, self.bias = w, b

    # one side: R's add() draws a dense layer's weights into the network's lists
    def initialise(self, rng):
        if self.weights is None:
            self.weights, self.bias = INITIALISERS[self.init](
                rng, self.n_in, self.n_out, self.has_bias
            )

    # one side: a Python layer holds its parameters; R's network holds them (net$weights)
    def params(self):
        return [self.weights] if self.bias is None else [self.weights, self.bias]

    # one side: a Python layer holds its gradients; R's network_backward returns them
    def grads(self):
        return [self.grad_weights] if self.bias is None else [self.grad_weights, self.grad_bias]

    buffers = None  # during fit: arrays kept from one epoch to the next

    # one side: R's network_forward runs the layers inline (net$weights, blas kernels)
    def forward(self, x, ar):
        self.input = x
        z = ar.matmul(x, self.weights, out=_buffer(self, "z", (x.shape[0], self.n_out)))
        if self.bias is not None:
            z += self.bias  # z is the layer's own: add in place
        return z

    # one side: R's network_backward runs the layers inline
    def backward(self, grad, ar, need_input_gradient=True):
        self.grad_output = grad
        self.grad_weights = ar.crossprod(self.input, grad)
        if self.bias is not None:
            self.grad_bias = ar.colsum(grad)
        if not need_input_gradient:
            return None
        dx = _buffer(self, "dx", (grad.shape[0], self.n_in))
        return ar.tcrossprod(grad, self.weights, out=dx)

    # one side: R's model_to_dict writes a layer's spec from its list
    def describe(self):
        return {
            "type": "dense",
            "n_in": self.n_in,
            "n_out": self.n_out,
            "bias": self.has_bias,
            "init": self.init,
        }

    # one side: Python's repr; R prints a layer as the list it is
    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}, bias={self.has_bias}, init={self.init!r})"


class Activation:
    """An activation layer: ``Y = f(X)``, element by element (softmax: by row).

    ``Activation("tanh")`` takes a function from the table
    (``twinnet.activations.ACTIVATIONS``); ``Activation(f, f_prime)`` takes
    your own pair, as in Aflak's article, with ``f_prime`` the derivative as
    a function of the layer's input. Parity with R then needs the same
    formula on both sides (and ``math``-module functions for exact mode).
    """

    kind = "activation"

    def __init__(self, name="sigmoid", f_prime=None):
        if callable(name):
            if not callable(f_prime):
                raise TwinnetError("a custom activation needs f and its derivative f_prime")
            self.name, self.f, self.f_prime, self.function = "custom", name, f_prime, None
        else:
            self.name = check_choice("activation", name, list(ACTIVATIONS))
            self.function = ACTIVATIONS[self.name]

    # one side: a Python layer holds its parameters; R's network holds them (net$weights)
    def params(self):
        return []

    # one side: a Python layer holds its gradients; R's network_backward returns them
    def grads(self):
        return []

    buffers = None  # during fit: arrays kept from one epoch to the next
    overwrite_input = False  # set by Network.fit for the layers it can

    # one side: R's network_forward runs the layers inline
    def forward(self, x, ar):
        self.input = x
        if self.function is None:
            self.output = self.f(x)
        else:
            # images (n, h, w, c) go through as the rows of their values
            x2 = x if x.ndim == 2 else x.reshape(x.shape[0], -1)
            # while fitting, an element-wise activation inside the network
            # overwrites its input (which nothing reads again); else a buffer
            out = x2 if self.overwrite_input else _buffer(self, "a", x2.shape)
            self.output = self.function.forward(x2, ar, out=out).reshape(x.shape)
        return self.output

    # one side: R's network_backward runs the layers inline, so that blas mode's
    # kernels may write into its own delta (R/src/blas_kernels.c, "In place")
    def backward(self, grad, ar, need_input_gradient=True, overwrite=False):
        """dE/dX from dE/dY (``grad``); with ``overwrite`` the result may be
        written into ``grad``'s storage (the network's own backward pass does
        that, handing over arrays nothing else holds)."""
        if self.function is None:
            return self.f_prime(self.input) * grad
        g = grad if overwrite else grad.copy()
        if g.ndim == 2:
            return self.function.backward(g, self.output, ar)
        rows = (g.shape[0], -1)  # images: as the rows of their values
        out = self.function.backward(g.reshape(rows), self.output.reshape(rows), ar)
        return out.reshape(g.shape)

    # one side: R's model_to_dict writes a layer's spec from its list
    def describe(self):
        return {"type": "activation", "name": self.name}

    # one side: Python's repr; R prints a layer as the list it is
    def __repr__(self):
        return f"Activation({self.name!r})"
