"""The catalogue of bad and hostile inputs (issue 10), one table of cases.

Each case writes its input files into an empty folder (one folder per
language), runs one command line (or one API call) in Python and in R, and
states the outcome docs/inputs.md decides for it:

- ``error``: exit status 1, standard error one line ``twinnet: error: MESSAGE``,
  MESSAGE the same text in both languages and matching ``pattern``
  (a regular expression, searched case-insensitively);
- ``usage``: exit status 2, a usage text then ``... error: MESSAGE``, the same
  MESSAGE in both languages, matching ``pattern``;
- ``ok``: exit status 0 and the ``outputs`` files the same numbers, bit for
  bit, in both languages (and, with ``reference``, the same as for a clean
  input); a case without ``outputs`` prints the same standard output in both
  (a help text only has to begin with the usage line).

A file that ``--out`` names and that exists before a failing run (the harness
writes one when the case does not) must be byte-identical afterwards, and no
temporary file may be left behind (zero lost files).

``python parity_tests/catalogue/cases.py`` prints docs/catalogue.md.
"""

import copy
import json
import os
import time
from dataclasses import dataclass, field

from twinnet import RRandom

# The section of docs/inputs.md that decides each group.
GROUPS = {
    "csv": ("CSV data files", [("CSV data files", "csv-data-files")]),
    "config": (
        "Configs",
        [("JSON files", "json-files-configs-and-model-files"), ("config.json", "configjson")],
    ),
    "model": (
        "Model files",
        [("JSON files", "json-files-configs-and-model-files"), ("Model files", "model-files")],
    ),
    "usage": ("The command line", [("The command line", "the-command-line")]),
    "saving": ("Saving and process faults", [("Writing files", "writing-files")]),
    "api": ("API misuse", [("The functions", "the-functions")]),
}


@dataclass
class Case:
    id: str
    group: str
    note: str
    expect: str  # "error", "usage" or "ok"
    pattern: str = ""
    argv: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # name -> str or bytes
    outputs: list = field(default_factory=list)  # files compared between languages
    reference: str = None  # clean data: the outputs must equal those of this input
    setup: object = None  # setup(folder), after the files are written
    check: object = None  # check(folder) -> list of problems, after the run
    py: str = None  # API cases: Python code setting `result`
    r: str = None  # API cases: R code whose value is the result
    subprocess: bool = False  # also run as real processes (exit code, no traceback)

    @property
    def status(self):
        return {"error": 1, "usage": 2, "ok": 0}[self.expect]


# The data, config and model every case starts from (XOR, a 2-2-1 network).
X = "x1,x2\n0,0\n0,1\n1,0\n1,1\n"
Y = "y1\n0\n1\n1\n0\n"
CONFIG = {
    "x": "x.csv",
    "y": "y.csv",
    "layers": [2, 2, 1],
    "epochs": 3,
    "lr": 0.5,
    "seed": 1,
    "mode": "exact",
}
MODEL = {
    "format": "twinnet-model",
    "version": 1,
    "config": {
        "layers": [2, 2, 1],
        "activation": "sigmoid",
        "loss": "half_sse",
        "lr": 0.5,
        "seed": 1,
        "bias": True,
        "mode": "exact",
    },
    "weights": [[[0.5, -0.25], [0.125, 1.0]], [[0.75], [-0.5]]],
    "biases": [[0.1, -0.2], [0.3]],
    "loss_history": [0.5, 0.25],
    "rng_state": [int(v) for v in RRandom(1).state()],
    "optimizer": None,
}
BASE = {"x.csv": X, "y.csv": Y, "config.json": json.dumps(CONFIG), "model.json": json.dumps(MODEL)}

TRAIN = ["train", "--config", "config.json", "--out", "m.json", "--quiet"]
PREDICT = ["predict", "--model", "model.json", "--x", "x.csv", "--out", "p.csv", "--quiet"]

CASES = []


def add(id, group, note, expect, pattern="", **kw):
    kw["files"] = {**BASE, **kw.get("files", {})}
    CASES.append(Case(id, group, note, expect, pattern, **kw))


def config_text(**changes):
    """The base config with keys changed (a value of ``...`` removes the key)."""
    config = {**CONFIG, **changes}
    return json.dumps({k: v for k, v in config.items() if v is not ...}, ensure_ascii=False)


def model_text(edit):
    """The base model file after ``edit(model)`` changed it in place."""
    model = copy.deepcopy(MODEL)
    edit(model)
    return json.dumps(model)


def nested(depth):
    return "[" * depth + "]" * depth


# ---------------------------------------------------------------- CSV data

NOT_A_NUMBER = r"not a number|non-numeric"
NON_FINITE = r"missing|NaN|infinite|non-finite"


def csv(id, note, text, expect, pattern="", reference=None):
    add(
        id,
        "csv",
        note,
        expect,
        pattern,
        files={"data.csv": text},
        argv=["predict", "--model", "model.json", "--x", "data.csv", "--out", "p.csv", "--quiet"],
        outputs=["p.csv"] if expect == "ok" else [],
        reference=reference,
    )


