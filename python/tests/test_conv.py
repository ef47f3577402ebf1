"""Convolution, pooling and flatten layers: gradients against central finite
differences (every padding and stride case, both modes), against PyTorch in
float64 (when torch is installed), the flatten order, and the shape checks."""

import numpy as np
import pytest
from test_gradients import finite_differences_of

from twinnet import (
    Activation,
    AveragePool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    Network,
    RRandom,
    TwinnetError,
)
from twinnet.arith import ARITHMETICS
from twinnet.conv import conv_output_size


def relative_error(a, b):
    a = np.concatenate([np.ravel(x) for x in a])
    b = np.concatenate([np.ravel(x) for x in b])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def images(seed, shape):
    return RRandom(seed).rnorm(int(np.prod(shape))).reshape(shape)


# (kernel, stride, padding): odd and even kernels, strides 1 and 2, both paddings
CONV_CASES = [
    ((3, 3), (1, 1), "valid"),
    ((3, 3), (1, 1), "same"),
    ((3, 3), (2, 2), "valid"),
    ((3, 3), (2, 2), "same"),
    ((2, 2), (1, 1), "same"),
    ((2, 4), (2, 1), "same"),
    ((4, 3), (2, 3), "valid"),
    ((1, 1), (1, 1), "valid"),
]
POOL_CASES = [((2, 2), None), ((3, 3), (2, 2)), ((2, 3), (1, 2)), ((3, 2), (1, 1))]


def input_gradient_check(layer, x, mode):
    """dE/dX of a layer for E = sum(R * Y) (R random), against finite differences."""
    ar = ARITHMETICS[mode]
    r = images(11, layer.forward(x, ar).shape)
    backprop = layer.backward(r.copy(), ar)
    numeric = finite_differences_of(lambda: float(np.sum(r * layer.forward(x, ar))), [x])
    return relative_error([backprop], numeric)


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("kernel,stride,padding", CONV_CASES)
def test_conv2d_input_gradient_matches_finite_differences(kernel, stride, padding, mode):
    x = images(1, (2, 7, 6, 3))
    layer = Conv2D(3, 4, kernel, stride=stride, padding=padding, init="xavier")
    layer.initialise(RRandom(2))
    layer.bias = RRandom(3).rnorm(4).reshape(1, 4)
    assert input_gradient_check(layer, x, mode) < 1e-7


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("pool,stride", POOL_CASES)
@pytest.mark.parametrize("cls", [MaxPool2D, AveragePool2D])
def test_pool_input_gradient_matches_finite_differences(cls, pool, stride, mode):
    x = images(4, (2, 7, 6, 3))
    assert input_gradient_check(cls(pool, stride), x, mode) < 1e-7


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_flatten_input_gradient_matches_finite_differences(mode):
    assert input_gradient_check(Flatten(), images(5, (2, 3, 4, 2)), mode) < 1e-8


def small_cnn(mode, kernel, stride, padding, pool_cls=MaxPool2D, shape=(7, 6, 2)):
    net = Network(seed=9, mode=mode)
    net.add(Conv2D(shape[2], 3, kernel, stride=stride, padding=padding, init="xavier"))
    net.add(Activation("tanh"))
    net.add(pool_cls(2, 1))
    net.add(Conv2D(3, 2, (2, 2), padding="same", init="xavier")).add(Activation("sigmoid"))
    oh = conv_output_size(shape[0], kernel[0], stride[0], padding)[0] - 1
    ow = conv_output_size(shape[1], kernel[1], stride[1], padding)[0] - 1
    net.add(Flatten()).add(Dense(oh * ow * 2, 3, init="xavier")).add(Activation("softmax"))
    return net.use("softmax_cross_entropy")


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("pool_cls", [MaxPool2D, AveragePool2D])
@pytest.mark.parametrize("kernel,stride,padding", CONV_CASES)
def test_cnn_parameter_gradients_match_finite_differences(kernel, stride, padding, pool_cls, mode):
    """dE/dW and dE/dB of two conv layers and a dense layer, through pooling
    and flatten: the bias gradient is colsum(dE/dY), with no factor of the
    input depth (the slip of the article's repository would fail here)."""
    X = images(6, (3, 7, 6, 2))
    Y = np.eye(3)[[0, 2, 1]]
    net = small_cnn(mode, kernel, stride, padding, pool_cls)
    for layer in net.param_layers:  # non-zero biases, so a wrong bias path shows
        layer.bias[...] = RRandom(8).rnorm(layer.bias.size).reshape(layer.bias.shape)
    dW, db = net.gradients(X, Y)
    numeric = finite_differences_of(lambda: net.compute_loss(X, Y), net.weights + net.biases)
    assert relative_error(dW + db, numeric) < 1e-6
    depth = net.param_layers[0].in_channels
    slipped = [g * depth if i == 0 else g for i, g in enumerate(db)]
    assert relative_error(dW + slipped, numeric) > 1e-3


