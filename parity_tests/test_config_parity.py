"""Hostile configs and JSON files: Python and R make the same decision, with
the same message (docs/inputs.md, "JSON files" and "config.json"), and the
command line's train leaves an existing --out file untouched when the config
is refused."""

import json

import pytest

from parity import PY_CLI, R_CLI, python_error, r, r_error, run
from twinnet.config import read_config
from twinnet.model_file import load_model

GOOD = {"x": "x.csv", "y": "y.csv", "layers": [2, 3, 1], "epochs": 5}
NET = {
    "x": "x.csv",
    "y": "y.csv",
    "network": [
        {"type": "dense", "n_in": 2, "n_out": 3},
        {"type": "activation", "name": "tanh"},
        {"type": "dense", "n_in": 3, "n_out": 1},
    ],
    "epochs": 5,
}


def with_(base, **changes):
    out = {**base, **changes}
    return json.dumps({k: v for k, v in out.items() if v is not DROP})


DROP = object()

# (id, the file's text, the end of the message both languages must give)
CASES = [
    ("epochs 0", with_(GOOD, epochs=0), "epochs must be a whole number in [1, 2147483647], got 0"),
    ("epochs -3", with_(GOOD, epochs=-3), "got -3"),
    ("epochs 1e12", with_(GOOD, epochs=1e12), "got 1000000000000"),
    ("epochs 2.5", with_(GOOD, epochs=2.5), "got 2.5"),
    ("epochs string", with_(GOOD, epochs="10"), "got '10'"),
    ("epochs null", with_(GOOD, epochs=None), "got null"),
    ("epochs list", with_(GOOD, epochs=[10]), "got a list"),
    ("epochs true", with_(GOOD, epochs=True), "got true"),
    ("epochs object", with_(GOOD, epochs={"n": 1}), "got an object"),
    ("epochs 1e400", with_(GOOD).replace('"epochs": 5', '"epochs": 1e400'), "got inf"),
    ("lr 0", with_(GOOD, lr=0), "lr must be a positive finite number, got 0"),
    ("lr string", with_(GOOD, lr="0.1"), "got '0.1'"),
    ("lr list", with_(GOOD, lr=[0.1]), "got a list"),
    ("lr tiny", with_(GOOD, lr=-1e-300), "got -1e-300"),
    ("lr third", with_(GOOD, lr=-1 / 3), "got -0.3333333333333333"),
    ("seed big", with_(GOOD, seed=2147483648), "got 2147483648"),
    ("seed 1.5", with_(GOOD, seed=1.5), "got 1.5"),
    ("seed null", with_(GOOD, seed=None), "got null"),
    ("mode", with_(GOOD, mode="fast"), "mode must be one of blas, exact, got 'fast'"),
    ("mode list", with_(GOOD, mode=["exact"]), "got a list"),
    ("loss list", with_(GOOD, loss=["mse"]), "loss must be one of half_sse, sse, mse, "),
    ("loss unknown", with_(GOOD, loss="hinge"), "got 'hinge'"),
    ("activation", with_(GOOD, activation="swish"), "got 'swish'"),
    ("bias string", with_(GOOD, bias="true"), "bias must be true or false, got 'true'"),
    ("bias 1", with_(GOOD, bias=1), "bias must be true or false, got 1"),
    ("layers number", with_(GOOD, layers=3), "layers must be a list of two or more"),
    ("layers short", with_(GOOD, layers=[3]), "got a list of 1"),
    ("layers null item", with_(GOOD, layers=[2, None, 1]), "got null at position 2"),
    ("layers zero", with_(GOOD, layers=[2, 0, 1]), "got 0 at position 2"),
    ("layers nested", with_(GOOD, layers=[2, [3], 1]), "got a list at position 2"),
    ("layers string", with_(GOOD, layers="2,3,1"), "got '2,3,1'"),
    ("x number", with_(GOOD, x=1), "x must be a file name, got 1"),
    ("x empty", with_(GOOD, x=""), "x must be a file name, got ''"),
    ("x list", with_(GOOD, x=["a.csv"]), "got a list"),
    ("description", with_(GOOD, description=5), "description must be a string, got 5"),
    ("long string", with_(GOOD, mode="z" * 50), "got a string"),
    ("x_test alone", with_(GOOD, x_test="t.csv"), "x_test and y_test go together"),
    ("unknown keys", with_(GOOD, Zeta=1, beta=2), "has unknown keys: Zeta, beta"),
    # the training controls (issue 12): rules and combinations, decided alike
    ("alpha -1", with_(GOOD, alpha=-1), "alpha must be a finite number >= 0, got -1"),
    ("tol string", with_(GOOD, tol="0"), "tol must be a finite number >= 0 or null, got '0'"),
    ("n_iter 1.5", with_(GOOD, n_iter_no_change=1.5), "whole number in [1, 2147483647], got 1.5"),
    ("fraction 0", with_(GOOD, validation_fraction=0), "(0, 1) or null, got 0"),
    ("score auc", with_(GOOD, validation_score="auc"), "one of accuracy, r2 or null, got 'auc'"),
    ("schedule", with_(GOOD, lr_schedule=None), "constant, invscaling, adaptive, got null"),
    ("stratify 1", with_(GOOD, stratify=1), "stratify must be true or false, got 1"),
    ("y_val alone", with_(GOOD, y_val="y.csv"), "x_val and y_val go together"),
    ("weights val", with_(GOOD, sample_weight_val="w.csv"), "sample_weight_val needs x_val"),
    ("both penalties", with_(GOOD, alpha=1, weight_decay=1), "cannot both be > 0"),
    ("nesterov adam", with_(NET, optimizer="adam", nesterov=True), "got optimizer adam"),
    ("adaptive", with_(GOOD, lr_schedule="adaptive"), "lr_schedule adaptive needs tol"),
    ("early", with_(GOOD, early_stopping=True, tol=0), "early_stopping needs a validation set"),
    ("early tol", with_(GOOD, early_stopping=True, validation_fraction=0.5), "needs tol"),
    ("stratify", with_(GOOD, stratify=True), "stratify needs validation_fraction"),
    ("score", with_(GOOD, validation_score="r2"), "validation_score needs a validation set"),
    (
        "two sets",
        with_(GOOD, x_val="x.csv", y_val="y.csv", validation_fraction=0.5),
        "x_val (with y_val) and validation_fraction cannot both be given; choose one",
    ),
    ("both", with_(GOOD, network=NET["network"]), "has both layers and network; give one"),
    ("neither", with_(GOOD, layers=DROP), "missing required keys: layers or network"),
    ("no epochs", with_(GOOD, epochs=DROP), "is missing required keys: epochs"),
    ("optimizer in layers", with_(GOOD, optimizer="adam"), "optimizer is a setting of network"),
    ("unknown optimizer in layers", with_(GOOD, optimizer="zzz"), "optimizer is a setting"),
    ("batch and shuffle", with_(GOOD, batch_size=2, shuffle=True), "batch_size, shuffle are"),
    ("activation in network", with_(NET, activation="relu"), "activation is a setting of layers"),
    ("bias in network", with_(NET, bias=False), "bias is a setting of layers configs only"),
    ("optimizer unknown", with_(NET, optimizer="rmsprop"), "got 'rmsprop'"),
    ("momentum sgd", with_(NET, momentum=0.5), "momentum is not used by optimizer 'sgd'"),
    ("beta1 momentum", with_(NET, optimizer="momentum", beta1=0.5), "beta1 is not used"),
    ("beta1 1", with_(NET, optimizer="adam", beta1=1), "beta1 must be a number in [0, 1)"),
    ("batch_size 0", with_(NET, batch_size=0), "batch_size must be a whole number"),
    ("batch_size str", with_(NET, batch_size="8"), "got '8'"),
    ("shuffle 0", with_(NET, shuffle=0), "shuffle must be true or false, got 0"),
    ("decay neg", with_(NET, decay=-0.5), "decay must be a finite number >= 0, got -0.5"),
    ("network object", with_(NET, network={"a": 1}), "network must be a non-empty list"),
    ("network empty", with_(NET, network=[]), "got a list"),
    ("network item", with_(NET, network=[3]), "got 3 at position 1"),
    ("layer no type", with_(NET, network=[{"n_in": 2}]), "network layer 1 has no type"),
    ("layer type", with_(NET, network=[{"type": "conv"}]), "got 'conv'"),
    ("layer unknown", with_(NET, network=[{"type": "dense", "units": 3}]), "unknown keys: units"),
    ("layer n_in", with_(NET, network=[{"type": "dense", "n_in": "2", "n_out": 1}]), "got '2'"),
    ("layer no n_out", with_(NET, network=[{"type": "dense", "n_in": 2}]), "has no n_out"),
    (
        "layer init",
        with_(NET, network=[{"type": "dense", "n_in": 2, "n_out": 1, "init": 1}]),
        "init must be one of normal, aflak, loy, xavier, he, nnet, got 1",
    ),
    ("layer name", with_(NET, network=[{"type": "activation", "name": None}]), "got null"),
    ("init_biases alone", with_(GOOD, init_biases=["b.csv"]), "init_biases needs init_weights"),
    ("seed and weights", with_(GOOD, seed=1, init_weights=["w.csv"]), "seed is not used"),
    ("weights item", with_(GOOD, init_weights=["w.csv", 2]), "got 2 at position 2"),
    ("not an object", "[1, 2]", "must hold a JSON object"),
    ("empty object", "{}", "is missing required keys: x, y, epochs, layers or network"),
    (
        "duplicate",
        '{"x": "x.csv", "y": "y.csv", "layers": [2, 1], "epochs": 10, "epochs": 20}',
        "has the key 'epochs' twice in one object",
    ),
    (
        "inner duplicate first",
        '{"x": "x.csv", "x": "a", "network": [{"type": "dense", "type": "dense"}], "epochs": 1}',
        "has the key 'type' twice in one object",
    ),
    (
        "comment",
        '{"x": "x.csv", // data\n "y": "y.csv", "layers": [2, 1], "epochs": 1}',
        "is not valid JSON",
    ),
    ("block comment", '/* c */ {"x": "x.csv"}', "is not valid JSON"),
    ("trailing comma", '{"x": "x.csv",}', "is not valid JSON"),
    ("NaN", with_(GOOD).replace('"epochs": 5', '"epochs": NaN'), "is not valid JSON"),
    ("Infinity", with_(GOOD).replace('"epochs": 5', '"epochs": -Infinity'), "is not valid JSON"),
    ("single quotes", "{'x': 1}", "is not valid JSON"),
    ("form feed", "\f" + with_(GOOD), "is not valid JSON"),
    ("empty file", "", "is not valid JSON"),
    ("garbage after", with_(GOOD) + " x", "is not valid JSON"),
    ("deep", "[" * 65 + "]" * 65, "nests deeper than 64 levels"),
    ("very deep", "[" * 100000 + "]" * 100000, "nests deeper than 64 levels"),
    ("deep unbalanced", "{" * 70, "nests deeper than 64 levels"),
    ("64 deep", "[" * 64 + "]" * 64, "must hold a JSON object"),
]
BYTES = [
    ("latin-1", b'{"x": "\xe9.csv"}', "is not UTF-8 text"),
    ("nul", b'{"x": "a\x00b"}', "is not valid JSON"),
]