csv(
    "csv-repeated-names",
    "repeated column names `a,a`",
    "a,a\n0,0\n0,1\n1,0\n1,1\n",
    "ok",
    reference=X,
)
csv(
    "csv-blank-first-name",
    "a blank first column name",
    ",x2\n0,0\n0,1\n",
    "error",
    r"column 1 has no name",
)
csv(
    "csv-blank-second-name",
    "a blank second column name",
    "x1,\n0,0\n0,1\n",
    "error",
    r"column 2 has no name",
)
csv(
    "csv-write-csv-row-names",
    "R's write.csv with its nameless row-name column",
    '"","x1","x2"\n"1",0,0\n"2",0,1\n"3",1,0\n"4",1,1\n',
    "error",
    r"column 1 has no name",
)
csv(
    "csv-trailing-comma",
    "every line ends with a comma (a third, nameless column)",
    "x1,x2,\n0,0,\n",
    "error",
    r"column 3 has no name",
)
csv(
    "csv-no-header",
    "no header row: the first line is numbers",
    "0,0\n0,1\n1,0\n1,1\n",
    "error",
    r"header",
)
csv("csv-no-header-signed", "no header row: signed decimals", "-1,2.5\n0,1\n", "error", r"header")
csv(
    "csv-header-mixed",
    "a header with one numeric name is still a header",
    "1,x2\n0,0\n0,1\n1,0\n1,1\n",
    "ok",
    reference=X,
)
csv(
    "csv-extra-cell",
    "a row one cell longer than the header",
    "x1,x2\n0,0\n0,1,5\n1,0\n",
    "error",
    r"(line|row) 3\b.*(3.*2|2.*3)",
)
csv(
    "csv-extra-cell-every-row",
    "every row one cell longer",
    "x1,x2\n0,0,9\n0,1,9\n",
    "error",
    r"(line|row) 2\b.*(3.*2|2.*3)",
)
csv(
    "csv-short-row",
    "a row one cell shorter",
    "x1,x2\n0,0\n0\n1,0\n",
    "error",
    r"(line|row) 3\b.*(1.*2|2.*1)",
)
csv("csv-hex", "0x10", "x1,x2\n0x10,0\n", "error", NOT_A_NUMBER)
csv("csv-true-false", "TRUE and FALSE", "x1,x2\nTRUE,FALSE\n", "error", NOT_A_NUMBER)
csv("csv-underscore", "1_000", "x1,x2\n1_000,0\n", "error", NOT_A_NUMBER)
csv(
    "csv-decimal-comma",
    'a decimal comma in quotes "1,5"',
    'x1,x2\n"1,5",0\n',
    "error",
    NOT_A_NUMBER,
)
csv("csv-text", "a word", "x1,x2\nabc,0\n", "error", NOT_A_NUMBER)
csv(
    "csv-lowercase-inf",
    "inf (Python's float() would take it)",
    "x1,x2\ninf,0\n",
    "error",
    NOT_A_NUMBER + "|" + NON_FINITE,
)
csv("csv-lowercase-nan", "nan", "x1,x2\nnan,0\n", "error", NOT_A_NUMBER + "|" + NON_FINITE)
csv("csv-na", "NA", "x1,x2\nNA,0\n0,1\n", "error", NON_FINITE)
csv("csv-empty-cell", "an empty cell", "x1,x2\n0,\n0,1\n", "error", NON_FINITE)
csv("csv-nan", "NaN", "x1,x2\n0,NaN\n", "error", NON_FINITE)
csv("csv-inf", "Inf", "x1,x2\nInf,0\n", "error", NON_FINITE)
csv("csv-minus-inf", "-Inf", "x1,x2\n-Inf,0\n", "error", NON_FINITE)
csv("csv-overflow", "1e400 overflows to infinity", "x1,x2\n1e400,0\n", "error", NON_FINITE)
csv(
    "csv-semicolons",
    "semicolon-separated (one column of text)",
    "x1;x2\n0;0\n",
    "error",
    NOT_A_NUMBER,
)
csv(
    "csv-nul-byte",
    "a NUL byte in a cell",
    b"x1,x2\n0,\x000\n",
    "error",
    NOT_A_NUMBER + r"|NUL|UTF-8",
)
csv("csv-latin1-header", "a Latin-1 header (not UTF-8)", b"x\xe91,x2\n0,0\n", "error", r"UTF-8")
csv("csv-latin1-cell", "a Latin-1 byte in a cell", b"x1,x2\n0,\xe9\n", "error", r"UTF-8")
csv("csv-utf16", "UTF-16 text", "x1,x2\n0,0\n".encode("utf-16"), "error", r"UTF-8")
csv("csv-empty-file", "an empty file", "", "error", r"empty")
csv("csv-only-blank-lines", "only blank lines", "\n\n\n", "error", r"empty")
csv("csv-header-only", "a header without rows", "x1,x2\n", "error", r"no rows|empty")
csv("csv-missing-file", "a file that does not exist", None, "error", r"not found")
csv("csv-bom", "a UTF-8 byte-order mark", b"\xef\xbb\xbf" + X.encode(), "ok", reference=X)
csv(
    "csv-quoted",
    "every cell in quotes",
    '"x1","x2"\n"0","0"\n"0","1"\n"1","0"\n"1","1"\n',
    "ok",
    reference=X,
)
csv("csv-spaces", "spaces around cells", "x1 , x2\n 0 , 0\n0,  1\n 1,0\n1 ,1\n", "ok", reference=X)
csv(
    "csv-blank-lines",
    "blank lines between rows",
    "x1,x2\n\n0,0\n0,1\n\n1,0\n1,1\n\n",
    "ok",
    reference=X,
)
csv("csv-crlf", "Windows line ends", X.replace("\n", "\r\n"), "ok", reference=X)
csv("csv-no-final-newline", "no newline after the last row", X.rstrip("\n"), "ok", reference=X)
csv(
    "csv-quoted-header-comma",
    "a quoted header name with a comma",
    '"a,b",x2\n0,0\n0,1\n1,0\n1,1\n',
    "ok",
    reference=X,
)
csv("csv-short-forms", ".5 and 5.", "x1,x2\n.5,5.\n", "ok", reference="x1,x2\n0.5,5.0\n")
csv("csv-plus-sign", "+1", "x1,x2\n+1,+0\n", "ok", reference="x1,x2\n1,0\n")
csv("csv-exponents", "1E2 and 2e-1", "x1,x2\n1E2,2e-1\n", "ok", reference="x1,x2\n100,0.2\n")
csv("csv-minus-zero", "-0", "x1,x2\n-0,0\n", "ok", reference="x1,x2\n0,0\n")
csv("csv-subnormal", "1e-320, a subnormal", "x1,x2\n1e-320,0\n", "ok", reference="x1,x2\n0,0\n")
csv(
    "csv-rounding",
    "digits past a double's precision, correctly rounded",
    "x1,x2\n0.30000000000000001665,0.1\n",
    "ok",
    reference="x1,x2\n0.3,0.1\n",
)
csv("csv-one-column", "one column for a 2-input network", "x1\n0\n1\n", "error", r"column")
add(
    "csv-directory",
    "csv",
    "a folder where a CSV file is due",
    "error",
    r"not found|folder|directory",
    files={"data.csv/keep": ""},
    argv=["predict", "--model", "model.json", "--x", "data.csv", "--out", "p.csv", "--quiet"],
)
for id, note, text, pattern in [
    (
        "csv-y-blank-name",
        "a targets file with a nameless column",
        '""\n0\n1\n1\n0\n',
        r"column 1 has no name",
    ),
    ("csv-y-rows", "fewer target rows than input rows", "y1\n0\n1\n1\n", r"rows"),
    ("csv-y-text", "a word among the targets", "y1\n0\nyes\n1\n0\n", NOT_A_NUMBER),
    (
        "csv-y-extra-cell",
        "a target row with an extra cell",
        "y1\n0\n1,1\n1\n0\n",
        r"(line|row) 3\b",
    ),
]:
    add(id, "csv", note, "error", pattern, files={"y.csv": text}, argv=TRAIN)

# ---------------------------------------------------------------- configs


def config(id, note, expect, pattern="", text=None, argv=TRAIN, files=None, **changes):
    text = config_text(**changes) if text is None else text
    add(
        id,
        "config",
        note,
        expect,
        pattern,
        files={"config.json": text, **(files or {})},
        argv=argv,
        outputs=["m.json"] if expect == "ok" else [],
    )


for value, label in [
    (0, "0"),
    (-1, "-1"),
    (1.5, "1.5"),
    ("5", "a string"),
    (None, "null"),
    (1e12, "1e12"),
    (2147483648, "2^31"),
    (True, "true"),
    ([5], "a list"),
    ({"n": 5}, "an object"),
]:
    slug = label.replace(" ", "-").replace("^", "")
    config(f"config-epochs-{slug}", f"epochs {label}", "error", r"epochs", epochs=value)
config("config-epochs-missing", "no epochs", "error", r"epochs", epochs=...)
config(
    "config-epochs-1.0",
    "epochs 1.0 is the integer 1",
    "ok",
    text=config_text(epochs=3).replace('"epochs": 3', '"epochs": 3.0'),
)
for value, label in [
    (0, "0"),
    (-0.5, "-0.5"),
    ("0.1", "a string"),
    (None, "null"),
    ([0.1], "a list"),
    (True, "true"),
]:
    config(f"config-lr-{label.replace(' ', '-')}", f"lr {label}", "error", r"\blr\b", lr=value)
config(
    "config-lr-1e999",
    "lr 1e999 (infinite)",
    "error",
    r"\blr\b|not valid JSON",
    text=config_text().replace('"lr": 0.5', '"lr": 1e999'),
)
for value, label in [
    (1.5, "1.5"),
    ("1", "a string"),
    (2147483648, "2^31"),
    (True, "true"),
    ([1], "a list"),
]:
    config(
        f"config-seed-{label.replace(' ', '-').replace('^', '')}",
        f"seed {label}",
        "error",
        r"seed",
        seed=value,
    )