def test_flatten_order_is_row_major_height_width_channels():
    x = np.arange(2 * 2 * 3 * 2, dtype=float).reshape(2, 2, 3, 2)
    out = Flatten().forward(x, ARITHMETICS["blas"])
    # Keras's Flatten on NHWC data: x[n, h, w, c] at column (h * W + w) * C + c
    assert out[1, (1 * 3 + 2) * 2 + 1] == x[1, 1, 2, 1]
    np.testing.assert_array_equal(out, x.reshape(2, 12))


@pytest.mark.parametrize(
    "size,k,stride,expected",
    [
        (7, 3, 1, (7, (1, 1))),
        (7, 2, 1, (7, (0, 1))),  # even kernel: the extra row at the bottom
        (7, 3, 2, (4, (1, 1))),
        (6, 3, 2, (3, (0, 1))),
        (6, 1, 2, (3, (0, 0))),
        (5, 4, 3, (2, (1, 1))),
        (5, 4, 2, (3, (1, 2))),  # odd total: the extra one after
    ],
)
def test_same_padding_follows_tensorflow(size, k, stride, expected):
    # TensorFlow: out = ceil(size / s), pad = max((out - 1) * s + k - size, 0), extra after
    assert conv_output_size(size, k, stride, "same") == expected


def test_max_pool_ties_go_to_the_first_maximum():
    x = np.ones((1, 2, 2, 1))
    layer = MaxPool2D(2)
    ar = ARITHMETICS["exact"]
    layer.forward(x, ar)
    dx = layer.backward(np.array([[[[5.0]]]]), ar)
    np.testing.assert_array_equal(dx[0, :, :, 0], [[5.0, 0.0], [0.0, 0.0]])


def test_average_pool_adds_the_window_in_row_major_order_then_divides():
    # 1e16, 1, -1e16, 1: from zero in row-major order gives (0 + 1) / 4 (the
    # 1 is lost in 1e16 + 1); any other order gives another number
    x = np.array([1e16, 1.0, -1e16, 1.0]).reshape(1, 2, 2, 1)
    out = AveragePool2D(2).forward(x, ARITHMETICS["exact"])
    assert out[0, 0, 0, 0] == ((((0.0 + 1e16) + 1.0) + -1e16) + 1.0) / 4.0


@pytest.mark.parametrize(
    "build,X,message",
    [
        (
            lambda n: n.add(Conv2D(1, 2, 3)),
            np.zeros((2, 5, 5, 3)),
            "layer 1 (conv2d) takes 1 channels but X gives 3",
        ),
        (
            lambda n: n.add(Conv2D(1, 2, 3)),
            np.zeros((2, 25)),
            "X must be an array of images (samples, height, width, channels), got 2 dimensions",
        ),
        (
            lambda n: n.add(MaxPool2D(3)).add(Flatten()).add(Dense(3, 1)),
            np.zeros((2, 2, 5, 1)),
            "layer 1 (max_pool2d) has a 3 x 3 window but X gives 2 x 5 images (padding valid)",
        ),
        (
            lambda n: n.add(Conv2D(1, 2, 3, padding="same")).add(Flatten()).add(Dense(10, 1)),
            np.zeros((2, 4, 4, 1)),
            "layer 3 (dense) takes 10 inputs but layer 2 gives 32",
        ),
    ],
)
def test_data_that_do_not_fit_the_layers_are_refused_with_the_layer_named(build, X, message):
    net = build(Network(seed=1))
    with pytest.raises(TwinnetError) as err:
        net.predict(X)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "layers,message",
    [
        (
            [Conv2D(1, 2, 3), Dense(4, 1)],
            "layer 2 (dense) takes rows of values but layer 1 (conv2d) gives images: "
            "add a flatten layer before it",
        ),
        (
            [Conv2D(1, 2, 3), Activation("relu"), Conv2D(3, 2, 3)],
            "layers do not chain: layer 3 takes 3 channels but layer 1 gives 2",
        ),
        (
            [Flatten(), Dense(4, 2), MaxPool2D(2)],
            "layer 3 (max_pool2d) takes images but layer 2 (dense) gives rows of values",
        ),
    ],
)
def test_layers_that_cannot_chain_are_refused_when_added(layers, message):
    net = Network(seed=1)
    with pytest.raises(TwinnetError) as err:
        for layer in layers:
            net.add(layer)
    assert str(err.value) == message


