"""Convolutional networks in both languages, exact mode: small CNNs (conv ->
relu -> pool -> flatten -> dense -> softmax) over paddings, strides, kernels,
pools and batch sizes, trained a few epochs from the same seed, give
identical weights, biases, outputs and loss histories; model files cross
between the languages; bad images get the same messages."""

import itertools
import json

import numpy as np
import pytest

from parity import from_r, python_error, r, r_error, r_matrices, to_r
from twinnet import (
    Activation,
    AveragePool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    Network,
    RRandom,
    load_model,
    save_model,
)
from twinnet.conv import conv_output_size

r(
    """
twinnet_conv_parity <- local({
  function(X, Y, channels, kernel, stride, padding, pool, batch_size, shuffle,
           optimizer, epochs) {
    d <- dim(X)
    oh <- twinnet:::conv_output_size(d[2], kernel[1], stride[1], padding)$out %/% 2L
    ow <- twinnet:::conv_output_size(d[3], kernel[2], stride[2], padding)$out %/% 2L
    net <- twinnet::network(seed = 11, mode = "exact")
    net <- twinnet::add(net, twinnet::conv2d(d[4], channels, kernel, stride = stride,
                                             padding = padding))
    net <- twinnet::add(net, twinnet::activation("relu"))
    pooling <- if (pool == "max") twinnet::max_pool2d else twinnet::average_pool2d
    net <- twinnet::add(net, pooling(2))
    net <- twinnet::add(net, twinnet::flatten())
    net <- twinnet::add(net, twinnet::dense(oh * ow * channels, ncol(Y), init = "xavier"))
    net <- twinnet::add(net, twinnet::activation("softmax"))
    net <- twinnet::use(net, "softmax_cross_entropy")
    net <- twinnet::fit(net, X, Y, epochs = epochs, lr = 0.05, batch_size = batch_size,
                        shuffle = shuffle, optimizer = optimizer)
    list(weights = net$weights, biases = net$biases, loss = net$loss_history,
         out = predict(net, X), net = net)
  }
})
"""
)

rng = RRandom(2027)
N = 10
X = rng.rnorm(N * 9 * 8 * 2).reshape(N, 9, 8, 2)
Y = np.eye(3)[(rng.runif(N) * 3).astype(int)]
R_X, R_Y = to_r(X), to_r(Y)

# (kernel, stride, padding)
CONVS = [
    ((3, 3), (1, 1), "valid"),
    ((3, 3), (1, 1), "same"),
    ((2, 2), (2, 2), "same"),
    ((3, 2), (2, 1), "valid"),
    ((4, 3), (1, 2), "same"),
]
# (batch_size, shuffle, optimizer)
TRAINING = [(None, False, "sgd"), (1, False, "sgd"), (4, True, "adam")]
CASES = list(itertools.product(CONVS, ["max", "average"], TRAINING))


def python_cnn(kernel, stride, padding, pool, channels=3):
    oh = conv_output_size(X.shape[1], kernel[0], stride[0], padding)[0] // 2
    ow = conv_output_size(X.shape[2], kernel[1], stride[1], padding)[0] // 2
    net = Network(seed=11, mode="exact")
    net.add(Conv2D(X.shape[3], channels, kernel, stride=stride, padding=padding))
    net.add(Activation("relu")).add(MaxPool2D(2) if pool == "max" else AveragePool2D(2))
    net.add(Flatten()).add(Dense(oh * ow * channels, 3, init="xavier"))
    return net.add(Activation("softmax")).use("softmax_cross_entropy")


def r_train(kernel, stride, padding, pool, training, epochs=3):
    batch, shuffle, optimizer = training
    return r["twinnet_conv_parity"](
        R_X, R_Y, 3, to_r(np.array(kernel, dtype=float)), to_r(np.array(stride, dtype=float)),
        padding, pool, r("NULL") if batch is None else batch, shuffle, optimizer, epochs,
    )  # fmt: skip