config("config-mode-fast", 'mode "fast"', "error", r"mode", mode="fast")
config("config-mode-number", "mode 1", "error", r"mode", mode=1)
config("config-loss-unknown", 'loss "l2"', "error", r"loss", loss="l2")
config("config-loss-list", 'loss ["mse"] (a list)', "error", r"loss", loss=["mse"])
config("config-activation-number", "activation 3", "error", r"activation", activation=3)
config("config-bias-string", 'bias "yes"', "error", r"bias", bias="yes")
config("config-bias-number", "bias 1", "error", r"bias", bias=1)
config("config-description-number", "description 5", "error", r"description", description=5)
config(
    "config-description-unicode", "a non-ASCII description", "ok", description="modèle ünïcode ✓"
)
for value, label in [
    ([2], "one-size"),
    ([2, 0, 1], "zero"),
    ([2, 1.5, 1], "fraction"),
    ("2,2,1", "string"),
    ([[2, 2], 1], "nested"),
    ([], "empty"),
    ([2, None, 1], "null-size"),
]:
    config(f"config-layers-{label}", f"layers {json.dumps(value)}", "error", r"layer", layers=value)
config(
    "config-layers-too-wide",
    "layers [3, 2, 1] for 2 input columns",
    "error",
    r"column|input",
    layers=[3, 2, 1],
)
config(
    "config-layers-output",
    "layers [2, 2, 2] for 1 target column",
    "error",
    r"column|output",
    layers=[2, 2, 2],
)
NETWORK = [
    {"type": "dense", "n_in": 2, "n_out": 2, "init": "aflak"},
    {"type": "activation", "name": "tanh"},
    {"type": "dense", "n_in": 2, "n_out": 1, "init": "aflak"},
    {"type": "activation", "name": "sigmoid"},
]
config("config-network", "a network config", "ok", layers=..., network=NETWORK, loss="mse")
config(
    "config-layers-and-network",
    "both layers and network",
    "error",
    r"^(?!.*missing required).*network",
    network=NETWORK,
)
config(
    "config-neither",
    "neither layers nor network",
    "error",
    r"layers.*network|network.*layers",
    layers=...,
)
config(
    "config-network-type",
    "a layer of unknown type",
    "error",
    r"type",
    layers=...,
    network=[{"type": "conv"}],
)
config(
    "config-network-n-in-string",
    'a dense layer with n_in "2"',
    "error",
    r"n_in",
    layers=...,
    network=[{"type": "dense", "n_in": "2", "n_out": 1}],
)
config(
    "config-network-object", "network {} (an object)", "error", r"network", layers=..., network={}
)
config(
    "config-network-activation",
    "activation in a network config (unused)",
    "error",
    r"activation",
    layers=...,
    network=NETWORK,
    activation="tanh",
)
config(
    "config-network-bias",
    "bias in a network config (unused)",
    "error",
    r"bias",
    layers=...,
    network=NETWORK,
    bias=False,
)
config(
    "config-network-init-weights",
    "init_weights in a network config",
    "error",
    r"init_weights|initial weight",
    layers=...,
    network=NETWORK,
    init_weights=["w1.csv", "w2.csv"],
)
for key, value in [
    ("batch_size", 2),
    ("optimizer", "adam"),
    ("shuffle", True),
    ("momentum", 0.5),
    ("decay", 1e-12),
]:
    config(
        f"config-layers-{key}", f"{key} in a layers config (unused)", "error", key, **{key: value}
    )
config(
    "config-layers-optimizer-unknown",
    'optimizer "bogus" in a layers config',
    "error",
    r"optimizer",
    optimizer="bogus",
)
config("config-x-missing", "no x", "error", r"\bx\b", x=...)
config("config-x-number", "x 5 (a number)", "error", r"\bx\b", x=5)
config(
    "config-x-not-found", "x names a file that does not exist", "error", r"not found", x="nope.csv"
)
config("config-x-test-alone", "x_test without y_test", "error", r"x_test|y_test", x_test="x.csv")
config(
    "config-x-test-missing-quiet",
    "x_test names a missing file (run --quiet)",
    "error",
    r"not found",
    x_test="nope.csv",
    y_test="y.csv",
)
for value, label in [(0, "0"), (-1, "-1"), (1.5, "1.5"), ("2", "a string"), (True, "true")]:
    config(
        f"config-n-rows-{label.replace(' ', '-')}",
        f"n_rows {label}",
        "error",
        r"n_rows must be a whole number in \[1, 2147483647\] or null, got",
        n_rows=value,
    )
config(
    "config-n-rows-beyond-x",
    "n_rows 5 with 4 rows of data",
    "error",
    r"^n_rows is 5 but X file \S*x\.csv has 4 rows$",
    n_rows=5,
)
config(
    "config-n-rows-beyond-y",
    "n_rows 4 with 3 rows of targets",
    "error",
    r"^n_rows is 4 but Y file \S*y\.csv has 3 rows$",
    n_rows=4,
    files={"y.csv": "y1\n0\n1\n1\n"},
)
config(
    "config-conv-csv-x",
    "a network that starts with conv2d, its x a CSV table (not images)",
    "error",
    r"^X must be an array of images \(samples, height, width, channels\), got 2 dimensions$",
    layers=...,
    network=[
        {"type": "conv2d", "in_channels": 1, "filters": 1, "kernel": 1},
        {"type": "flatten"},
        {"type": "dense", "n_in": 2, "n_out": 1},
    ],
)
config("config-n-rows-2", "n_rows 2: the first two rows", "ok", n_rows=2)
config("config-n-rows-null", "n_rows null: every row", "ok", n_rows=None)
config("config-unknown-key", 'a misspelt key "epoch"', "error", r"unknown.*epoch", epoch=3)
DUPLICATE = '{"x": "x.csv", "y": "y.csv", "layers": [2, 2, 1], "epochs": 3, "epochs": 4, "seed": 1}'
config(
    "config-duplicate-key",
    "a key given twice",
    "error",
    r"epochs.*(duplicate|repeated|twice|more than once)|(duplicate|repeated|twice).*epochs",
    text=DUPLICATE,
)
config("config-bom", "a UTF-8 byte-order mark", "ok", text="\ufeff" + config_text())
for id, note, text in [
    ("config-line-comment", "a // comment", "// settings\n" + config_text()),
    ("config-block-comment", "a /* */ comment", "/* settings */ " + config_text()),
    ("config-trailing-comma", "a trailing comma", config_text()[:-1] + ", }"),
    ("config-nan-literal", "NaN (not JSON)", config_text().replace('"lr": 0.5', '"lr": NaN')),
    ("config-single-quotes", "single quotes", config_text().replace('"', "'")),
    ("config-empty-file", "an empty file", ""),
    ("config-truncated", "a file cut short", config_text()[:30]),
    ("config-two-objects", "two objects one after the other", config_text() + config_text()),
]:
    config(id, note, "error", r"not valid JSON", text=text)
