"""Layers for images: convolution, pooling and flatten (Aflak's "variety of layers").

Images are arrays of shape (n, height, width, channels) in both languages
(numpy's C order here, R's arrays of dim ``c(n, h, w, c)`` there: the same
element at the same index). docs/layers.md derives each layer's gradients.

A convolution is one large product per layer (im2col): the windows of the
padded input are laid out as the rows of a matrix ``cols`` of
``n * out_h * out_w`` rows (sample, then output row, then output column, the
last fastest) and ``kh * kw * c_in`` columns (kernel row, kernel column,
input channel, the last fastest); the kernel is stored as the
``(kh * kw * c_in) x filters`` matrix of the same row order, so::

    Y = cols W + b                 forward (one product)
    dE/dW = cols^t dE/dY           dE/dB = colsum(dE/dY)
    dE/dX = col2im(dE/dY W^t)      the windows' gradients added back in the
                                   order (kernel row, kernel column)

In exact mode the products and sums are the exact core's (their order is
the product's, docs/parity.md), and col2im's overlapping additions are plain
double additions in that fixed loop order, the same in R.

"same" padding follows TensorFlow/Keras: ``out = ceil(size / stride)``,
``pad = max((out - 1) * stride + k - size, 0)``, ``pad // 2`` before (top,
left) and the rest after (bottom, right). "valid" pads nothing: ``out =
(size - k) // stride + 1``.

The twin of this file is ``R/R/conv.R``: the same functions in the same
order (R's network runs the layers inline, so the layer methods here have
no R twins; R's ``conv2d_forward`` etc. stand for them). Its length (about
560 lines): the im2col and pooling kernels, the shape checks and the four
layer classes with their docstrings stand together, as the R twin's
functions do; split, the kernels would stand apart from the layers that
must call them in the order docs/parity.md states.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .init import INITIALISERS
from .validation import TwinnetError, check_choice, check_flag, check_positive_integer

PADDINGS = ("valid", "same")
# the layers that take images (n, height, width, channels)
SPATIAL_KINDS = ("conv2d", "max_pool2d", "average_pool2d", "flatten")
# their keys in config and model files (docs/formats.md)
SPEC_KEYS = {
    "conv2d": ("type", "in_channels", "filters", "kernel", "stride", "padding", "bias", "init"),
    "max_pool2d": ("type", "pool", "stride", "padding"),
    "average_pool2d": ("type", "pool", "stride", "padding"),
    "flatten": ("type",),
}


def check_pair(name, value):
    """A positive whole number or a pair of them: ``3`` is ``(3, 3)``."""
    if isinstance(value, (list, tuple, np.ndarray)):
        values = list(value)
        if len(values) != 2:
            raise TwinnetError(
                f"{name} must be a positive integer or a pair of them, got {len(values)} values"
            )
    else:
        values = [value, value]
    return tuple(check_positive_integer(name, v) for v in values)


def conv_output_size(size, k, stride, padding):
    """The output length and the padding (before, after) along one axis, or
    None when a valid window does not fit."""
    if padding == "same":
        out = -(-size // stride)
        total = max((out - 1) * stride + k - size, 0)
        return out, (total // 2, total - total // 2)
    if size < k:
        return None
    return (size - k) // stride + 1, (0, 0)


def pad_images(x, pads):
    """``x`` with zero rows above and below, zero columns left and right."""
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


# one side: numpy's strided view; R indexes the windows (window_slice)
def window_view(xp, kernel, stride, out):
    """The windows of the padded ``xp`` as a view of shape (n, out_h, out_w,
    kh, kw, c); no copy."""
    n, _, _, c = xp.shape
    sn, sh, sw, sc = xp.strides
    shape = (n, out[0], out[1], kernel[0], kernel[1], c)
    strides = (sn, sh * stride[0], sw * stride[1], sh, sw, sc)
    return as_strided(xp, shape=shape, strides=strides, writeable=False)


def im2col(xp, kernel, stride, out):
    """The windows as the rows of a matrix (one copy): n * out_h * out_w rows
    (sample, output row, output column), kh * kw * c columns (kernel row,
    kernel column, channel)."""
    n, c = xp.shape[0], xp.shape[3]
    rows = n * out[0] * out[1]
    return window_view(xp, kernel, stride, out).reshape(rows, kernel[0] * kernel[1] * c)


def window_slice(ky, kx, stride, out):
    """Where kernel position (ky, kx) of every window falls in the padded input."""
    return (
        slice(None),
        slice(ky, ky + stride[0] * (out[0] - 1) + 1, stride[0]),
        slice(kx, kx + stride[1] * (out[1] - 1) + 1, stride[1]),
        slice(None),
    )


def col2im(dcols, padded_shape, kernel, stride, out):
    """The windows' gradients added back into an array of the padded input's
    shape: for kernel row ky, then kernel column kx, one plain double
    addition per element, from zero."""
    n, _, _, c = padded_shape
    d6 = dcols.reshape(n, out[0], out[1], kernel[0], kernel[1], c)
    dxp = np.zeros(padded_shape)
    for ky in range(kernel[0]):
        for kx in range(kernel[1]):
            dxp[window_slice(ky, kx, stride, out)] += d6[:, :, :, ky, kx, :]
    return dxp


def crop_images(dxp, pads, shape):
    """The part of a padded array that lies over the input (undoes pad_images)."""
    (top, _), (left, _) = pads
    return dxp[:, top : top + shape[1], left : left + shape[2], :]


def max_pool_forward(xp, pool, stride, out):
    """The largest value of each window and its position (kernel row-major,
    from 0); ties go to the first maximum, a NaN wins as numpy's argmax has it."""
    best = None
    where = None
    for ky in range(pool[0]):
        for kx in range(pool[1]):
            v = xp[window_slice(ky, kx, stride, out)]
            if best is None:
                best = v.copy()
                where = np.zeros(best.shape, dtype=np.int32)
                continue
            take = (v > best) | (np.isnan(v) & ~np.isnan(best))
            best[take] = v[take]
            where[take] = ky * pool[1] + kx
    return best, where


