"""Export to PyTorch and ONNX, for users who outgrow twinnet (docs/export.md).

``to_torch(model)`` builds a float64 ``torch.nn.Sequential`` with the
model's weights; ``save_torch(model, path)`` writes it as a PyTorch
``ExportedProgram`` (``torch.export``, a ``.pt2`` file that
``torch.export.load(path).module()`` reads without twinnet);
``to_onnx(model, path)`` writes an ONNX model (opset ``ONNX_OPSET``, float64
Gemm and activation nodes, checked by ``onnx.checker``). ``export_model``
is the command line's ``twinnet export``, and its R twin
(``R/R/export.R``) hands the model file to it. A model is a ``Network``,
an ``MLP`` or a fitted ``TwinnetClassifier``/``TwinnetRegressor``; an
estimator's export computes what ``predict_proba`` (classifier) or
``predict`` (regressor, as a column) computes before class decoding, its
input scaling (``scale=True``) included as the first step.

torch and onnx are optional extras (``pip install 'twinnet[export]'``),
imported inside the functions: ``import twinnet`` never loads them. The
exporters themselves need Python's torch and onnx, so every function but
``export_model`` has no R twin (one side).
"""

import importlib
import io
import json
import os
import sys

import numpy as np

from . import __version__
from .files import write_atomically
from .model_file import SAVE_WHAT, load_model
from .network import Network
from .validation import TwinnetError, check_choice

EXPORT_FORMATS = ("onnx", "torch")
# ONNX opset 17 and IR version 8 (2022): read by onnxruntime >= 1.12; every
# operator used takes tensor(double) there (Gemm-13, Sigmoid-13, Tanh-13,
# Relu-14, Identity-16, Softmax-13, Sub-14, Div-14, Concat-13)
ONNX_OPSET = 17
ONNX_IR_VERSION = 8
# twinnet's activations and their torch module, ONNX operator and attributes
# (softmax: by row, twinnet's rule)
EXPORT_ACTIVATIONS = {
    "sigmoid": ("Sigmoid", {}, "Sigmoid", {}),
    "tanh": ("Tanh", {}, "Tanh", {}),
    "relu": ("ReLU", {}, "Relu", {}),
    "identity": ("Identity", {}, "Identity", {}),
    "softmax": ("Softmax", {"dim": 1}, "Softmax", {"axis": 1}),
}
EXTRA_HINT = "pip install 'twinnet[export]'"
# what the command line says of each format's file, after its name
EXPORT_TELLS = {
    "onnx": f"ONNX opset {ONNX_OPSET}, float64 input X and output Y",
    "torch": "load it with torch.export.load(path).module()",
}


def export_model(model, path, format="onnx"):
    """Write ``model`` to ``path`` as an ONNX model or a PyTorch program.

    Parameters
    ----------
    model : Network, MLP, fitted TwinnetClassifier/TwinnetRegressor, or the
        path of a model file (either language's)
    path : str
        The file to write (whole or not at all).
    format : {"onnx", "torch"}
        ``"onnx"``: ``to_onnx``; ``"torch"``: ``save_torch``.

    Returns
    -------
    path
    """
    format = check_choice("format", format, list(EXPORT_FORMATS))
    if isinstance(model, (str, os.PathLike)):
        model = load_model(model)
    if format == "onnx":
        to_onnx(model, path)
    else:
        save_torch(model, path)
    return path


# one side: what the Python exporters take apart (R's export_model hands over a model file)
def _export_parts(model):
    """``(network, scaler, two_class)``: the network, the input scaling of
    ``scale=True`` (None without), and whether the output is a two-class
    classifier's one sigmoid unit (exported as ``[1 - p, p]``)."""
    estimator = sys.modules.get("twinnet.estimator")  # loaded wherever an estimator exists
    if estimator is not None and isinstance(model, estimator._TwinnetEstimator):
        if not hasattr(model, "network_"):
            raise TwinnetError(f"the {type(model).__name__} is not fitted; call its fit() first")
        two_class = isinstance(model, estimator.TwinnetClassifier) and model.n_outputs_ == 1
        return model.network_, getattr(model, "scaler_", None), two_class
    if not isinstance(model, Network):
        raise TwinnetError(SAVE_WHAT)
    return model, None, False