config(
    "config-latin1",
    "a Latin-1 byte (not UTF-8)",
    "error",
    r"UTF-8|not valid JSON",
    text=config_text(description="caf\u00e9").encode("latin-1"),
)
config(
    "config-deep",
    "nesting 100 levels deep",
    "error",
    r"nest|deep|depth",
    text=config_text()[:-1] + ', "description": ' + nested(100) + "}",
)
config(
    "config-very-deep",
    "nesting 100,000 levels deep",
    "error",
    r"nest|deep|depth",
    text=config_text()[:-1] + ', "description": ' + nested(100_000) + "}",
)
config("config-list", "a JSON list, not an object", "error", r"JSON object", text="[1, 2]")
config("config-string", "a JSON string, not an object", "error", r"JSON object", text='"config"')
config(
    "config-not-found",
    "a config file that does not exist",
    "error",
    r"not found",
    argv=["train", "--config", "nope.json", "--out", "m.json", "--quiet"],
)
config(
    "config-directory",
    "a folder named as the config",
    "error",
    r"not found|folder|directory",
    argv=["train", "--config", ".", "--out", "m.json", "--quiet"],
)
RESUME = TRAIN + ["--resume"]
model_file = {"m.json": json.dumps(MODEL)}
config(
    "config-resume-lr",
    "--resume with a changed lr",
    "error",
    r"\blr\b.*(0\.5.*0\.9|0\.9.*0\.5)",
    argv=RESUME,
    files=model_file,
    lr=0.9,
)
config(
    "config-resume-seed",
    "--resume with a changed seed",
    "error",
    r"seed.*(1.*7|7.*1)",
    argv=RESUME,
    files=model_file,
    seed=7,
)
config(
    "config-resume-mode",
    "--resume with a changed mode",
    "error",
    r"mode.*(exact.*blas|blas.*exact)",
    argv=RESUME,
    files=model_file,
    mode="blas",
)
config(
    "config-resume-loss",
    "--resume with a changed loss",
    "error",
    r"loss.*(half_sse.*mse|mse.*half_sse)",
    argv=RESUME,
    files=model_file,
    loss="mse",
)
config(
    "config-resume-layers",
    "--resume with changed layers",
    "error",
    r"layers",
    argv=RESUME,
    files=model_file,
    layers=[2, 3, 1],
)
config("config-resume", "--resume with the same config", "ok", argv=RESUME, files=model_file)
config(
    "config-resume-checkpoints",
    "--resume with --checkpoint-every: the same model",
    "ok",
    argv=RESUME + ["--checkpoint-every", "1"],
    files=model_file,
)
# The training controls (issue 12): each value's rule, the combinations fit
# refuses (decided from the config, before any data is read), and the data
# files they name.
for id, note, changes, pattern in [
    ("alpha-negative", "alpha -1", {"alpha": -1}, r"alpha must be a finite number >= 0"),
    ("weight-decay-string", 'weight_decay "0.1"', {"weight_decay": "0.1"}, r"weight_decay"),
    ("lr-schedule-unknown", 'lr_schedule "optimal"', {"lr_schedule": "optimal"}, r"lr_schedule"),
    ("power-t-negative", "power_t -0.5", {"power_t": -0.5}, r"power_t"),
    ("nesterov-number", "nesterov 1", {"nesterov": 1}, r"nesterov must be true or false"),
    ("tol-string", 'tol "1e-4"', {"tol": "1e-4"}, r"tol must be a finite number >= 0 or null"),
    ("n-iter-0", "n_iter_no_change 0", {"n_iter_no_change": 0}, r"n_iter_no_change"),
    ("early-stopping-string", 'early_stopping "yes"', {"early_stopping": "yes"}, r"early_stop"),
    ("fraction-1", "validation_fraction 1", {"validation_fraction": 1}, r"\(0, 1\)"),
    ("stratify-null", "stratify null", {"stratify": None}, r"stratify must be true or false"),
    ("score-unknown", 'validation_score "auc"', {"validation_score": "auc"}, r"accuracy, r2"),
    ("abstol-negative", "abstol -1", {"abstol": -1}, r"abstol"),
    ("sample-weight-number", "sample_weight 1", {"sample_weight": 1}, r"sample_weight.*file name"),
    ("x-val-alone", "x_val without y_val", {"x_val": "x.csv"}, r"x_val and y_val go together"),
    (
        "weight-val-alone",
        "sample_weight_val without x_val",
        {"sample_weight_val": "w.csv"},
        r"sample_weight_val needs x_val",
    ),
    (
        "alpha-and-decay",
        "alpha and weight_decay both > 0",
        {"alpha": 0.1, "weight_decay": 0.1},
        r"alpha and weight_decay cannot both be > 0",
    ),
    ("nesterov-sgd", "nesterov with sgd (an MLP)", {"nesterov": True}, r"needs optimizer momentum"),
    (
        "adaptive-no-tol",
        'lr_schedule "adaptive" without tol',
        {"lr_schedule": "adaptive"},
        r"adaptive needs tol",
    ),
    (
        "x-val-and-fraction",
        "x_val and validation_fraction",
        {"x_val": "x.csv", "y_val": "y.csv", "validation_fraction": 0.5},
        r"cannot both be given",
    ),
    (
        "early-no-validation",
        "early_stopping without a validation set",
        {"early_stopping": True, "tol": 0.001},
        r"early_stopping needs a validation set",
    ),
    (
        "early-no-tol",
        "early_stopping without tol",
        {"early_stopping": True, "validation_fraction": 0.5},
        r"early_stopping needs tol",
    ),
    ("stratify-alone", "stratify without validation_fraction", {"stratify": True}, r"stratify"),
    (
        "power-t-constant",
        "power_t with lr_schedule constant (it would be ignored)",
        {"power_t": 0.25},
        r"power_t is not used by lr_schedule 'constant' \(only by 'invscaling'\)",
    ),
    (
        "n-iter-no-tol",
        "n_iter_no_change without tol (it would be ignored)",
        {"n_iter_no_change": 5, "tol": None},
        r"n_iter_no_change is not used without tol \(tol null: training never stops early\)",
    ),
    (
        "score-no-validation",
        "validation_score without a validation set",
        {"validation_score": "accuracy"},
        r"validation_score needs a validation set",
    ),
    (
        "weights-missing",
        "a sample_weight file that is not there",
        {"sample_weight": "nope.csv"},
        r"sample weight file not found: .*nope\.csv",
    ),
    (
        "weights-two-columns",
        "a sample_weight file of two columns",
        {"sample_weight": "x.csv"},
        r"sample weight file .*x\.csv must have one column, got 2",
    ),
    (
        "weights-short",
        "3 weights for 4 rows",
        {"sample_weight": "w3.csv"},
        r"sample_weight has 3 values but X has 4 rows",
    ),
    (
        "weights-negative",
        "a negative weight",
        {"sample_weight": "wneg.csv"},
        r"sample_weight must be numbers >= 0, got -1 at row 2",
    ),
    (
        "weights-zero",
        "weights all zero",
        {"sample_weight": "w0.csv"},
        r"sample_weight must not be all zero",
    ),
    (
        "split-no-training-rows",
        "validation_fraction 0.9 of 4 rows leaves none for training",
        {"validation_fraction": 0.9},
        r"leaves no rows for training",
    ),
    (
        "x-val-columns",
        "a validation set of another width",
        {"x_val": "w3.csv", "y_val": "y.csv"},
        r"X_val has 1 columns? but",
    ),
]:
    config(
        f"config-{id}",
        note,
        "error",
        pattern,
        files={
            "w3.csv": "w\n1\n2\n3\n",
            "wneg.csv": "w\n1\n-1\n1\n1\n",
            "w0.csv": "w\n0\n0\n0\n0\n",
        },
        **changes,
    )