@pytest.mark.parametrize("case", CASES + BYTES, ids=[c[0] for c in CASES + BYTES])
def test_hostile_config_same_message_in_both_languages(tmp_path, case):
    name, text, expected = case
    path = tmp_path / "config.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    py = python_error(lambda: read_config(path))
    rr = r_error(f'read_config("{path}")')
    assert py == rr
    assert py.startswith(f"config file {path}")
    assert expected in py


def test_brackets_and_comment_marks_inside_a_string_read_alike(tmp_path):
    """Brackets inside a string neither count towards the nesting depth nor
    end the string, and // or /* there are text, not comments."""
    description = "[" * 70 + " {{ // not a comment /* nor this */"
    path = tmp_path / "config.json"
    path.write_text(with_(GOOD, description=description))
    config = read_config(path)
    assert config["description"] == description
    assert r(f'read_config("{path}")$description')[0] == description


def test_bom_and_whole_numbers_read_alike(tmp_path):
    path = tmp_path / "config.json"
    text = with_(GOOD, epochs=3.0, seed=7.0, layers=[2.0, 3, 1])
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    config = read_config(path)
    assert config["epochs"] == 3 and isinstance(config["epochs"], int)
    assert config["layers"] == [2, 3, 1] and config["seed"] == 7
    got = r(f'local({{c <- read_config("{path}"); list(c$epochs, c$seed, c$layers)}})')
    assert list(got[0]) == [3] and str(got[0].rclass[0]) == "integer"
    assert list(got[1]) == [7] and list(got[2]) == [2, 3, 1]