def test_cnn_learns_a_toy_image_task_in_both_modes():
    """Bright top half vs bright bottom half: a few epochs of Adam separate them."""
    rng = RRandom(3)
    n = 40
    X = rng.runif(n * 6 * 6).reshape(n, 6, 6, 1) * 0.2
    labels = np.arange(n) % 2
    X[labels == 0, :3] += 0.8
    X[labels == 1, 3:] += 0.8
    Y = np.eye(2)[labels]
    for mode in ("blas", "exact"):
        net = Network(seed=1, mode=mode)
        net.add(Conv2D(1, 4, 3, padding="same")).add(Activation("relu")).add(MaxPool2D(2))
        net.add(Flatten()).add(Dense(36, 2, init="xavier")).add(Activation("softmax"))
        net.use("softmax_cross_entropy")
        net.fit(X, Y, epochs=30, lr=0.01, batch_size=8, optimizer="adam")
        assert (net.predict(X).argmax(axis=1) == labels).mean() == 1.0
        assert net.loss_history[-1] < 0.1 * net.loss_history[0]


torch = pytest.importorskip("torch", reason="torch is an optional extra (make setup installs it)")


def torch_conv(x, kernel_hwio, bias, stride, padding):
    """PyTorch's conv2d on NHWC data with TensorFlow's 'same' padding made explicit."""
    kh, kw = kernel_hwio.shape[:2]
    (_, (t, b)), (_, (l, r)) = (
        conv_output_size(x.shape[1], kh, stride[0], padding),
        conv_output_size(x.shape[2], kw, stride[1], padding),
    )
    xt = torch.nn.functional.pad(x.permute(0, 3, 1, 2), (l, r, t, b))
    w = kernel_hwio.permute(3, 2, 0, 1)
    return torch.nn.functional.conv2d(xt, w, bias, stride=stride).permute(0, 2, 3, 1)


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("kernel,stride,padding", CONV_CASES)
def test_conv2d_matches_pytorch_float64_with_gradients(kernel, stride, padding, mode):
    ar = ARITHMETICS[mode]
    x = images(1, (2, 7, 6, 3))
    layer = Conv2D(3, 4, kernel, stride=stride, padding=padding)
    layer.initialise(RRandom(2))
    layer.bias = RRandom(3).rnorm(4).reshape(1, 4)
    y = layer.forward(x, ar)
    g = images(12, y.shape)
    dx = layer.backward(g, ar)
    xt = torch.tensor(x, requires_grad=True)
    kt = torch.tensor(layer.kernel.copy(), requires_grad=True)
    bt = torch.tensor(layer.bias[0].copy(), requires_grad=True)
    yt = torch_conv(xt, kt, bt, stride, padding)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=1e-13)
    dk = layer.grad_weights.reshape(layer.kernel.shape)
    np.testing.assert_allclose(dk, kt.grad.numpy(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(layer.grad_bias[0], bt.grad.numpy(), rtol=0, atol=1e-13)


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("pool,stride", POOL_CASES)
@pytest.mark.parametrize("cls", [MaxPool2D, AveragePool2D])
def test_pools_match_pytorch_float64_with_gradients(cls, pool, stride, mode):
    ar = ARITHMETICS[mode]
    x = images(4, (2, 7, 6, 3))
    layer = cls(pool, stride)
    y = layer.forward(x, ar)
    g = images(13, y.shape)
    dx = layer.backward(g, ar)
    xt = torch.tensor(x, requires_grad=True)
    fn = torch.nn.functional.max_pool2d if cls is MaxPool2D else torch.nn.functional.avg_pool2d
    yt = fn(xt.permute(0, 3, 1, 2), pool, stride=layer.stride).permute(0, 2, 3, 1)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=1e-14)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=1e-14)