config(
    "config-early-stopping-checkpoints",
    "early_stopping with --checkpoint-every",
    "error",
    r"early_stopping cannot be used with checkpoint_every",
    argv=TRAIN + ["--checkpoint-every", "1"],
    early_stopping=True,
    tol=0.001,
    validation_fraction=0.5,
)
WEIGHTS = {"w.csv": "w\n1\n0.5\n2\n0\n", "wv.csv": "w\n1\n1\n0.25\n1\n"}
config(
    "config-training-controls",
    "weights, alpha, a stratified split, early stopping, adaptive: the same model in both",
    "ok",
    files=WEIGHTS,
    epochs=30,
    sample_weight="w.csv",
    alpha=0.01,
    validation_fraction=0.5,
    stratify=True,
    early_stopping=True,
    tol=0.001,
    n_iter_no_change=2,
    lr_schedule="adaptive",
    validation_score="accuracy",
)
config(
    "config-validation-files",
    "a validation set from files, with weights, and abstol: the same model in both",
    "ok",
    files=WEIGHTS,
    x_val="x.csv",
    y_val="y.csv",
    sample_weight_val="wv.csv",
    weight_decay=0.01,
    lr_schedule="invscaling",
    abstol=0.2,
)
config("config-tol-null", "tol null (the default)", "ok", tol=None, validation_fraction=None)
TARGETS = r"Y has the value .*(row|column).*output gives values between"
for id, note, y, pattern in [
    ("config-targets-two", "classes 0, 1, 2 for a sigmoid output", "y1\n0\n1\n2\n0\n", TARGETS),
    ("config-targets-five", "targets 5 and -3 for a sigmoid output", "y1\n5\n-3\n5\n5\n", TARGETS),
]:
    config(id, note, "error", pattern, files={"y.csv": y})
TANH_NET = [
    {"type": "dense", "n_in": 2, "n_out": 2},
    {"type": "activation", "name": "tanh"},
    {"type": "dense", "n_in": 2, "n_out": 1},
]
config(
    "config-targets-tanh",
    "a target -2 for a tanh output",
    "error",
    r"Y has the value -2 .*between -1 and 1",
    files={"y.csv": "y1\n0\n1\n-2\n0\n"},
    layers=...,
    network=TANH_NET + [{"type": "activation", "name": "tanh"}],
    loss="mse",
)
config(
    "config-targets-dense-output",
    "targets 5 and -3 for a dense (linear) output: trained",
    "ok",
    files={"y.csv": "y1\n5\n-3\n5\n5\n"},
    layers=...,
    network=TANH_NET,
    loss="mse",
)

# ---------------------------------------------------------------- model files


def model(id, note, expect, pattern="", edit=None, text=None, argv=PREDICT):
    if text is None:
        text = model_text(edit) if edit else json.dumps(MODEL)
    add(
        id,
        "model",
        note,
        expect,
        pattern,
        files={"model.json": text},
        argv=argv,
        outputs=["p.csv"] if expect == "ok" else [],
    )


def setter(*path_and_value):
    *path, value = path_and_value

    def edit(m):
        target = m
        for key in path[:-1]:
            target = target[key]
        if value is ...:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return edit


W = r"weight"
model("model-weight-null", "a null weight", "error", W, setter("weights", 0, 0, 1, None))
model("model-weight-string", 'a weight "0.5"', "error", W, setter("weights", 0, 0, 1, "0.5"))
model("model-weight-bool", "a weight true", "error", W, setter("weights", 0, 0, 1, True))
model("model-weight-list", "a weight [0.5]", "error", W, setter("weights", 0, 0, 1, [0.5]))
model(
    "model-weight-ragged",
    "a ragged row (R would recycle it)",
    "error",
    W,
    setter("weights", 0, 1, [0.125]),
)
model(
    "model-weight-long-rows",
    "rows one number too long",
    "error",
    W,
    setter("weights", 0, [[0.5, -0.25, 1.0], [0.125, 1.0, 1.0]]),
)
model("model-weight-few-rows", "one row too few", "error", W, setter("weights", 0, [[0.5, -0.25]]))
model("model-weight-empty", "an empty matrix", "error", W, setter("weights", 0, []))
model(
    "model-weight-infinite",
    "a weight 1e999 (infinite)",
    "error",
    r"weight|finite|not valid JSON",
    text=json.dumps(MODEL).replace("0.125", "1e999", 1),
)
model("model-weights-number", "weights 5", "error", W, setter("weights", 5))
model(
    "model-weights-flat",
    "weights one matrix deep too few",
    "error",
    W,
    setter("weights", [[0.5, -0.25], [0.125, 1.0]]),
)
model(
    "model-weights-count",
    "one weight matrix for two layers",
    "error",
    W,
    setter("weights", MODEL["weights"][:1]),
)
model("model-weights-missing", "no weights", "error", W, setter("weights", ...))
model(
    "model-weights-shape",
    "config layers [2, 3, 1] with 2 x 2 weights",
    "error",
    W + r"|layer",
    setter("config", "layers", [2, 3, 1]),
)
model("model-bias-long", "a bias row too long", "error", r"bias", setter("biases", 1, [0.3, 0.4]))
model("model-bias-null", "a null bias", "error", r"bias", setter("biases", 0, 0, None))
model("model-biases-missing", "no biases", "error", r"bias", setter("biases", ...))
model(
    "model-biases-bias-off",
    "bias off but bias rows given",
    "error",
    r"bias",
    setter("config", "bias", False),
)
model(
    "model-loss-history-string",
    'loss_history "abc"',
    "error",
    r"loss_history",
    setter("loss_history", "abc"),
)
model(
    "model-loss-history-null",
    "loss_history [null]",
    "error",
    r"loss_history",
    setter("loss_history", [None]),
)
model(
    "model-loss-history-object",
    "loss_history {}",
    "error",
    r"loss_history",
    setter("loss_history", {}),
)
model(
    "model-loss-history-missing",
    "no loss_history",
    "error",
    r"loss_history",
    setter("loss_history", ...),
)
model(
    "model-rng-short",
    "rng_state of 625 integers",
    "error",
    r"rng_state",
    setter("rng_state", MODEL["rng_state"][:625]),
)
model(
    "model-rng-string",
    "rng_state of strings",
    "error",
    r"rng_state",
    setter("rng_state", [str(v) for v in MODEL["rng_state"]]),
)
model(
    "model-rng-overflow",
    "rng_state with 2^32",
    "error",
    r"rng_state",
    setter("rng_state", [4294967296] + MODEL["rng_state"][1:]),
)
model(
    "model-rng-fraction",
    "rng_state with 0.5",
    "error",
    r"rng_state",
    setter("rng_state", [0.5] + MODEL["rng_state"][1:]),
)
DUP_TOP = json.dumps(MODEL)[:-1] + ', "weights": [[[9, 9], [9, 9]], [[9], [9]]]}'
model(
    "model-duplicate-key",
    "weights given twice",
    "error",
    r"weights.*(duplicate|repeated|twice|more than once)|(duplicate|repeated|twice).*weights",
    text=DUP_TOP,
)
DUP_CFG = json.dumps(MODEL).replace('"lr": 0.5', '"lr": 0.5, "lr": 0.9')
model(
    "model-duplicate-config-key",
    "lr given twice in config",
    "error",
    r"\blr\b.*(duplicate|repeated|twice|more than once)|(duplicate|repeated|twice).*\blr\b",
    text=DUP_CFG,
)
model(
    "model-version-1.0",
    "version 1.0 is version 1",
    "ok",
    text=json.dumps(MODEL).replace('"version": 1', '"version": 1.0'),
)
model("model-version-2", "version 2", "error", r"version", setter("version", 2))
model("model-version-string", 'version "1"', "error", r"version", setter("version", "1"))
model("model-version-missing", "no version", "error", r"version", setter("version", ...))
model(
    "model-format-other",
    "another format",
    "error",
    r"not a twinnet model",
    setter("format", "keras"),
)
model("model-format-missing", "no format", "error", r"not a twinnet model", setter("format", ...))
model("model-list", "a JSON list", "error", r"not a twinnet model", text="[1, 2]")
model("model-empty", "an empty file", "error", r"not valid JSON", text="")
model(
    "model-truncated", "a file cut short", "error", r"not valid JSON", text=json.dumps(MODEL)[:200]
)
model(
    "model-trailing-garbage",
    "text after the JSON",
    "error",
    r"not valid JSON",
    text=json.dumps(MODEL) + "\nextra",
)
model("model-is-csv", "a CSV file given as the model", "error", r"not valid JSON", text=X)
model(
    "model-deep",
    "nesting 100,000 levels deep",
    "error",
    r"nest|deep|depth",
    text=json.dumps(MODEL)[:-1] + ', "extra": ' + nested(100_000) + "}",
)
model("model-bom", "a UTF-8 byte-order mark", "ok", text="\ufeff" + json.dumps(MODEL))
model("model-config-missing", "no config", "error", r"config", setter("config", ...))
model(
    "model-config-layers-string",
    'config layers "2,2,1"',
    "error",
    r"layer",
    setter("config", "layers", "2,2,1"),
)
model(
    "model-config-lr-string", 'config lr "0.5"', "error", r"\blr\b", setter("config", "lr", "0.5")
)
model("model-config-mode", 'config mode "fast"', "error", r"mode", setter("config", "mode", "fast"))
model(
    "model-config-activation",
    'config activation "nope"',
    "error",
    r"activation",
    setter("config", "activation", "nope"),
)
model("model-config-loss", 'config loss "nope"', "error", r"loss", setter("config", "loss", "nope"))
model(
    "model-config-bias-string",
    'config bias "true"',
    "error",
    r"bias",
    setter("config", "bias", "true"),
)
model(
    "model-config-seed-string", 'config seed "1"', "error", r"seed", setter("config", "seed", "1")
)
model(
    "model-optimizer-unknown",
    'optimizer {"name": "bogus"}',
    "error",
    r"optimi",
    setter("optimizer", {"name": "bogus", "settings": {}, "state": {}}),
)
model("model-optimizer-string", 'optimizer "adam"', "error", r"optimi", setter("optimizer", "adam"))
model("model-unknown-key", "an unknown top-level entry", "error", r"extra", setter("extra", 1))
model(
    "model-not-found",
    "a model file that does not exist",
    "error",
    r"not found",
    argv=["predict", "--model", "nope.json", "--x", "x.csv", "--out", "p.csv", "--quiet"],
)
model(
    "model-x-columns",
    "3 input columns for a 2-input model",
    "error",
    r"column|input",
    argv=["predict", "--model", "model.json", "--x", "x3.csv", "--out", "p.csv", "--quiet"],
)
CASES[-1].files["x3.csv"] = "a,b,c\n0,0,0\n"
model(
    "model-evaluate-y-columns",
    "evaluate with 2 target columns for 1 output",
    "error",
    r"column|output",
    argv=["evaluate", "--model", "model.json", "--x", "x.csv", "--y", "y2.csv"],
)
CASES[-1].files["y2.csv"] = "a,b\n0,1\n1,0\n1,0\n0,1\n"
model(
    "model-compare-duplicate",
    "compare a model with a duplicate key",
    "error",
    r"duplicate|repeated|twice|more than once",
    text=DUP_TOP,
    argv=["compare", "--a", "model.json", "--b", "model.json"],
)
model(
    "model-compare-with-csv",
    "compare a model file with a CSV file",
    "error",
    r"model file.*CSV|CSV.*model file",
    argv=["compare", "--a", "model.json", "--b", "x.csv"],
)
add(
    "model-resume-ragged",
    "model",
    "--resume from a model with a ragged row",
    "error",
    W,
    files={"m.json": model_text(setter("weights", 0, 1, [0.125]))},
    argv=RESUME,
)
add(
    "model-resume-null-weight",
    "model",
    "--resume from a model with a null weight",
    "error",
    W,
    files={"m.json": model_text(setter("weights", 1, 0, 0, None))},
    argv=RESUME,
)

