"""Pictures in Python and R: the data behind them is the same, number for
number. Each language trains its own network from the same seed in exact
mode, on data it generates itself; then the decision-boundary grid, the
network's outputs on it, the classes, the network diagram's line widths, the
loss curve and the image titles are compared with array equality (no
tolerance), and bad input gets the same message on both sides."""

import numpy as np
import pytest

from parity import from_r, python_error, r, r_error

pytest.importorskip("matplotlib")

from twinnet import MLP, Activation, Dense, Network  # noqa: E402
from twinnet.datasets import make_blobs, make_moons, one_hot  # noqa: E402
from twinnet.idx import FASHION_MNIST_CLASSES  # noqa: E402
from twinnet.plot import (  # noqa: E402
    plot_decision_boundary,
    plot_images,
    plot_loss,
    plot_network,
)
from twinnet.scale import apply_scaler, fit_scaler  # noqa: E402


def r_list(value):
    return [from_r(v) for v in value]


# The article's second dataset: moons, normalised, a 2-10-1 sigmoid network.
PY_MOONS = """
X, y = make_moons(200, noise=0.2, seed=42)
X = apply_scaler(fit_scaler(X), X)
model = MLP([2, 10, 1], lr=0.1, seed=42, mode="exact").fit(X, y, 300)
"""
R_MOONS = """
d <- make_moons(200, noise = 0.2, seed = 42)
X <- apply_scaler(fit_scaler(d$X), d$X)
y <- d$y
model <- fit(mlp(c(2, 10, 1), lr = 0.1, seed = 42, mode = "exact"), X, y, epochs = 300)
"""

# Its blobs exercise: three classes, a softmax output.
PY_BLOBS = """
X, y = make_blobs(150, centers=3, sd=4, seed=7)
X = apply_scaler(fit_scaler(X), X)
model = Network(seed=42, mode="exact")
model.add(Dense(2, 8)).add(Activation("sigmoid")).add(Dense(8, 3)).add(Activation("softmax"))
model.use("softmax_cross_entropy").fit(X, one_hot(y, 3), 200, lr=1)
"""
R_BLOBS = """
d <- make_blobs(150, centers = 3, sd = 4, seed = 7)
X <- apply_scaler(fit_scaler(d$X), d$X)
y <- d$y
model <- network(seed = 42, mode = "exact")
model <- add(model, dense(2, 8))
model <- add(model, activation("sigmoid"))
model <- add(model, dense(8, 3))
model <- add(model, activation("softmax"))
model <- fit(use(model, "softmax_cross_entropy"), X, one_hot(y, 3), epochs = 200, lr = 1)
"""

CASES = {"moons": (PY_MOONS, R_MOONS), "blobs": (PY_BLOBS, R_BLOBS)}


def python_case(name):
    scope = {
        "MLP": MLP,
        "Network": Network,
        "Dense": Dense,
        "Activation": Activation,
        "make_moons": make_moons,
        "make_blobs": make_blobs,
        "one_hot": one_hot,
        "fit_scaler": fit_scaler,
        "apply_scaler": apply_scaler,
    }
    exec(CASES[name][0], scope)
    return scope["model"], scope["X"], scope["y"]


@pytest.fixture(scope="module", params=sorted(CASES))
def pictures(request, tmp_path_factory):
    """Each language's returned data for the case's three pictures."""
    name = request.param
    folder = tmp_path_factory.mktemp(f"plot-{name}")
    model, X, y = python_case(name)
    py = {
        "boundary": plot_decision_boundary(model, X, y, folder / "py_boundary.png"),
        "network": plot_network(model, folder / "py_network.png"),
        "loss": plot_loss(model, folder / "py_loss.png", log=True),
    }
    out = r(f"""local({{
        {CASES[name][1]}
        list(boundary = plot_decision_boundary(model, X, y, "{folder.as_posix()}/r_boundary.png"),
             network = plot_network(model, "{folder.as_posix()}/r_network.png"),
             loss = plot_loss(model, "{folder.as_posix()}/r_loss.png", log = TRUE))
    }})""")
    b, n, loss = out.rx2("boundary"), out.rx2("network"), out.rx2("loss")
    rr = {
        "boundary": {
            k: from_r(b.rx2(k)) for k in ("x1", "x2", "output", "classes", "predicted", "accuracy")
        },
        "network": {
            "sizes": from_r(n.rx2("sizes")),
            "shown": r_list(n.rx2("shown")),
            "widths": r_list(n.rx2("widths")),
            "bias_widths": r_list(n.rx2("bias_widths")),
            "max_abs": from_r(n.rx2("max_abs")),
        },
        "loss": {k: from_r(loss.rx2(k)) for k in ("epoch", "loss")},
    }
    return py, rr


def test_exact_mode_decision_boundary_grid_identical(pictures):
    py, rr = pictures
    for key in ("x1", "x2"):
        assert py["boundary"][key].shape == rr["boundary"][key].shape == (200,)
        np.testing.assert_array_equal(py["boundary"][key], rr["boundary"][key])


