"""Export to PyTorch and ONNX (twinnet/export.py, issue 14 item 3): for every
activation in every position and both arithmetic modes, torch's and
onnxruntime's predictions (two mature implementations, independent of
twinnet's) equal twinnet's within 1e-12 on random inputs; the ONNX model
passes onnx.checker and its bytes depend on the model only; the estimators
export with their input scaling and as their probabilities; what cannot be
expressed is refused with one clear message; and ``import twinnet`` (its
command line too) never loads torch or onnx."""

import json
import subprocess
import sys
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from twinnet import MLP, Activation, Dense, Network, TwinnetError, load_model, save_model  # noqa: E402
from twinnet.activations import ACTIVATIONS  # noqa: E402
from twinnet.cli import main  # noqa: E402
from twinnet.export import (  # noqa: E402
    EXPORT_ACTIVATIONS,
    ONNX_OPSET,
    export_model,
    save_torch,
    to_onnx,
    to_torch,
)

# The bound: every output within 1e-12 of twinnet's (absolute; the outputs
# here are at most 36 in size). Measured on this machine: at most
# 7.1e-15 over the grid below, 8.9e-16 for the scaled regressor (torch and
# onnxruntime sum the products in their own order, twinnet's exact mode in
# its own, and sigmoid/tanh/exp are each library's own), so a wrong weight,
# transposition or activation, which moves outputs by 1e-3 or more, cannot
# pass.
BOUND = 1e-12
RNG = np.random.default_rng(20261201)
X = RNG.normal(scale=2.0, size=(64, 4))
KINDS = sorted(EXPORT_ACTIVATIONS)


def _onnx_predict(path_or_proto, X):
    """onnxruntime's output for float64 ``X`` (CPU)."""
    source = path_or_proto if isinstance(path_or_proto, str) else path_or_proto.SerializeToString()
    session = ort.InferenceSession(source, providers=["CPUExecutionProvider"])
    return session.run(None, {"X": X})[0]


def _torch_predict(module, X):
    with torch.no_grad():
        return module(torch.from_numpy(X)).numpy()


def _expect_same(ours, theirs):
    assert theirs.dtype == np.float64 and theirs.shape == ours.shape
    assert np.max(np.abs(theirs - ours)) <= BOUND
    assert ours.std() > 1e-3  # the outputs vary: not trivially equal


def _network(hidden, output, mode, bias=True):
    net = Network(seed=7, mode=mode)
    net.add(Dense(4, 5, bias=bias)).add(Activation(hidden))
    net.add(Dense(5, 3, bias=bias)).add(Activation(output))
    return net.use("mse")


def test_every_twinnet_activation_has_an_export():
    assert set(EXPORT_ACTIVATIONS) == set(ACTIVATIONS)


@pytest.mark.parametrize("mode", ["blas", "exact"])
@pytest.mark.parametrize("output", KINDS)
@pytest.mark.parametrize("hidden", KINDS)
def test_torch_and_onnxruntime_predict_what_twinnet_predicts(hidden, output, mode, tmp_path):
    net = _network(hidden, output, mode)
    ours = net.predict(X)
    module = to_torch(net)
    assert all(p.dtype == torch.float64 for p in module.parameters())
    _expect_same(ours, _torch_predict(module, X))
    path = str(tmp_path / "model.onnx")
    to_onnx(net, path)
    loaded = onnx.load(path)
    onnx.checker.check_model(loaded, full_check=True)
    assert loaded.opset_import[0].version == ONNX_OPSET
    ops = [n.op_type for n in loaded.graph.node]
    assert ops == ["Gemm", EXPORT_ACTIVATIONS[hidden][2], "Gemm", EXPORT_ACTIVATIONS[output][2]]
    _expect_same(ours, _onnx_predict(path, X))


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_a_trained_mlp_without_bias_exports(mode):
    # Loy's network has no bias: Linear(bias=False), Gemm with two inputs
    Y = (X[:, :1] > 0).astype(float)
    net = MLP([4, 6, 1], lr=0.05, seed=3, mode=mode, bias=False).fit(X, Y, epochs=30)
    ours = net.predict(X)
    _expect_same(ours, _torch_predict(to_torch(net), X))
    proto = to_onnx(net)
    assert [len(n.input) for n in proto.graph.node if n.op_type == "Gemm"] == [2, 2]
    _expect_same(ours, _onnx_predict(proto, X))


def test_layers_in_any_order_export():
    # an activation first, two dense layers in a row, no activation at the end
    net = Network(seed=11).add(Activation("tanh")).add(Dense(4, 3)).add(Dense(3, 2))
    ours = net.predict(X)
    _expect_same(ours, _torch_predict(to_torch(net), X))
    _expect_same(ours, _onnx_predict(to_onnx(net), X))