# ---------------------------------------------------------------- the command line


def usage(id, note, argv, pattern, expect="usage"):
    add(id, "usage", note, expect, pattern, argv=argv)


usage("usage-no-verb", "no verb at all", [], r"required.*VERB|VERB.*required")
usage("usage-unknown-verb", "an unknown verb", ["fly"], r"invalid choice: 'fly'")
usage(
    "usage-train-no-config",
    "train without --config",
    ["train", "--out", "m.json"],
    r"required: --config",
)
usage("usage-train-no-flags", "train without its flags", ["train"], r"required: --(config|out)")
usage(
    "usage-predict-no-x",
    "predict without --x",
    ["predict", "--model", "model.json", "--out", "p.csv"],
    r"required: --x",
)
usage("usage-epochs-0", "--epochs 0", TRAIN + ["--epochs", "0"], r"--epochs.*'0'")
usage(
    "usage-epochs-text",
    "--epochs abc",
    TRAIN + ["--epochs", "abc"],
    r"--epochs: invalid int value: 'abc'",
)
usage(
    "usage-epochs-fraction",
    "--epochs 1.5",
    TRAIN + ["--epochs", "1.5"],
    r"--epochs: invalid int value: '1.5'",
)
usage(
    "usage-epochs-huge",
    "--epochs 99999999999 (beyond 2147483647)",
    TRAIN + ["--epochs", "99999999999"],
    r"--epochs.*99999999999",
)
usage("usage-mode", "--mode fast", TRAIN + ["--mode", "fast"], r"--mode: invalid choice: 'fast'")
usage("usage-unknown-flag", "an unknown flag", TRAIN + ["--foo"], r"unrecognized arguments: --foo")
usage(
    "usage-abbreviated-flag",
    "an abbreviated flag --conf",
    ["train", "--conf", "config.json", "--out", "m.json"],
    r"--conf\b",
)
usage(
    "usage-stray-word", "a stray word", ["train", "foo"] + TRAIN[1:], r"unrecognized arguments: foo"
)
usage(
    "usage-missing-value",
    "--out without its value",
    ["train", "--config", "config.json", "--out"],
    r"--out: expected one argument",
)
usage(
    "usage-tolerance-text",
    "--tolerance abc",
    ["compare", "--a", "model.json", "--b", "model.json", "--tolerance", "abc"],
    r"--tolerance: invalid float value: 'abc'",
)
usage(
    "usage-tolerance-nan",
    "--tolerance nan",
    ["compare", "--a", "model.json", "--b", "model.json", "--tolerance", "nan"],
    r"--tolerance.*nan",
)
usage(
    "usage-predict-no-inputs",
    "predict with neither --x nor --data",
    ["predict", "--model", "model.json", "--out", "p.csv"],
    r"the following arguments are required: --x or --data",
)
usage(
    "usage-predict-x-and-data",
    "predict with both --x and --data",
    ["predict", "--model", "model.json", "--x", "x.csv", "--data", "x.csv", "--out", "p.csv"],
    r"argument --x: not allowed with argument --data",
)
usage(
    "usage-predict-label-without-data",
    "predict --x with --label",
    ["predict", "--model", "model.json", "--x", "x.csv", "--label", "y", "--out", "p.csv"],
    r"argument --label: only with argument --data",
)
usage(
    "usage-evaluate-data-without-label",
    "evaluate --data without --label",
    ["evaluate", "--model", "model.json", "--data", "x.csv"],
    r"the following arguments are required with --data: --label",
)
usage(
    "usage-evaluate-x-without-y",
    "evaluate --x without --y",
    ["evaluate", "--model", "model.json", "--x", "x.csv"],
    r"the following arguments are required with --x: --y",
)
usage(
    "usage-tolerance-negative",
    "--tolerance -1",
    ["compare", "--a", "model.json", "--b", "model.json", "--tolerance", "-1"],
    r"--tolerance: must be a number >= 0: '-1'",
)
usage(
    "usage-noise-underscore",
    "--noise 1_0 (Python's float() would take it)",
    ["datasets", "--name", "moons", "--noise", "1_0", "--out", "d"],
    r"--noise: invalid float value: '1_0'",
)
usage(
    "usage-sd-hex",
    "--sd 0x10 (R's as.numeric() would take it)",
    ["datasets", "--name", "blobs", "--sd", "0x10", "--out", "d"],
    r"--sd: invalid float value: '0x10'",
)
usage(
    "usage-factor-overflow",
    "--factor 1e999 (overflows to infinity)",
    ["datasets", "--name", "circles", "--factor", "1e999", "--out", "d"],
    r"--factor: must be a finite number: '1e999'",
)
usage(
    "usage-two-unknown-flags",
    "two unknown flags, both named",
    ["train", "--config", "config.json", "--out", "m.json", "--zz", "--yy", "3"],
    r"unrecognized arguments: --zz --yy 3",
)
usage(
    "usage-datasets-name",
    "datasets --name nope",
    ["datasets", "--name", "nope", "--out", "d"],
    r"--name: invalid choice: 'nope'",
)
usage(
    "usage-datasets-n",
    "datasets --n 0",
    ["datasets", "--name", "moons", "--n", "0", "--out", "d"],
    r"--n.*'0'",
)
usage(
    "usage-datasets-seed",
    "datasets --seed x",
    ["datasets", "--name", "moons", "--seed", "x", "--out", "d"],
    r"--seed: invalid int value: 'x'",
)
usage(
    "usage-plot-kind",
    "plot --kind pie",
    ["plot", "--model", "model.json", "--kind", "pie", "--out", "p.png"],
    r"--kind: invalid choice: 'pie'",
)
usage(
    "usage-trace-digits",
    "trace --digits 0",
    ["trace", "--config", "config.json", "--digits", "0"],
    r"--digits.*'0'",
)
usage(
    "usage-checkpoint-every",
    "--checkpoint-every 0",
    TRAIN + ["--checkpoint-every", "0"],
    r"--checkpoint-every.*'0'",
)
usage("usage-help", "--help", ["--help"], "", expect="ok")
usage("usage-train-help", "train --help", ["train", "--help"], "", expect="ok")
usage(
    "usage-equals-form", "--epochs=2 (argparse's = form)", TRAIN + ["--epochs=2"], "", expect="ok"
)
CASES[-1].outputs = ["m.json"]
usage(
    "usage-plot-needs-x",
    "plot --kind boundary without --x",
    ["plot", "--model", "model.json", "--kind", "boundary", "--out", "b.png"],
    r"needs --x and --y",
    expect="error",
)
usage(
    "usage-compare-same",
    "compare a model file with itself",
    ["compare", "--a", "model.json", "--b", "model.json"],
    "",
    expect="ok",
)