def test_exact_mode_decision_boundary_predictions_identical(pictures):
    py, rr = pictures
    assert py["boundary"]["output"].shape == rr["boundary"]["output"].shape
    np.testing.assert_array_equal(py["boundary"]["output"], rr["boundary"]["output"])
    np.testing.assert_array_equal(py["boundary"]["classes"], rr["boundary"]["classes"])
    np.testing.assert_array_equal(py["boundary"]["predicted"], rr["boundary"]["predicted"])
    assert py["boundary"]["accuracy"] == rr["boundary"]["accuracy"][0]


def test_exact_mode_network_line_widths_identical(pictures):
    py, rr = pictures
    assert py["network"]["sizes"] == list(rr["network"]["sizes"])
    assert py["network"]["max_abs"] == rr["network"]["max_abs"][0]
    for p, q in zip(py["network"]["shown"], rr["network"]["shown"]):
        np.testing.assert_array_equal(p + 1, q)  # R counts units from 1
    for key in ("widths", "bias_widths"):
        assert len(py["network"][key]) == len(rr["network"][key])
        for p, q in zip(py["network"][key], rr["network"][key]):
            assert p.shape == q.shape
            np.testing.assert_array_equal(p, q)


def test_exact_mode_loss_curve_identical(pictures):
    py, rr = pictures
    np.testing.assert_array_equal(py["loss"]["epoch"], rr["loss"]["epoch"])
    np.testing.assert_array_equal(py["loss"]["loss"], rr["loss"]["loss"])


def test_exact_mode_validation_curve_and_restored_epoch_identical(tmp_path):
    """Three epochs without a validation set, then early stopping on a split
    (issue 12): the same training and validation losses (NaN for the first
    three epochs), restored epoch, legend and note in both languages."""
    X, y = make_moons(60, noise=0.3, seed=2)
    model = MLP([2, 4, 1], lr=0.5, seed=2, mode="exact").fit(X, y, 3)
    model.fit(X, y, 40, validation_fraction=0.3, tol=1e-3, early_stopping=True, n_iter_no_change=3)
    py = plot_loss(model, tmp_path / "py.png", log=True)
    out = r(f"""local({{
        d <- make_moons(60, noise = 0.3, seed = 2)
        model <- fit(mlp(c(2, 4, 1), lr = 0.5, seed = 2, mode = "exact"), d$X, d$y, 3)
        model <- fit(model, d$X, d$y, 40, validation_fraction = 0.3, tol = 1e-3,
                     early_stopping = TRUE, n_iter_no_change = 3)
        list(loss = plot_loss(model, "{(tmp_path / "r.png").as_posix()}", log = TRUE))
    }})""").rx2("loss")
    for key in ("epoch", "loss", "validation"):
        np.testing.assert_array_equal(py[key], from_r(out.rx2(key)))
    assert np.isnan(py["validation"][:3]).all() and model.stop_reason == "early_stopping"
    assert py["best_epoch"] == from_r(out.rx2("best_epoch"))[0]
    assert py["legend"] == list(out.rx2("legend"))
    assert py["note"] == out.rx2("note")[0]


def test_sampled_network_diagram_identical(tmp_path):
    """A 784-32-10 network: the same units drawn (the first 4 and the last 2 of
    the wide layers), the same widths."""
    net = Network(seed=5, mode="exact")
    net.add(Dense(784, 32, init="xavier")).add(Activation("sigmoid"))
    net.add(Dense(32, 10, init="xavier")).add(Activation("softmax"))
    py = plot_network(net, tmp_path / "py.png")
    out = r(f"""local({{
        net <- network(seed = 5, mode = "exact")
        net <- add(net, dense(784, 32, init = "xavier"))
        net <- add(net, activation("sigmoid"))
        net <- add(net, dense(32, 10, init = "xavier"))
        net <- add(net, activation("softmax"))
        (plot_network(net, "{tmp_path.as_posix()}/r.png"))
    }})""")
    for p, q in zip(py["shown"], r_list(out.rx2("shown"))):
        np.testing.assert_array_equal(p + 1, q)
    assert py["elided"] == [True, True, False]
    np.testing.assert_array_equal(py["elided"], from_r(out.rx2("elided")))
    for key in ("widths", "bias_widths"):
        for p, q in zip(py[key], r_list(out.rx2(key))):
            np.testing.assert_array_equal(p, q)


def test_image_titles_identical(tmp_path):
    labels = np.array([0, 1, 2, 3, 9, 5, 6, 7])
    predicted = np.array([0, 1, 4, 3, 7, 5, 6, 7])
    X = np.zeros((8, 4))
    py = plot_images(
        X,
        labels,
        tmp_path / "py.png",
        predicted=predicted,
        shape=(2, 2),
        class_names=FASHION_MNIST_CLASSES,
    )
    out = r(f"""(plot_images(matrix(0, 8, 4), c(0, 1, 2, 3, 9, 5, 6, 7),
                             "{tmp_path.as_posix()}/r.png", predicted = c(0, 1, 4, 3, 7, 5, 6, 7),
                             shape = c(2, 2), class_names = fashion_mnist_classes))""")
    assert py["titles"] == list(out.rx2("titles"))
    np.testing.assert_array_equal(py["wrong"], from_r(out.rx2("wrong")))
    assert list(FASHION_MNIST_CLASSES) == list(r("fashion_mnist_classes"))


