"""Pictures: each function writes a PNG of the requested size and returns the
data it drew; the decision-boundary grid follows its written formula; bad
input fails with the R twin's words. Twin: R/tests/testthat/test-plot.R."""

import struct

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from twinnet import MLP, Activation, Dense, Network, TwinnetError  # noqa: E402
from twinnet.datasets import make_blobs, make_moons, one_hot  # noqa: E402
from twinnet.idx import FASHION_MNIST_CLASSES  # noqa: E402
from twinnet.plot import (  # noqa: E402
    plot_decision_boundary,
    plot_images,
    plot_loss,
    plot_network,
)
from twinnet.plot_data import CLASS_COLOURS  # noqa: E402
from twinnet.scale import apply_scaler, fit_scaler  # noqa: E402


def png_size(path):
    """Width and height from a PNG's IHDR chunk (after checking the signature)."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(100, noise=0.2, seed=1)
    X = apply_scaler(fit_scaler(X), X)
    model = MLP([2, 5, 1], lr=0.1, seed=1).fit(X, y, 200)
    return model, X, y


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(90, centers=3, seed=3)
    X = apply_scaler(fit_scaler(X), X)
    net = Network(seed=3)
    net.add(Dense(2, 4)).add(Activation("sigmoid")).add(Dense(4, 3)).add(Activation("softmax"))
    net.use("softmax_cross_entropy").fit(X, one_hot(y, 3), 100, lr=0.5)
    return net, X, y


# ------------------------------------------------------------------ plot_loss


def test_plot_loss_writes_an_800_by_600_png_and_returns_the_history(tmp_path, toy):
    X, Y = toy
    model = MLP([4, 3, 1], seed=42).fit(X, Y, 50)
    out = plot_loss(model, tmp_path / "loss.png")
    assert png_size(tmp_path / "loss.png") == (800, 600)
    np.testing.assert_array_equal(out["loss"], model.loss_history)
    np.testing.assert_array_equal(out["epoch"], np.arange(1, 51))


def test_plot_loss_takes_a_plain_history_a_log_scale_and_a_size(tmp_path):
    out = plot_loss(
        [3.0, 2.0, 1.0],
        tmp_path / "l.png",
        log=True,
        width=400,
        height=300,
        title="Loss per iteration",
    )
    assert png_size(tmp_path / "l.png") == (400, 300)
    np.testing.assert_array_equal(out["loss"], [3.0, 2.0, 1.0])


@pytest.mark.parametrize(
    "history, kwargs, message",
    [
        ([], {}, "the loss history is empty; train the model first"),
        (None, {}, "model_or_history must be a model or a vector of losses"),
        (np.ones((3, 2)), {}, "model_or_history must be a model or a vector of losses"),
        (["a", "b"], {}, "loss history must be numeric, got non-numeric values"),
        ([1.0, np.nan], {}, "loss history has a missing, NaN or infinite value at row 2, column 1"),
        ([1.0, 0.0], {"log": True}, "a log scale needs positive losses; epoch 2 has 0"),
        ([1.0], {"log": "yes"}, "log must be true or false, got 'yes'"),
        ([1.0], {"width": 0}, "width must be a positive integer, got 0"),
        ([1.0, 2.0], {"validation": [1.0]}, "validation must have one loss per epoch (2), got 1"),
        ([1.0], {"validation": ["a"]}, "validation must be a vector of losses"),
        ([1.0], {"validation": np.ones((1, 1))}, "validation must be a vector of losses"),
        (
            [1.0, 2.0],
            {"validation": [np.nan, 0.0], "log": True},
            "a log scale needs positive losses; the validation loss of epoch 2 is 0",
        ),
    ],
)
def test_plot_loss_bad_input_is_named(tmp_path, history, kwargs, message):
    with pytest.raises(TwinnetError) as err:
        plot_loss(history, tmp_path / "l.png", **kwargs)
    assert str(err.value) == message


def test_plot_loss_draws_the_validation_loss_and_the_restored_epoch(tmp_path):
    """A model trained with a validation set: its validation losses are drawn
    beside the training losses (NaN for the epochs trained without one), with
    a legend; early stopping's restored epoch is named. The R twin draws the
    same (parity_tests/test_plot_parity.py)."""
    X, y = make_moons(60, noise=0.3, seed=2)
    model = MLP([2, 4, 1], lr=0.5, seed=2).fit(X, y, 3)
    model.fit(X, y, 40, validation_fraction=0.3, tol=1e-3, early_stopping=True, n_iter_no_change=3)
    out = plot_loss(model, tmp_path / "v.png", log=True)
    n = len(model.loss_history)
    assert png_size(tmp_path / "v.png") == (800, 600)
    assert out["validation"].shape == (n,) and np.isnan(out["validation"][:3]).all()
    np.testing.assert_array_equal(out["validation"][3:], model.validation_loss_history[3:])
    assert model.stop_reason == "early_stopping" and out["best_epoch"] == model.best_epoch
    assert out["legend"] == [
        "training",
        "validation",
        f"best epoch {model.best_epoch} (weights restored)",
    ]
    last = model.validation_loss_history[-1]
    assert out["note"] == "final loss %.4g (validation %.4g) after %d epochs" % (
        model.loss_history[-1],
        last,
        n,
    )


def test_plot_loss_without_a_validation_set_has_no_legend(tmp_path, toy):
    X, Y = toy
    out = plot_loss(MLP([4, 3, 1], seed=42).fit(X, Y, 5), tmp_path / "l.png")
    assert out["validation"] is None and out["best_epoch"] is None and out["legend"] == []
    assert out["note"].startswith("final loss ") and out["note"].endswith(" after 5 epochs")
    # losses given as a vector, with validation losses: a legend, no restored epoch
    out = plot_loss([3.0, 2.0], tmp_path / "l.png", validation=[4.0, np.inf])
    assert out["legend"] == ["training", "validation"]
    assert out["note"] == "final loss 2 after 2 epochs"  # the last validation loss is not finite


def test_pictures_need_a_png_path_in_an_existing_folder(tmp_path):
    with pytest.raises(TwinnetError) as err:
        plot_loss([1.0], tmp_path / "loss.jpg")
    assert str(err.value) == f"path must be a file name ending in .png, got '{tmp_path}/loss.jpg'"
    missing = tmp_path / "nowhere"
    with pytest.raises(TwinnetError) as err:
        plot_loss([1.0], missing / "loss.png")
    assert str(err.value) == f"could not write {missing}/loss.png: folder {missing} does not exist"


# ------------------------------------------------------------------ plot_decision_boundary


def test_decision_boundary_grid_follows_its_formula(tmp_path, moons):
    model, X, y = moons
    out = plot_decision_boundary(model, X, y, tmp_path / "b.png", grid=50)
    assert png_size(tmp_path / "b.png") == (800, 600)
    for j, line in enumerate([out["x1"], out["x2"]]):
        lo, hi = X[:, j].min(), X[:, j].max()
        a, b = lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)
        expected = [a + (b - a) * (i / 49) for i in range(50)]
        np.testing.assert_array_equal(line, expected)
        assert line[0] == a


def test_decision_boundary_outputs_are_the_models_predictions(tmp_path, moons):
    model, X, y = moons
    out = plot_decision_boundary(model, X, y, tmp_path / "b.png", grid=30)
    assert out["output"].shape == (900, 1) and out["classes"].shape == (30, 30)
    j, i = 7, 12  # row j * grid + i is the point (x1[i], x2[j])
    point = np.array([[out["x1"][i], out["x2"][j]]])
    assert out["output"][j * 30 + i, 0] == model.predict(point)[0, 0]
    np.testing.assert_array_equal(
        out["classes"], (out["output"][:, 0] > 0.5).reshape(30, 30).astype(int)
    )
    predicted = (model.predict(X)[:, 0] > 0.5).astype(int)
    np.testing.assert_array_equal(out["predicted"], predicted)
    assert out["accuracy"] == np.mean(predicted == y)


def test_decision_boundary_of_a_softmax_network_takes_the_largest_output(tmp_path, blobs):
    net, X, y = blobs
    out = plot_decision_boundary(
        net, X, one_hot(y, 3), tmp_path / "b.png", grid=20, class_names=["a", "b", "c"]
    )
    assert out["output"].shape == (400, 3)
    np.testing.assert_array_equal(out["classes"].ravel(), np.argmax(out["output"], axis=1))
    assert set(np.unique(out["classes"])) <= {0, 1, 2}


def test_decision_boundary_of_a_constant_column_spans_one(tmp_path, moons):
    model, X, y = moons
    Xc = X.copy()
    Xc[:, 1] = 2.0
    out = plot_decision_boundary(model, Xc, y, tmp_path / "b.png", grid=11, margin=0)
    assert out["x2"][0] == 1.5 and out["x2"][-1] == 2.5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"X": np.ones((4, 3))}, "X must have 2 columns (one per axis of the picture), got 3"),
        (
            {"model": MLP([3, 2, 1])},
            "the model must have 2 inputs to draw its decision boundary, got 3",
        ),
        ({"y": [0, 1, 1]}, "y has 3 rows but X has 4"),
        (
            {"y": [0, 1, 0.5, 1]},
            "y must hold class labels 0, 1, 2, ... (whole numbers >= 0), got 0.5",
        ),
        (
            {"y": [0, 1, -1, 1]},
            "y must hold class labels 0, 1, 2, ... (whole numbers >= 0), got -1",
        ),
        ({"grid": 1}, "grid must be an integer >= 2, got 1"),
        ({"grid": 2.5}, "grid must be an integer >= 2, got 2.5"),
        ({"margin": -1}, "margin must be a non-negative number, got -1"),
        ({"model": "net"}, "model must be a twinnet MLP or Network"),
        ({"class_names": ["one"]}, "class_names has 1 names but there are 2 classes"),
        ({"axis_labels": ["x"]}, "axis_labels must be 2 strings"),
        ({"title": 3}, "title must be a string, got 3"),
    ],
)
def test_decision_boundary_bad_input_is_named(tmp_path, change, message):
    args = {
        "model": MLP([2, 2, 1]),
        "X": np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]]),
        "y": [0, 1, 1, 0],
        "path": tmp_path / "b.png",
    }
    args.update(change)
    with pytest.raises(TwinnetError) as err:
        plot_decision_boundary(**args)
    assert str(err.value) == message


# ------------------------------------------------------------------ plot_images


def test_plot_images_titles_true_and_predicted_labels(tmp_path):
    X = np.arange(6 * 12, dtype=float).reshape(6, 12) / 71
    out = plot_images(
        X,
        [0, 1, 2, 3, 4, 5],
        tmp_path / "i.png",
        predicted=[0, 1, 9, 3, 4, 0],
        shape=(3, 4),
        n=4,
        class_names=FASHION_MNIST_CLASSES,
    )
    assert png_size(tmp_path / "i.png") == (800, 900)
    np.testing.assert_array_equal(out["rows"], [0, 1, 2, 3])
    np.testing.assert_array_equal(out["wrong"], [False, False, True, False])
    assert out["titles"] == [
        "T-shirt/top\npredicted: T-shirt/top",
        "Trouser\npredicted: Trouser",
        "Pullover\npredicted: Ankle boot",
        "Dress\npredicted: Dress",
    ]


def test_plot_images_takes_one_hot_labels_and_network_outputs(tmp_path):
    X = np.zeros((3, 4))
    outputs = np.array([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]])  # a tie: the first column
    out = plot_images(
        X,
        one_hot([1, 0, 1], 2),
        tmp_path / "i.png",
        predicted=outputs,
        shape=(2, 2),
        width=300,
        height=300,
    )
    assert png_size(tmp_path / "i.png") == (300, 300)
    np.testing.assert_array_equal(out["predicted"], [1, 0, 0])
    assert out["titles"] == ["1\npredicted: 1", "0\npredicted: 0", "1\npredicted: 0"]


def test_plot_images_without_predictions(tmp_path):
    out = plot_images(np.zeros((30, 4)), np.zeros(30), tmp_path / "i.png", shape=(2, 2))
    assert out["predicted"] is None and out["wrong"] is None
    assert len(out["titles"]) == 25 and out["titles"][0] == "0"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"shape": (3, 3)}, "X has 4 columns but images of shape 3 x 3 need 9"),
        ({"shape": (2, 2.5)}, "shape must be two positive integers (rows, columns)"),
        ({"labels": [0, 1]}, "labels has 2 rows but X has 3"),
        ({"predicted": [0, 1, 2, 3]}, "predicted has 4 rows but X has 3"),
        ({"class_names": ["a", "b"]}, "class_names has 2 names but the labels go up to 2"),
        ({"n": 0}, "n must be a positive integer, got 0"),
    ],
)
def test_plot_images_bad_input_is_named(tmp_path, change, message):
    args = {"X": np.zeros((3, 4)), "labels": [0, 1, 2], "path": tmp_path / "i.png", "shape": (2, 2)}
    args.update(change)
    with pytest.raises(TwinnetError) as err:
        plot_images(**args)
    assert str(err.value) == message


# ------------------------------------------------------------------ plot_network


def test_plot_network_widths_are_proportional_to_the_weights(tmp_path, toy):
    X, Y = toy
    model = MLP([4, 3, 1], seed=42).fit(X, Y, 100)
    out = plot_network(model, tmp_path / "n.png")
    assert png_size(tmp_path / "n.png") == (800, 600)
    assert out["sizes"] == [4, 3, 1]
    m = max(np.abs(p).max() for p in model.weights + model.biases)
    assert out["max_abs"] == m
    for widths, W in zip(out["widths"], model.weights):
        np.testing.assert_array_equal(widths, 6.0 * (np.abs(W) / m))
    for widths, b in zip(out["bias_widths"], model.biases):
        np.testing.assert_array_equal(widths, 6.0 * (np.abs(b) / m))
    assert max(w.max() for w in out["widths"] + out["bias_widths"]) == 6.0


def test_plot_network_elides_wide_layers(tmp_path):
    """Issue 10: a 784-wide layer drew 20 units joined by every line, a tangle;
    now its first 4 and last 2 units, dots between, lines between drawn units."""
    net = Network(seed=1)
    net.add(Dense(784, 32)).add(Activation("sigmoid")).add(Dense(32, 10)).add(Activation("softmax"))
    out = plot_network(net, tmp_path / "n.png")
    np.testing.assert_array_equal(out["shown"][0], [0, 1, 2, 3, 782, 783])
    np.testing.assert_array_equal(out["shown"][1], [0, 1, 2, 3, 30, 31])
    np.testing.assert_array_equal(out["shown"][2], np.arange(10))
    assert out["elided"] == [True, True, False]
    assert out["widths"][0].shape == (6, 6) and out["widths"][1].shape == (6, 10)
    W = net.weights[0][np.ix_(out["shown"][0], out["shown"][1])]
    np.testing.assert_array_equal(out["widths"][0], 6.0 * (np.abs(W) / out["max_abs"]))


def test_plot_network_draws_all_units_up_to_max_units(tmp_path):
    net = Network(seed=1)
    net.add(Dense(16, 17)).add(Activation("sigmoid")).add(Dense(17, 1))
    out = plot_network(net, tmp_path / "n.png")
    np.testing.assert_array_equal(out["shown"][0], np.arange(16))
    np.testing.assert_array_equal(out["shown"][1], [0, 1, 2, 3, 15, 16])
    out = plot_network(net, tmp_path / "n.png", max_units=3)
    np.testing.assert_array_equal(out["shown"][0], [0, 1, 15])
    out = plot_network(net, tmp_path / "n.png", max_units=2)
    np.testing.assert_array_equal(out["shown"][0], [0, 1])


def test_plot_network_title_says_units_are_left_out():
    from twinnet.plot_data import _elided_note

    assert _elided_note(16) == (
        "(layers of more than 16 units: the first 4 and the last 2 drawn, dots between)"
    )
    assert _elided_note(2) == "(layers of more than 2 units: the first 2 drawn, dots between)"


def test_plot_network_without_biases_draws_no_bias_lines(tmp_path):
    net = Network(seed=2)
    net.add(Dense(3, 4, bias=False, init="loy")).add(Activation("sigmoid"))
    net.add(Dense(4, 1, bias=False, init="loy")).add(Activation("sigmoid"))
    out = plot_network(net, tmp_path / "n.png", title="Loy", width=500, height=400)
    assert png_size(tmp_path / "n.png") == (500, 400)
    assert out["bias_widths"] == []


@pytest.mark.parametrize(
    "model, kwargs, message",
    [
        ("net", {}, "model must be a twinnet MLP or Network"),
        (Network(), {}, "the network has no dense layer; add one first"),
        (MLP([2, 1]), {"max_units": 0}, "max_units must be a positive integer, got 0"),
    ],
)
def test_plot_network_bad_input_is_named(tmp_path, model, kwargs, message):
    with pytest.raises(TwinnetError) as err:
        plot_network(model, tmp_path / "n.png", **kwargs)
    assert str(err.value) == message


def test_constants():
    assert len(FASHION_MNIST_CLASSES) == 10 and FASHION_MNIST_CLASSES[9] == "Ankle boot"
    assert len(CLASS_COLOURS) == 10


def test_example_pictures_needs_an_existing_folder(tmp_path):
    from twinnet.gallery import example_pictures

    with pytest.raises(TwinnetError) as err:
        example_pictures(tmp_path / "nowhere")
    assert str(err.value) == f"folder {tmp_path}/nowhere does not exist"


# ------------------------------------------------------------------ the confusion matrix's names


def test_confusion_matrix_shows_class_names():
    """Issue 10: the confusion matrix showed 0-9 where the classes have names."""
    from twinnet.metrics import format_evaluation

    result = {
        "rows": 4,
        "loss": 0.5,
        "loss_name": "mse",
        "accuracy": 0.75,
        "confusion": np.array([[1, 1], [0, 2]]),
        "class_names": ["cat", "dog"],
    }
    assert format_evaluation(result) == (
        "rows      4\n"
        "loss      0.5 (mse)\n"
        "accuracy  0.7500\n"
        "confusion matrix (rows: true class, columns: predicted class by number)\n"
        "          0    1\n"
        "0 cat     1    1\n"
        "1 dog     0    2"
    )
    result["class_names"] = None
    assert format_evaluation(result).split("\n")[3:] == [
        "confusion matrix (rows: true class, columns: predicted class)",
        "         0    1",
        "    0    1    1",
        "    1    0    2",
    ]


def test_evaluate_keeps_and_checks_class_names():
    from twinnet.metrics import evaluate

    X = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0]])
    Y = np.array([[1.0, 0, 0], [0, 1, 0], [0, 0, 1]])
    net = Network(seed=3, mode="exact")
    net.add(Dense(2, 3)).add(Activation("softmax")).use("softmax_cross_entropy")
    assert evaluate(net, X, Y)["class_names"] is None
    assert evaluate(net, X, Y, class_names=("a", "b", "c"))["class_names"] == ["a", "b", "c"]
    with pytest.raises(TwinnetError, match="^class_names has 2 names but there are 3 classes$"):
        evaluate(net, X, Y, class_names=["a", "b"])
    with pytest.raises(TwinnetError, match="^class_names must be strings$"):
        evaluate(net, X, Y, class_names=[0, 1, 2])
    reg = MLP([2, 1], seed=1)
    with pytest.raises(TwinnetError, match=r"^class_names needs class targets \(one-hot"):
        evaluate(reg, X, np.array([[0.2], [0.4], [0.9]]), class_names=["a"])


def test_fashion_mnist_label_files_name_their_classes(tmp_path):
    from twinnet.metrics import class_names_for

    folder = "/usr/share/datasets/fashion-mnist"
    for name in ("t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte"):
        assert class_names_for(f"{folder}/{name}") == list(FASHION_MNIST_CLASSES)
    assert class_names_for(f"{folder}/t10k-images-idx3-ubyte.gz") is None
    assert class_names_for(str(tmp_path / "t10k-labels-idx1-ubyte.gz")) is None
    assert class_names_for(None) is None


def test_example_pictures_returns_the_paths_it_wrote(tmp_path):
    """Issue 10: example_pictures() returned a large dict into the console."""
    from twinnet.gallery import example_pictures

    paths = example_pictures(tmp_path, mode="blas", fashion_folder=str(tmp_path / "none"))
    names = ["toy_loss.png", "toy_network.png", "loy_loss.png", "moons_loss.png"]
    names += ["moons_boundary.png", "moons_network.png", "blobs_boundary.png"]
    assert paths == [str(tmp_path / name) for name in names]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_cli_evaluate_fashion_names_the_classes(tmp_path, capsys):
    """Issue 10: `evaluate --fashion` shows Fashion-MNIST's class names."""
    from twinnet.cli import main
    from twinnet.model_file import save_model

    net = Network(seed=1)
    net.add(Dense(2, 10)).add(Activation("softmax")).use("softmax_cross_entropy")
    save_model(net, str(tmp_path / "m.json"))
    (tmp_path / "x.csv").write_text("a,b\n0,1\n1,0\n")
    (tmp_path / "y.csv").write_text(
        ",".join("abcdefghij") + "\n1,0,0,0,0,0,0,0,0,0\n" + "0,0,0,0,0,0,0,0,0,1\n"
    )
    args = ["evaluate", "--model", str(tmp_path / "m.json"), "--x", str(tmp_path / "x.csv")]
    assert main(args + ["--y", str(tmp_path / "y.csv"), "--fashion"]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert lines[3].endswith("predicted class by number)")
    assert lines[5].startswith("0 T-shirt/top ") and lines[14].startswith("9 Ankle boot  ")