# ---------------------------------------------------------------- saving and process faults


def mknod(name, minor):
    def setup(folder):
        os.mknod(os.path.join(folder, name), 0o666 | 0o020000, os.makedev(1, minor))

    return setup


def still_chardev(name):
    def check(folder):
        import stat

        mode = os.lstat(os.path.join(folder, name)).st_mode
        return [] if stat.S_ISCHR(mode) else [f"{name} is no longer a character device"]

    return check


def link_to(name, target):
    def setup(folder):
        os.makedirs(os.path.join(folder, os.path.dirname(target)), exist_ok=True)
        os.symlink(target, os.path.join(folder, name))

    return setup


def still_link(name, target):
    def check(folder):
        path = os.path.join(folder, name)
        problems = [] if os.path.islink(path) else [f"{name} is no longer a symbolic link"]
        if not os.path.isfile(os.path.join(folder, target)):
            problems.append(f"the link's target {target} was not written")
        return problems

    return check


def temp_file(name, age):
    def setup(folder):
        path = os.path.join(folder, name)
        with open(path, "w") as handle:
            handle.write("left by a killed run\n")
        past = time.time() - age
        os.utime(path, (past, past))

    return setup


def gone(name):
    return lambda folder: (
        [f"{name} is still there"] if os.path.exists(os.path.join(folder, name)) else []
    )


def kept(name):
    return lambda folder: (
        [] if os.path.exists(os.path.join(folder, name)) else [f"{name} was removed"]
    )


def chmod(name, mode):
    return lambda folder: os.chmod(os.path.join(folder, name), mode)


def has_mode(name, mode):
    def check(folder):
        got = os.stat(os.path.join(folder, name)).st_mode & 0o777
        return [] if got == mode else [f"{name} has mode {got:o}, not {mode:o}"]

    return check


def saving(id, note, expect, pattern="", out="m.json", argv=None, **kw):
    argv = argv or ["train", "--config", "config.json", "--out", out, "--quiet"]
    add(id, "saving", note, expect, pattern, argv=argv, **kw)