XOR = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
R_XOR = "matrix(c(0, 0, 0, 1, 1, 0, 1, 1), 4, 2, byrow = TRUE)"

ERRORS = {
    "three columns": (
        lambda p: plot_decision_boundary(MLP([2, 2, 1]), np.ones((4, 3)), [0, 1, 1, 0], p),
        "plot_decision_boundary(mlp(c(2, 2, 1)), matrix(1, 4, 3), c(0, 1, 1, 0), '{p}')",
    ),
    "three inputs": (
        lambda p: plot_decision_boundary(MLP([3, 2, 1]), XOR, [0, 1, 1, 0], p),
        f"plot_decision_boundary(mlp(c(3, 2, 1)), {R_XOR}, c(0, 1, 1, 0), '{{p}}')",
    ),
    "labels": (
        lambda p: plot_decision_boundary(MLP([2, 2, 1]), XOR, [0, 1, 0.25, 0], p),
        f"plot_decision_boundary(mlp(c(2, 2, 1)), {R_XOR}, c(0, 1, 0.25, 0), '{{p}}')",
    ),
    "grid": (
        lambda p: plot_decision_boundary(MLP([2, 2, 1]), XOR, [0, 1, 1, 0], p, grid=1),
        f"plot_decision_boundary(mlp(c(2, 2, 1)), {R_XOR}, c(0, 1, 1, 0), '{{p}}', grid = 1)",
    ),
    "not a png": (
        lambda p: plot_loss([1.0], p[:-4] + ".pdf"),
        "plot_loss(1, sub('[.]png$', '.pdf', '{p}'))",
    ),
    "no folder": (
        lambda p: plot_loss([1.0], p[:-4] + "/x.png"),
        "plot_loss(1, sub('[.]png$', '/x.png', '{p}'))",
    ),
    "log of zero": (
        lambda p: plot_loss([2.0, 0.0], p, log=True),
        "plot_loss(c(2, 0), '{p}', log = TRUE)",
    ),
    "empty history": (lambda p: plot_loss(MLP([2, 1]), p), "plot_loss(mlp(c(2, 1)), '{p}')"),
    "validation length": (
        lambda p: plot_loss([1.0, 2.0], p, validation=[1.0]),
        "plot_loss(c(1, 2), '{p}', validation = 1)",
    ),
    "validation strings": (
        lambda p: plot_loss([1.0], p, validation=["a"]),
        "plot_loss(1, '{p}', validation = 'a')",
    ),
    "log of a zero validation loss": (
        lambda p: plot_loss([1.0, 2.0], p, validation=[np.nan, 0.0], log=True),
        "plot_loss(c(1, 2), '{p}', validation = c(NaN, 0), log = TRUE)",
    ),
    "image shape": (
        lambda p: plot_images(np.zeros((2, 5)), [0, 1], p),
        "plot_images(matrix(0, 2, 5), c(0, 1), '{p}')",
    ),
    "class names": (
        lambda p: plot_images(np.zeros((2, 4)), [0, 3], p, shape=(2, 2), class_names=["a"]),
        "plot_images(matrix(0, 2, 4), c(0, 3), '{p}', shape = c(2, 2), class_names = 'a')",
    ),
    "not a model": (lambda p: plot_network("model", p), "plot_network('model', '{p}')"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_input_same_message(case, tmp_path):
    action, code = ERRORS[case]
    path = (tmp_path / "p.png").as_posix()
    message = python_error(lambda: action(path))
    assert message == r_error(code.format(p=path))


def test_confusion_matrix_with_class_names_identical():
    """Issue 10: the evaluation text names the classes, the same in both languages."""
    from twinnet.metrics import evaluate, format_evaluation

    X, y = make_blobs(60, centers=3, sd=4, seed=7)
    model = Network(seed=42, mode="exact")
    model.add(Dense(2, 3)).add(Activation("softmax")).use("softmax_cross_entropy")
    model.fit(X, one_hot(y, 3), 20, lr=0.1)
    names = ["T-shirt/top", "Trouser", "Pullover"]
    py = format_evaluation(evaluate(model, X, one_hot(y, 3), class_names=names))
    rr = from_r(
        r("""local({
        d <- make_blobs(60, centers = 3, sd = 4, seed = 7)
        model <- network(seed = 42, mode = "exact")
        model <- add(model, dense(2, 3))
        model <- add(model, activation("softmax"))
        model <- fit(use(model, "softmax_cross_entropy"), d$X, one_hot(d$y, 3),
                     epochs = 20, lr = 0.1)
        format_evaluation(evaluate(model, d$X, one_hot(d$y, 3),
                                  class_names = c("T-shirt/top", "Trouser", "Pullover")))
    })""")
    )
    assert "\n1 Trouser " in py
    assert py == str(rr[0] if not isinstance(rr, str) else rr)