def max_pool_backward(grad, where, padded_shape, pool, stride, out):
    """Each window's gradient to its maximum alone, added in the order
    (kernel row, kernel column)."""
    dxp = np.zeros(padded_shape)
    for ky in range(pool[0]):
        for kx in range(pool[1]):
            dxp[window_slice(ky, kx, stride, out)] += np.where(
                where == ky * pool[1] + kx, grad, 0.0
            )
    return dxp


def average_pool_forward(xp, pool, stride, out):
    """Each window's values added from zero in the order (kernel row, kernel
    column), then divided by the window's size."""
    total = np.zeros((xp.shape[0], out[0], out[1], xp.shape[3]))
    for ky in range(pool[0]):
        for kx in range(pool[1]):
            total += xp[window_slice(ky, kx, stride, out)]
    return total / float(pool[0] * pool[1])


def average_pool_backward(grad, padded_shape, pool, stride, out):
    """``grad / size`` added to every element of each window, in the order
    (kernel row, kernel column)."""
    share = grad / float(pool[0] * pool[1])
    dxp = np.zeros(padded_shape)
    for ky in range(pool[0]):
        for kx in range(pool[1]):
            dxp[window_slice(ky, kx, stride, out)] += share
    return dxp


def as_images(name, data):
    """Turn ``data`` into a finite 4-D float64 array (n, height, width,
    channels) or raise a TwinnetError."""
    arr = np.asarray(data)
    numeric = np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    if not numeric or np.issubdtype(arr.dtype, np.complexfloating):
        raise TwinnetError(f"{name} must be numeric")
    if arr.ndim != 4:
        raise TwinnetError(
            f"{name} must be an array of images (samples, height, width, channels), "
            f"got {arr.ndim} dimensions"
        )
    if arr.shape[0] == 0:
        raise TwinnetError(f"{name} has no rows")
    arr = np.asarray(arr, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise TwinnetError(f"{name} must hold finite numbers only (no NA, NaN or Inf)")
    return arr


def _shape_text(shape):
    return " x ".join(str(v) for v in shape)


def layer_shapes(layers, shape, name="X"):
    """The output shape of every layer (without the samples) for an input of
    ``shape`` ((h, w, c) images or (width,) rows); a TwinnetError says where
    the data and a layer do not fit."""
    shapes = []
    for i, layer in enumerate(layers, start=1):
        kind = layer.kind
        before = f"{name}" if i == 1 else f"layer {i - 1}"
        if kind in SPATIAL_KINDS and len(shape) != 3:
            raise TwinnetError(
                f"layer {i} ({kind}) takes images (height, width, channels) but "
                f"{before} gives rows of {shape[0]} values"
            )
        if kind == "dense" and len(shape) != 1:
            raise TwinnetError(
                f"layer {i} (dense) takes rows of values but {before} gives "
                f"{_shape_text(shape)} images: add a flatten layer before it"
            )
        if kind == "activation" and layer.name == "softmax" and len(shape) != 1:
            raise TwinnetError(f"layer {i} (softmax) takes rows of values, not images")
        if kind == "dense" and shape[0] != layer.n_in:
            raise TwinnetError(
                f"layer {i} (dense) takes {layer.n_in} inputs but {before} gives {shape[0]}"
            )
        if kind in ("conv2d", "max_pool2d", "average_pool2d"):
            h, w, c = shape
            if kind == "conv2d" and c != layer.in_channels:
                raise TwinnetError(
                    f"layer {i} (conv2d) takes {layer.in_channels} channels but {before} gives {c}"
                )
            oh = conv_output_size(h, layer.window[0], layer.stride[0], layer.padding)
            ow = conv_output_size(w, layer.window[1], layer.stride[1], layer.padding)
            if oh is None or ow is None:
                raise TwinnetError(
                    f"layer {i} ({kind}) has a {_shape_text(layer.window)} window but "
                    f"{before} gives {h} x {w} images (padding valid)"
                )
            shape = (oh[0], ow[0], layer.filters if kind == "conv2d" else c)
        elif kind == "flatten":
            shape = (shape[0] * shape[1] * shape[2],)
        elif kind == "dense":
            shape = (layer.n_out,)
        shapes.append(shape)
    return shapes


def chain_check(layers, layer):
    """Refuse ``layer`` after ``layers`` where the two cannot chain (the
    sizes that depend on the images are checked with the data)."""
    i = len(layers) + 1
    kind = layer.kind
    before = [(j, l) for j, l in enumerate(layers, start=1) if l.kind != "activation"]
    if not before or kind == "activation":
        return
    j, prev = before[-1]
    if kind == "dense" and prev.kind in ("conv2d", "max_pool2d", "average_pool2d"):
        raise TwinnetError(
            f"layer {i} (dense) takes rows of values but layer {j} ({prev.kind}) gives "
            f"images: add a flatten layer before it"
        )
    if kind == "dense" and prev.kind == "dense" and prev.n_out != layer.n_in:
        raise TwinnetError(
            f"layers do not chain: layer {i} takes {layer.n_in} inputs but the layer "
            f"before gives {prev.n_out}"
        )
    if kind in SPATIAL_KINDS and prev.kind in ("dense", "flatten"):
        raise TwinnetError(
            f"layer {i} ({kind}) takes images but layer {j} ({prev.kind}) gives rows of values"
        )
    convs = [(j, l) for j, l in before if l.kind == "conv2d"]
    if kind == "conv2d" and convs and convs[-1][1].filters != layer.in_channels:
        j, prev = convs[-1]
        raise TwinnetError(
            f"layers do not chain: layer {i} takes {layer.in_channels} channels but "
            f"layer {j} gives {prev.filters}"
        )


# one side: what Python's image layers share (R's layers are lists)
class _Spatial:
    """What the image layers share: their window, stride and padding, the
    shapes of the last forward pass."""

    buffers = None  # Network.fit's per-layer buffers: unused here

    # twin: window_plan
    def _plan(self, x):
        """The output size and the padding of this input (checked by the network)."""
        oh, ph = conv_output_size(x.shape[1], self.window[0], self.stride[0], self.padding)
        ow, pw = conv_output_size(x.shape[2], self.window[1], self.stride[1], self.padding)
        self.in_shape, self.pads, self.out = x.shape, (ph, pw), (oh, ow)
        xp = pad_images(x, self.pads)
        self.padded_shape = xp.shape
        return xp

    # one side: a Python layer holds its parameters; R's network holds them (net$weights)
    def params(self):
        return []

    # one side: a Python layer holds its gradients; R's network_backward returns them
    def grads(self):
        return []


# twin: conv2d
class Conv2D(_Spatial):
    """A 2-D convolution (cross-correlation, as Keras and PyTorch compute it).

    ``Y[n, i, j, o] = b[o] + sum over (ky, kx, c) of
    Xp[n, i * sh + ky, j * sw + kx, c] * K[ky, kx, c, o]``, Xp the padded input.

    Parameters
    ----------
    in_channels, filters : int
        Channels of the input and of the output (one kernel per filter).
    kernel : int or (int, int)
        Kernel height and width.
    stride : int or (int, int), default 1
    padding : {"valid", "same"}, default "valid"
        "same" pads as TensorFlow/Keras (the extra row or column at the
        bottom/right).
    bias : bool, default True
        A bias per filter.
    init : str, default "he"
        One of the dense layers' initialisers, drawn for the kernel as the
        ``(kh * kw * in_channels) x filters`` matrix (rows: kernel row,
        kernel column, input channel; filled column by column as R's
        ``matrix()``), so ``he`` has fan-in ``kh * kw * in_channels``.
    weights, bias_row : array, optional
        Given parameters: the kernel as that matrix (or of shape (kh, kw,
        in_channels, filters)) and a row of ``filters`` biases.
    """

    kind = "conv2d"

    def __init__(
        self,
        in_channels,
        filters,
        kernel,
        stride=1,
        padding="valid",
        bias=True,
        init="he",
        weights=None,
        bias_row=None,
    ):
        self.in_channels = check_positive_integer("in_channels", in_channels)
        self.filters = check_positive_integer("filters", filters)
        self.window = check_pair("kernel", kernel)
        self.stride = check_pair("stride", stride)
        self.padding = check_choice("padding", padding, list(PADDINGS))
        self.has_bias = check_flag("bias", bias)
        self.init = check_choice("init", init, list(INITIALISERS))
        self.n_in = self.window[0] * self.window[1] * self.in_channels
        self.n_out = self.filters
        self.weights = self.bias = None
        if weights is not None:
            self.set_params(weights, bias_row)
        elif bias_row is not None:
            raise TwinnetError("a bias row was given without weights")

    # one side: R's conv2d() calls dense_set_params with the layer's sizes
    def set_params(self, weights, bias_row, where="this conv2d layer"):
        """Give the layer these parameters (checked as a dense layer's)."""
        from .layers import Dense

        w = np.asarray(weights, dtype=float)
        if w.ndim == 4:
            w = w.reshape(self.n_in, self.n_out)
        shell = Dense(self.n_in, self.n_out, bias=self.has_bias)
        shell.set_params(w, bias_row, where=where)
        self.weights, self.bias = shell.weights, shell.bias

    # one side: R's add() draws a layer's weights into the network's lists
    def initialise(self, rng):
        if self.weights is None:
            self.weights, self.bias = INITIALISERS[self.init](
                rng, self.n_in, self.n_out, self.has_bias
            )

    # one side: Python's view of the kernel matrix; R's is conv2d_kernel
    @property
    def kernel(self):
        """The kernel as an array of shape (kh, kw, in_channels, filters)."""
        return self.weights.reshape(self.window[0], self.window[1], self.in_channels, self.filters)

    # one side: a Python layer holds its parameters; R's network holds them (net$weights)
    def params(self):
        return [self.weights] if self.bias is None else [self.weights, self.bias]

    # one side: a Python layer holds its gradients; R's network_backward returns them
    def grads(self):
        return [self.grad_weights] if self.bias is None else [self.grad_weights, self.grad_bias]

    # one side: R's network_forward calls conv2d_forward
    def forward(self, x, ar):
        xp = self._plan(x)
        self.cols = im2col(xp, self.window, self.stride, self.out)
        z = ar.matmul(self.cols, np.ascontiguousarray(self.weights))
        if self.bias is not None:
            z += self.bias
        return z.reshape(x.shape[0], self.out[0], self.out[1], self.filters)

    # one side: R's network_backward calls conv2d_backward
    def backward(self, grad, ar, need_input_gradient=True):
        g = np.ascontiguousarray(grad).reshape(-1, self.filters)
        self.grad_output = g
        self.grad_weights = ar.crossprod(self.cols, g)
        if self.bias is not None:
            self.grad_bias = ar.colsum(g)
        if not need_input_gradient:
            return None
        dcols = ar.tcrossprod(g, np.ascontiguousarray(self.weights))
        dxp = col2im(dcols, self.padded_shape, self.window, self.stride, self.out)
        return crop_images(dxp, self.pads, self.in_shape)

    # one side: R's model_to_dict writes a layer's spec from its list
    def describe(self):
        return {
            "type": "conv2d",
            "in_channels": self.in_channels,
            "filters": self.filters,
            "kernel": list(self.window),
            "stride": list(self.stride),
            "padding": self.padding,
            "bias": self.has_bias,
            "init": self.init,
        }

    # one side: Python's repr; R prints a layer as the list it is
    def __repr__(self):
        return (
            f"Conv2D({self.in_channels}, {self.filters}, kernel={self.window}, "
            f"stride={self.stride}, padding={self.padding!r})"
        )


class _Pool(_Spatial):
    def __init__(self, pool=2, stride=None, padding="valid"):
        self.window = check_pair("pool", pool)
        self.stride = self.window if stride is None else check_pair("stride", stride)
        self.padding = check_choice("padding", padding, ["valid"])

    # one side: R's model_to_dict writes a layer's spec from its list
    def describe(self):
        return {
            "type": self.kind,
            "pool": list(self.window),
            "stride": list(self.stride),
            "padding": self.padding,
        }

    # one side: Python's repr; R prints a layer as the list it is
    def __repr__(self):
        return f"{type(self).__name__}(pool={self.window}, stride={self.stride})"


# twin: max_pool2d
class MaxPool2D(_Pool):
    """The largest value of each ``pool`` window, per channel; its gradient
    goes to that value alone (the first of equal maxima, row-major)."""

    kind = "max_pool2d"

    # one side: R's network_forward calls max_pool2d_forward
    def forward(self, x, ar):
        xp = self._plan(x)
        out, self.where = max_pool_forward(xp, self.window, self.stride, self.out)
        return out

    # one side: R's network_backward calls max_pool2d_backward
    def backward(self, grad, ar, need_input_gradient=True):
        if not need_input_gradient:
            return None
        dxp = max_pool_backward(
            grad, self.where, self.padded_shape, self.window, self.stride, self.out
        )
        return crop_images(dxp, self.pads, self.in_shape)


# twin: average_pool2d
class AveragePool2D(_Pool):
    """The mean of each ``pool`` window, per channel (the window's values
    added in row-major order, then divided by its size)."""

    kind = "average_pool2d"

    # one side: R's network_forward calls average_pool2d_forward
    def forward(self, x, ar):
        xp = self._plan(x)
        return average_pool_forward(xp, self.window, self.stride, self.out)

    # one side: R's network_backward calls average_pool2d_backward
    def backward(self, grad, ar, need_input_gradient=True):
        if not need_input_gradient:
            return None
        dxp = average_pool_backward(grad, self.padded_shape, self.window, self.stride, self.out)
        return crop_images(dxp, self.pads, self.in_shape)


class Flatten:
    """(n, h, w, c) images to (n, h * w * c) rows, in row-major (h, w, c)
    order: numpy's reshape, Keras's Flatten on NHWC data. R produces the same
    order from its column-major arrays."""

    kind = "flatten"
    buffers = None

    # one side: a Python layer holds its parameters; R's network holds them (net$weights)
    def params(self):
        return []

    # one side: a Python layer holds its gradients; R's network_backward returns them
    def grads(self):
        return []

    # one side: R's network_forward calls flatten_forward
    def forward(self, x, ar):
        self.in_shape = x.shape
        return np.ascontiguousarray(x).reshape(x.shape[0], -1)

    # one side: R's network_backward calls flatten_backward
    def backward(self, grad, ar, need_input_gradient=True):
        if not need_input_gradient:
            return None
        return grad.reshape(self.in_shape)

    # one side: R's model_to_dict writes a layer's spec from its list
    def describe(self):
        return {"type": "flatten"}

    # one side: Python's repr; R prints a layer as the list it is
    def __repr__(self):
        return "Flatten()"


def layer_from_spec(spec):
    """The image layer a spec describes, e.g. ``{"type": "conv2d", "in_channels":
    1, "filters": 8, "kernel": [3, 3], "padding": "same"}`` (the defaults of
    the constructors for the keys not given)."""
    kind = spec["type"]
    if kind == "flatten":
        return Flatten()
    if kind == "conv2d":
        for key in ("in_channels", "filters", "kernel"):
            if key not in spec:
                raise TwinnetError(f"a conv2d layer needs {key}")
        return Conv2D(
            spec["in_channels"],
            spec["filters"],
            spec["kernel"],
            stride=spec.get("stride", 1),
            padding=spec.get("padding", "valid"),
            bias=spec.get("bias", True),
            init=spec.get("init", "he"),
        )
    cls = MaxPool2D if kind == "max_pool2d" else AveragePool2D
    return cls(spec.get("pool", 2), spec.get("stride"), spec.get("padding", "valid"))