saving(
    "saving-missing-folder",
    "--out in a folder that does not exist",
    "error",
    r"could not write.*nofolder",
    out="nofolder/m.json",
)
saving(
    "saving-out-is-folder",
    "--out names a folder",
    "error",
    r"could not write.*sub|sub.*folder",
    out="sub",
    files={"sub/keep": ""},
)
saving(
    "saving-dev-null",
    "--out a device like /dev/null (written, not replaced)",
    "ok",
    out="null",
    setup=mknod("null", 3),
    check=still_chardev("null"),
)
saving(
    "saving-dev-full",
    "--out a full device like /dev/full",
    "error",
    r"could not write.*full",
    out="full",
    setup=mknod("full", 7),
    check=still_chardev("full"),
)
saving(
    "saving-proc",
    "--out where no file can be created (/proc)",
    "error",
    r"could not write",
    out="/proc/twinnet-catalogue.json",
)
saving(
    "saving-symlink",
    "--out a symbolic link (its target is written)",
    "ok",
    out="link.json",
    files={"real/target.json": "old\n"},
    setup=link_to("link.json", "real/target.json"),
    check=still_link("link.json", "real/target.json"),
    outputs=["real/target.json"],
)
saving(
    "saving-dangling-symlink",
    "--out a link whose target does not exist yet",
    "ok",
    out="link.json",
    setup=link_to("link.json", "real/new.json"),
    check=still_link("link.json", "real/new.json"),
    outputs=["real/new.json"],
)
saving(
    "saving-non-ascii-name",
    "a non-ASCII file name",
    "ok",
    out="modèle ✓.json",
    outputs=["modèle ✓.json"],
    subprocess=True,
)
saving(
    "saving-stale-temp",
    "a killed run's temporary file (2 hours old) is removed",
    "ok",
    setup=temp_file(".twinnet-killed.tmp", 7200),
    check=gone(".twinnet-killed.tmp"),
    outputs=["m.json"],
)
saving(
    "saving-fresh-temp",
    "another run's fresh temporary file is kept",
    "ok",
    setup=temp_file(".twinnet-running.tmp", 60),
    check=kept(".twinnet-running.tmp"),
    outputs=["m.json"],
)
saving(
    "saving-keeps-mode",
    "an existing file keeps its permissions",
    "ok",
    files={"m.json": "old\n"},
    setup=chmod("m.json", 0o640),
    check=has_mode("m.json", 0o640),
    outputs=["m.json"],
)
saving(
    "saving-umask",
    "a new file gets the umask's permissions (022: 644)",
    "ok",
    check=has_mode("m.json", 0o644),
    outputs=["m.json"],
)
saving("saving-empty-name", '--out ""', "error", r"could not write|out", out="")
saving(
    "saving-predict-folder",
    "predict --out names a folder",
    "error",
    r"could not write.*sub|sub.*folder",
    argv=["predict", "--model", "model.json", "--x", "x.csv", "--out", "sub", "--quiet"],
    files={"sub/keep": ""},
)
saving(
    "saving-trace-missing-folder",
    "trace --out in a folder that does not exist",
    "error",
    r"could not write.*nofolder",
    argv=["trace", "--config", "config.json", "--out", "nofolder/t.csv"],
)
saving(
    "saving-plot-missing-folder",
    "plot --out in a folder that does not exist",
    "error",
    r"could not write.*nofolder",
    argv=["plot", "--model", "model.json", "--kind", "loss", "--out", "nofolder/loss.png"],
)
saving(
    "saving-datasets-new-folder",
    "datasets --out a folder that does not exist yet (created)",
    "ok",
    argv=["datasets", "--name", "xor", "--out", "new/data"],
    outputs=["new/data/x.csv", "new/data/y.csv"],
)
saving(
    "saving-plot-proc",
    "plot --out where no file can be created (/proc)",
    "error",
    r"could not write",
    argv=["plot", "--model", "model.json", "--kind", "loss", "--out", "/proc/twinnet.png"],
)
saving(
    "saving-predict-keeps-old",
    "predict fails (bad X): the old predictions stay",
    "error",
    r"non-numeric",
    argv=["predict", "--model", "model.json", "--x", "bad.csv", "--out", "p.csv", "--quiet"],
    files={"bad.csv": "x1,x2\nabc,0\n", "p.csv": "y1\n0.5\n"},
)

# ---------------------------------------------------------------- the API

XOR_PY = "X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]]); Y = np.array([[0.0], [1], [1], [0]])\n"
XOR_R = "X <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), 4, 2); Y <- matrix(c(0, 1, 1, 0), 4, 1)\n"


def api(id, note, expect, pattern, py, r):
    add(id, "api", note, expect, pattern, py=XOR_PY + py, r=XOR_R + r)


api("api-layers-one", "one layer size", "error", r"layers must name", "MLP([2])", "mlp(c(2))")
api(
    "api-layers-zero",
    "a layer of size 0",
    "error",
    r"layer size",
    "MLP([2, 0, 1])",
    "mlp(c(2, 0, 1))",
)
api(
    "api-lr-negative",
    "lr -1",
    "error",
    r"\blr\b",
    "MLP([2, 2, 1], lr=-1)",
    "mlp(c(2, 2, 1), lr = -1)",
)
api(
    "api-mode-unknown",
    'mode "fast"',
    "error",
    r"mode",
    'MLP([2, 2, 1], mode="fast")',
    'mlp(c(2, 2, 1), mode = "fast")',
)
api(
    "api-seed-fraction",
    "seed 1.5",
    "error",
    r"seed",
    "MLP([2, 2, 1], seed=1.5)",
    "mlp(c(2, 2, 1), seed = 1.5)",
)
api(
    "api-rows-differ",
    "X and Y with different numbers of rows",
    "error",
    r"rows",
    "MLP([2, 2, 1]).fit(X, Y[:3], 1)",
    "fit(mlp(c(2, 2, 1)), X, Y[1:3, , drop = FALSE], 1)",
)
api(
    "api-predict-columns",
    "predict with 3 columns for 2 inputs",
    "error",
    r"column|input",
    "MLP([2, 2, 1]).predict(np.ones((2, 3)))",
    "predict(mlp(c(2, 2, 1)), matrix(1, 2, 3))",
)
api(
    "api-fit-nan",
    "a NaN in X",
    "error",
    r"NaN",
    "X[1, 1] = np.nan\nMLP([2, 2, 1]).fit(X, Y, 1)",
    "X[2, 2] <- NaN\nfit(mlp(c(2, 2, 1)), X, Y, 1)",
)
api(
    "api-fit-epochs-0",
    "fit for 0 epochs",
    "error",
    r"epochs",
    "MLP([2, 2, 1]).fit(X, Y, 0)",
    "fit(mlp(c(2, 2, 1)), X, Y, 0)",
)
api(
    "api-fit-text",
    "X of text",
    "error",
    r"numeric",
    'MLP([2, 2, 1]).fit(np.array([["a", "b"]]), Y[:1], 1)',
    'fit(mlp(c(2, 2, 1)), matrix(c("a", "b"), 1, 2), Y[1, , drop = FALSE], 1)',
)
api(
    "api-load-missing",
    "load_model of a missing file",
    "error",
    r"not found",
    'load_model("nope.json")',
    'load_model("nope.json")',
)
api(
    "api-save-missing-folder",
    "save_model into a missing folder",
    "error",
    r"could not write",
    'save_model(MLP([2, 2, 1]), "nofolder/m.json")',
    'save_model(mlp(c(2, 2, 1)), "nofolder/m.json")',
)
api(
    "api-save-not-a-model",
    "save_model of a number",
    "error",
    r"model",
    'save_model(5, "m.json")',
    'save_model(5, "m.json")',
)
api(
    "api-fit-predict",
    "fit and predict (exact mode): the same doubles",
    "ok",
    "",
    'result = MLP([2, 2, 1], seed=1, mode="exact", lr=0.5).fit(X, Y, 20).predict(X)',
    'predict(fit(mlp(c(2, 2, 1), seed = 1, mode = "exact", lr = 0.5), X, Y, 20), X)',
)


# ---------------------------------------------------------------- the page


def markdown():
    """docs/catalogue.md: every case, its input and what it gets."""
    lines = [
        "# The catalogue of hostile inputs",
        "",
        "Generated by `python parity_tests/catalogue/cases.py > docs/catalogue.md` from",
        "`parity_tests/catalogue/cases.py`; `parity_tests/test_catalogue.py` runs every case",
        "in Python and in R and checks that both decide as below (the same message text, or",
        "the same numbers bit for bit), with no traceback, no internal R error and no lost",
        "file. The rules are in [inputs.md](inputs.md).",
        "",
    ]
    for group, (title, sections) in GROUPS.items():
        cases = [c for c in CASES if c.group == group]
        rules = ", ".join(f"[{name}](inputs.md#{anchor})" for name, anchor in sections)
        lines += [
            f"## {title}",
            "",
            f"{len(cases)} cases. Rules: inputs.md, {rules}.",
            "",
            "| case | input | gets |",
            "|---|---|---|",
        ]
        for c in cases:
            gets = {
                "ok": "the same result",
                "error": "an error",
                "usage": "a usage error (exit 2)",
            }[c.expect]
            if c.expect != "ok" and c.pattern:
                gets += f" matching `{c.pattern}`".replace("|", "\\|")
            note = c.note.replace("|", "\\|")
            lines.append(f"| {c.id} | {note} | {gets} |")
        lines.append("")
    lines.append(f"{len(CASES)} cases in all.")
    return "\n".join(lines) + "\n"


assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"

if __name__ == "__main__":
    print(markdown(), end="")