# one side: see _export_parts
def _export_steps(network):
    """The network's layers as steps ``("dense", W, b)`` (``b`` a 1-D row or
    None) and ``("activation", name)``; a TwinnetError for what torch and ONNX
    cannot be given (a custom activation)."""
    if not network.dense_layers:
        raise TwinnetError("the network has no dense layer: there is nothing to export")
    steps = []
    for i, layer in enumerate(network.layers, start=1):
        if layer.kind == "dense":
            steps.append(("dense", layer.weights, None if layer.bias is None else layer.bias[0]))
        elif layer.name not in EXPORT_ACTIVATIONS:
            raise TwinnetError(
                f"layer {i} is a {layer.name} activation, which the exporter cannot express "
                f"in PyTorch or ONNX; it exports {', '.join(EXPORT_ACTIVATIONS)}"
            )
        else:
            steps.append(("activation", layer.name))
    return steps


# one side: Python's optional extras
def _import_extra(name):
    """The optional module ``name`` (torch, onnx), or a TwinnetError saying how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise TwinnetError(
            f"exporting needs the Python package {name}, which is not installed ({EXTRA_HINT})"
        ) from None


# one side: PyTorch is Python's
def to_torch(model):
    """A float64 ``torch.nn.Sequential`` computing what ``model`` predicts.

    One ``nn.Linear`` per dense layer (``weight`` is twinnet's ``W``
    transposed, as torch stores it) and one module per activation
    (``nn.Sigmoid``, ``nn.Tanh``, ``nn.ReLU``, ``nn.Identity``,
    ``nn.Softmax(dim=1)``); a fitted estimator's scaling is a first
    ``twinnet.torch_layers.Standardize``, a two-class classifier ends with
    ``TwoClassProba`` (``[1 - p, p]``). Drawing nothing from torch's random
    stream, it leaves torch's seed as it was. Its outputs equal twinnet's
    within 1e-12 (python/tests/test_export.py).
    """
    network, scaler, two_class = _export_parts(model)
    steps = _export_steps(network)
    torch = _import_extra("torch")
    from .torch_layers import Standardize, TwoClassProba

    modules = [] if scaler is None else [Standardize(scaler.center, scaler.scale)]
    for step in steps:
        if step[0] == "dense":
            _, w, b = step
            linear = torch.nn.utils.skip_init(
                torch.nn.Linear, w.shape[0], w.shape[1], bias=b is not None, dtype=torch.float64
            )
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(w.T.copy()))
                if b is not None:
                    linear.bias.copy_(torch.from_numpy(b.copy()))
            modules.append(linear)
        else:
            module, options, _, _ = EXPORT_ACTIVATIONS[step[1]]
            modules.append(getattr(torch.nn, module)(**options))
    if two_class:
        modules.append(TwoClassProba())
    return torch.nn.Sequential(*modules)


# one side: PyTorch is Python's
def save_torch(model, path):
    """Write ``to_torch(model)`` as a PyTorch ``ExportedProgram`` (``torch.export``).

    Load it with ``torch.export.load(path).module()``: an ``nn.Module``
    taking float64 inputs of any number of rows, whose parameters can be
    trained further (docs/export.md); twinnet is not needed to load it.
    (TorchScript is deprecated in torch 2.13, and ``torch.save`` of a whole
    module needs ``weights_only=False``, i.e. trusting a pickle.)

    Returns
    -------
    path
    """
    sequential = to_torch(model)
    torch = _import_extra("torch")
    n_in = _export_parts(model)[0].sizes[0]
    example = torch.zeros((2, n_in), dtype=torch.float64)
    rows = torch.export.Dim.DYNAMIC
    program = torch.export.export(sequential, (example,), dynamic_shapes=({0: rows},))
    buffer = io.BytesIO()
    torch.export.save(program, buffer)
    write_atomically(path, buffer.getvalue())
    return path


# one side: ONNX is written with Python's onnx
def to_onnx(model, path=None):
    """The ONNX model of ``model`` (an ``onnx.ModelProto``), written to
    ``path`` when given.

    Opset ``ONNX_OPSET`` (17), IR version 8; input ``X`` (float64, any number
    of rows), output ``Y`` (float64). Each dense layer is one ``Gemm`` node
    (``X W + b``; without a bias, ``X W``), each activation one node
    (``Sigmoid``, ``Tanh``, ``Relu``, ``Identity``, ``Softmax`` with
    ``axis=1``); a fitted estimator's scaling is ``Sub`` and ``Div`` nodes
    first, a two-class classifier ends with ``Sub`` (``1 - p``) and
    ``Concat``. A classifier's class labels, in its output columns' order,
    are the metadata entry ``classes`` (JSON). ``onnx.checker`` checks the
    model (``full_check``) before it is written. The bytes depend only on
    the model: the same network writes the same file, from either language.
    """
    network, scaler, two_class = _export_parts(model)
    steps = _export_steps(network)
    onnx = _import_extra("onnx")
    from onnx import TensorProto, helper, numpy_helper

    nodes, initializers = [], []

    def constant(name, values):
        initializers.append(numpy_helper.from_array(values, name))
        return name

    def node(op, inputs, output, **attributes):
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output

    current = "X"
    if scaler is not None:
        current = node("Sub", [current, constant("center", scaler.center)], "X_centred")
        current = node("Div", [current, constant("scale", scaler.scale)], "X_scaled")
    dense = 0
    for i, step in enumerate(steps, start=1):
        if step[0] == "dense":
            dense += 1
            _, w, b = step
            inputs = [current, constant(f"W{dense}", w)]
            if b is not None:
                inputs.append(constant(f"b{dense}", b))
            current = node("Gemm", inputs, f"layer{i}")
        else:
            _, _, op, attributes = EXPORT_ACTIVATIONS[step[1]]
            current = node(op, [current], f"layer{i}", **attributes)
    n_out = network.sizes[-1]
    if two_class:
        one = constant("one", np.array(1.0))
        other = node("Sub", [one, current], "not_p")
        current = node("Concat", [other, current], "proba", axis=1)
        n_out = 2
    nodes[-1].output[0] = "Y"
    graph = helper.make_graph(
        nodes,
        "twinnet",
        [helper.make_tensor_value_info("X", TensorProto.DOUBLE, ["rows", network.sizes[0]])],
        [helper.make_tensor_value_info("Y", TensorProto.DOUBLE, ["rows", n_out])],
        initializer=initializers,
    )
    proto = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", ONNX_OPSET)],
        ir_version=ONNX_IR_VERSION,
        producer_name="twinnet",
        producer_version=__version__,
        doc_string=_onnx_description(network, scaler, two_class),
    )
    classes = getattr(model, "classes_", None)
    if classes is not None:
        from .estimator_entry import _label_to_json

        helper.set_model_props(proto, {"classes": json.dumps([_label_to_json(c) for c in classes])})
    try:
        onnx.checker.check_model(proto, full_check=True)
    except onnx.checker.ValidationError as err:  # pragma: no cover (a bug of the exporter)
        raise TwinnetError(f"the exported ONNX model does not pass onnx.checker: {err}") from None
    if path is not None:
        write_atomically(path, proto.SerializeToString(deterministic=True))
    return proto


# one side: see to_onnx
def _onnx_description(network, scaler, two_class):
    """The ONNX model's doc_string: the layers, in twinnet's words."""
    layers = [
        f"dense {layer.n_in} -> {layer.n_out}" + ("" if layer.has_bias else " (no bias)")
        if layer.kind == "dense"
        else layer.name
        for layer in network.layers
    ]
    text = "twinnet network: " + ", ".join(layers)
    if scaler is not None:
        text = "inputs scaled by (X - center) / scale, then " + text
    if two_class:
        text += "; output [1 - p, p] of the two-class classifier's unit p"
    return text