@pytest.mark.parametrize(
    "conv,pool,training", CASES, ids=[f"{c[2]}-k{c[0]}-s{c[1]}-{p}-{t}" for c, p, t in CASES]
)
def test_exact_mode_cnn_training_is_identical_in_python_and_r(conv, pool, training):
    kernel, stride, padding = conv
    batch, shuffle, optimizer = training
    net = python_cnn(kernel, stride, padding, pool)
    net.fit(X, Y, epochs=3, lr=0.05, batch_size=batch, shuffle=shuffle, optimizer=optimizer)
    got = r_train(kernel, stride, padding, pool, training)
    np.testing.assert_array_equal(np.array(got.rx2("loss")), net.loss_history)
    for mine, theirs in zip(net.weights, r_matrices(got.rx2("weights"))):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(net.biases, r_matrices(got.rx2("biases"))):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(net.predict(X), from_r(got.rx2("out")))
    assert len(set(net.loss_history)) == 3  # it trained


def test_images_cross_to_r_with_the_same_element_at_the_same_index():
    back = from_r(R_X)
    assert back.shape == X.shape
    np.testing.assert_array_equal(back, X)
    assert r("function(x) x[3, 5, 2, 1]")(R_X)[0] == X[2, 4, 1, 0]


@pytest.mark.parametrize(
    "python_action,r_code",
    [
        (
            lambda: python_cnn((3, 3), (1, 1), "valid", "max").predict(X[..., :1]),
            "predict(twinnet_conv_parity_net, twinnet_conv_parity_x[, , , 1, drop = FALSE])",
        ),
        (
            lambda: python_cnn((3, 3), (1, 1), "valid", "max").predict(X.reshape(N, -1)),
            "predict(twinnet_conv_parity_net, matrix(twinnet_conv_parity_x, 10))",
        ),
        (
            lambda: python_cnn((3, 3), (1, 1), "valid", "max").predict(X[:, :6, :6, :]),
            "predict(twinnet_conv_parity_net, twinnet_conv_parity_x[, 1:6, 1:6, , drop = FALSE])",
        ),
        (
            lambda: python_cnn((3, 3), (1, 1), "valid", "max").fit(X, Y[:, :2], epochs=1),
            "fit(twinnet_conv_parity_net, twinnet_conv_parity_x, twinnet_conv_parity_y[, 1:2],"
            " epochs = 1)",
        ),
        (
            lambda: Network().add(Conv2D(2, 3, 3)).add(Dense(4, 2)),
            "add(add(network(), conv2d(2, 3, 3)), dense(4, 2))",
        ),
        (lambda: Conv2D(2, 3, (3, 3, 3)), "conv2d(2, 3, c(3, 3, 3))"),
        (lambda: Conv2D(2, 3, 3, padding="full"), "conv2d(2, 3, 3, padding = 'full')"),
        (lambda: MaxPool2D(0), "max_pool2d(0)"),
    ],
)
def test_bad_images_and_layers_get_the_same_message_in_both_languages(python_action, r_code):
    r.assign("twinnet_conv_parity_x", R_X)
    r.assign("twinnet_conv_parity_y", R_Y)
    r.assign(
        "twinnet_conv_parity_net",
        r_train((3, 3), (1, 1), "valid", "max", (None, False, "sgd"), 1).rx2("net"),
    )
    try:
        assert python_error(python_action) == r_error(r_code)
    finally:
        r("rm(twinnet_conv_parity_x, twinnet_conv_parity_y, twinnet_conv_parity_net)")


def test_model_files_cross_between_the_languages_and_predict_the_same_bits(tmp_path):
    net = python_cnn((3, 3), (2, 2), "same", "max")
    net.fit(X, Y, epochs=2, lr=0.05, batch_size=4)
    py_file, r_file = tmp_path / "py.json", tmp_path / "r.json"
    save_model(net, py_file)
    r_out = r(
        "function(path, x, out) { m <- twinnet::load_model(path); twinnet::save_model(m, out);"
        " predict(m, x) }"
    )(str(py_file), R_X, str(r_file))
    np.testing.assert_array_equal(from_r(r_out), net.predict(X))
    back = load_model(r_file)
    np.testing.assert_array_equal(back.predict(X), net.predict(X))
    assert json.loads(r_file.read_text()) == json.loads(py_file.read_text())