def test_model_file_duplicate_key_and_depth_use_the_same_loader(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"format": "twinnet-model", "version": 1, "version": 1}')
    assert python_error(lambda: load_model(path)) == r_error(f'load_model("{path}")')
    assert "has the key 'version' twice" in python_error(lambda: load_model(path))


def toy_files(folder, **config):
    (folder / "x.csv").write_text("a,b\n0,0\n0,1\n1,0\n1,1\n")
    (folder / "y.csv").write_text("y\n0\n1\n1\n0\n")
    path = folder / "config.json"
    path.write_text(json.dumps({**GOOD, **config}))
    return path


def test_train_with_epochs_0_leaves_an_existing_model_untouched(tmp_path):
    config = toy_files(tmp_path, epochs=0)
    out = tmp_path / "model.json"
    out.write_text("precious\n")
    messages = []
    for cli in (PY_CLI, R_CLI):
        code, _, stderr = run(cli, "train", "--config", config, "--out", out)
        assert code == 1
        assert out.read_bytes() == b"precious\n"
        assert "Traceback" not in stderr and "Error in" not in stderr
        messages.append(stderr)
    assert messages[0] == messages[1]
    assert messages[0].startswith("twinnet: error: config file")
    assert "epochs must be a whole number in [1, 2147483647], got 0" in messages[0]


@pytest.mark.parametrize("change", [{"lr": 0.5}, {"seed": 3}, {"mode": "exact"}, {"loss": "mse"}])
def test_resume_refuses_a_changed_setting_in_both_languages(tmp_path, change):
    config = toy_files(tmp_path, epochs=4)
    messages = []
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        out = tmp_path / f"model_{lang}.json"
        assert run(cli, "train", "--config", config, "--out", out, "--quiet")[0] == 0
        before = out.read_bytes()
        changed = toy_files(tmp_path, epochs=8, **change)
        code, _, stderr = run(cli, "train", "--config", changed, "--out", out, "--resume")
        toy_files(tmp_path, epochs=4)
        assert code == 1 and out.read_bytes() == before
        messages.append(stderr.replace(str(out), "OUT"))
    assert messages[0] == messages[1]
    key = next(iter(change))
    assert f"cannot resume OUT: its {key} is " in messages[0]