def test_the_weights_are_twinnets_hand_checked():
    # one unit: sigmoid(2 x + 1) at x = 0.5 is sigmoid(2) (the independent route: math)
    net = Network().add(Dense(1, 1, weights=[[2.0]], bias_row=[1.0])).add(Activation("sigmoid"))
    x = np.array([[0.5]])
    expected = 1 / (1 + np.exp(-2.0))
    assert abs(_torch_predict(to_torch(net), x)[0, 0] - expected) <= 1e-16
    assert abs(_onnx_predict(to_onnx(net), x)[0, 0] - expected) <= 1e-16


def test_one_row_and_many_rows_predict(tmp_path):
    net = _network("relu", "softmax", "blas")
    proto = to_onnx(net)
    save_torch(net, str(tmp_path / "m.pt2"))
    module = torch.export.load(str(tmp_path / "m.pt2")).module()
    for rows in (1, 1000):
        x = RNG.normal(size=(rows, 4))
        assert np.max(np.abs(_onnx_predict(proto, x) - net.predict(x))) <= BOUND
        assert np.max(np.abs(_torch_predict(module, x) - net.predict(x))) <= BOUND


def test_save_torch_loads_without_twinnet_and_predicts(tmp_path):
    net = _network("tanh", "sigmoid", "exact")
    path = tmp_path / "model.pt2"
    assert save_torch(net, str(path)) == str(path)
    module = torch.export.load(str(path)).module()
    _expect_same(net.predict(X), _torch_predict(module, X))
    np.save(tmp_path / "x.npy", X)
    code = (
        "import sys, numpy, torch; "
        f"m = torch.export.load({str(path)!r}).module(); "
        f"y = m(torch.from_numpy(numpy.load({str(tmp_path / 'x.npy')!r}))); "
        f"numpy.save({str(tmp_path / 'y.npy')!r}, y.detach().numpy()); "
        "print('twinnet' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    _expect_same(net.predict(X), np.load(tmp_path / "y.npy"))


def test_training_continues_in_torch_as_in_twinnet():
    # the docs' worked example: 20 more epochs of full-batch gradient descent
    # on half_sse in torch give twinnet's weights (the update W - lr * dW)
    Y = np.column_stack([np.sin(X[:, 0]) ** 2, X[:, 1] * X[:, 2] > 0]).astype(float)
    net = MLP([4, 5, 2], lr=0.01, seed=5, mode="exact").fit(X, Y, epochs=10)
    module = to_torch(net)
    optimizer = torch.optim.SGD(module.parameters(), lr=0.01)
    x, y = torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(20):
        optimizer.zero_grad()
        loss = ((y - module(x)) ** 2).sum() / 2
        loss.backward()
        optimizer.step()
    net.fit(X, Y, epochs=20)
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    for linear, w, b in zip(linears, net.weights, net.biases):
        assert np.max(np.abs(linear.weight.detach().numpy().T - w)) <= BOUND
        assert np.max(np.abs(linear.bias.detach().numpy() - b[0])) <= BOUND
    assert abs(loss.item() - net.loss_history[-1]) <= BOUND * max(1.0, net.loss_history[-1])


def test_torch_export_leaves_torchs_random_stream_alone():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    to_torch(_network("relu", "identity", "blas"))
    assert torch.equal(torch.rand(3), expected)


def test_onnx_bytes_depend_on_the_model_only(tmp_path):
    net = _network("sigmoid", "softmax", "exact")
    a, b = tmp_path / "a.onnx", tmp_path / "b.onnx"
    to_onnx(net, str(a))
    save_model(net, tmp_path / "model.json")  # the model file's numbers read back the same
    export_model(str(tmp_path / "model.json"), str(b), "onnx")
    assert a.read_bytes() == b.read_bytes()
    other = _network("sigmoid", "softmax", "blas")  # only the mode differs: same predictions
    to_onnx(other, str(b))
    assert a.read_bytes() == b.read_bytes()


# ------------------------------------------------------------- estimators
sklearn_estimators = pytest.importorskip("twinnet.sklearn")


XE = X * [1, 10, 100, 0.1] + [0, 5, -50, 1]  # columns of other scales: scaling matters


def _fitted(estimator, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few iterations: a ConvergenceWarning
        return estimator.fit(XE, y)


@pytest.mark.parametrize("scale", [True, False])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_a_classifier_exports_predict_proba(scale, n_classes, tmp_path):
    labels = np.array(["ant", "bee", "cat"])[:n_classes]
    y = labels[(np.abs(X[:, 0] * 3).astype(int) + (X[:, 1] > 0)) % n_classes]
    est = _fitted(
        sklearn_estimators.TwinnetClassifier(
            hidden_layer_sizes=(6,), activation="tanh", max_iter=40, random_state=2, scale=scale
        ),
        y,
    )
    ours = est.predict_proba(XE)
    module = to_torch(est)
    assert type(module[0]).__name__ == ("Standardize" if scale else "Linear")
    _expect_same(ours, _torch_predict(module, XE))
    path = str(tmp_path / "clf.onnx")
    export_model(est, path)
    _expect_same(ours, _onnx_predict(path, XE))
    proto = onnx.load(path)
    assert json.loads({p.key: p.value for p in proto.metadata_props}["classes"]) == list(labels)
    assert (proto.graph.node[0].op_type == "Sub") == scale
    # the same through its model file
    save_model(est, tmp_path / "clf.json")
    _expect_same(ours, _torch_predict(to_torch(load_model(tmp_path / "clf.json")), XE))


@pytest.mark.parametrize("mode", ["blas", "exact"])
def test_a_regressor_exports_predict_as_columns(mode):
    Y = np.column_stack([XE[:, 0] + XE[:, 3], np.tanh(X[:, 1])])
    est = _fitted(
        sklearn_estimators.TwinnetRegressor(
            hidden_layer_sizes=(5, 4), max_iter=40, random_state=4, scale=True, mode=mode
        ),
        Y,
    )
    ours = est.predict(XE)
    _expect_same(ours, _torch_predict(to_torch(est), XE))
    _expect_same(ours, _onnx_predict(to_onnx(est), XE))


# ----------------------------------------------------------------- errors
def test_a_custom_activation_is_refused_clearly():
    net = Network().add(Dense(2, 2)).add(Activation(np.sin, np.cos))
    for export in (to_torch, to_onnx):
        with pytest.raises(TwinnetError, match="^layer 2 is a custom activation, which the"):
            export(net)


@pytest.mark.parametrize(
    "model, message",
    [
        ({"weights": []}, "model must be a twinnet model"),
        (Network().add(Activation("tanh")), "the network has no dense layer"),
        (sklearn_estimators.TwinnetRegressor(), "the TwinnetRegressor is not fitted"),
    ],
)
def test_what_is_not_a_model_is_refused(model, message, tmp_path):
    for format in ("onnx", "torch"):
        with pytest.raises(TwinnetError, match=message):
            export_model(model, str(tmp_path / "out"), format)
    assert not (tmp_path / "out").exists()


def test_an_unknown_format_is_refused():
    with pytest.raises(TwinnetError, match="unknown format 'keras'; choose one of onnx, torch"):
        export_model(_network("relu", "identity", "blas"), "out", "keras")


def test_a_missing_extra_says_how_to_install_it(monkeypatch):
    net = _network("relu", "identity", "blas")
    for name, export in (("onnx", to_onnx), ("torch", to_torch)):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
        with pytest.raises(TwinnetError) as info:
            export(net)
        assert str(info.value) == (
            f"exporting needs the Python package {name}, which is not installed "
            "(pip install 'twinnet[export]')"
        )
        monkeypatch.delitem(sys.modules, name)


def test_the_core_package_never_imports_torch_or_onnx():
    code = (
        "import sys, twinnet, twinnet.cli, twinnet.export; from twinnet import MLP, Network; "
        "MLP([2, 2, 1]); twinnet.cli.build_parser(); "
        "print(sorted(m for m in ('torch', 'onnx', 'onnxruntime') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ----------------------------------------------------------- command line
@pytest.mark.parametrize("format", ["onnx", "torch"])
def test_the_command_line_exports_a_model_file(format, tmp_path, capsys):
    net = _network("tanh", "softmax", "exact")
    save_model(net, tmp_path / "m.json")
    out = tmp_path / f"m.{format}"
    assert main(["export", "--model", str(tmp_path / "m.json"), "--format", format,
                 "--out", str(out)]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert said.startswith(f"{format} model written to {out} (")
    if format == "onnx":
        _expect_same(net.predict(X), _onnx_predict(str(out), X))
    else:
        _expect_same(net.predict(X), _torch_predict(torch.export.load(str(out)).module(), X))


def test_the_command_line_tells_a_bad_model_file(tmp_path, capsys):
    assert main(["export", "--model", str(tmp_path / "no.json"), "--format", "onnx",
                 "--out", str(tmp_path / "o.onnx")]) == 1  # fmt: skip
    assert capsys.readouterr().err == f"twinnet: error: model file not found: {tmp_path}/no.json\n"
