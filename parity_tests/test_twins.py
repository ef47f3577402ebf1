"""make twins (parity_tests/twins.py) on small made-up twin pairs: what it accepts and refuses."""

import pytest
import twins

PY_NET = '''"""A network."""


def _check(x):
    return x


class Network:
    def __init__(self):
        pass

    def fit(self, X):
        return self

    def _backward(self, X):
        return X

    def __repr__(self):
        return "Network()"


class MLP(Network):
    def gradients(self, X):
        return X
'''

R_NET = """# A network.

check <- function(x) x

network <- function() structure(list(), class = "twinnet_network")

fit.twinnet_network <- function(object, X, ...) object

network_backward <- function(net, X) X

print.twinnet_network <- function(x, ...) invisible(x)

mlp <- function() network()

mlp_gradients <- function(model, X) X
"""


def run(tmp_path, capsys, py, r, name="network"):
    py_dir, r_dir = tmp_path / "py", tmp_path / "R"
    py_dir.mkdir(exist_ok=True)
    r_dir.mkdir(exist_ok=True)
    if py is not None:
        (py_dir / f"{name}.py").write_text(py)
    if r is not None:
        (r_dir / f"{name}.R").write_text(r)
    status = twins.main([], py_dir=py_dir, r_dir=r_dir)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_twins_pairs_classes_methods_s3_methods_and_print(tmp_path, capsys):
    status, out, err = run(tmp_path, capsys, PY_NET, R_NET)
    assert status == 0, err
    assert "Network.fit" in out and "fit.twinnet_network" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("   ")]
    assert ["Network.__repr__", "print.twinnet_network"] in rows
    assert ["class", "MLP", "mlp"] in rows


def test_twins_fails_on_a_function_without_a_twin(tmp_path, capsys):
    status, _, err = run(tmp_path, capsys, PY_NET + "\n\ndef extra():\n    pass\n", R_NET)
    assert status == 1
    assert "network.py:" in err and "extra has no twin in network.R" in err


def test_twins_accepts_a_function_marked_one_side_with_a_reason(tmp_path, capsys):
    py = PY_NET + "\n\n# one side: numpy's in-place fast path\ndef extra():\n    pass\n"
    status, _, err = run(tmp_path, capsys, py, R_NET)
    assert status == 0, err
    # a bare "one side:" without a reason is not a mark
    status, _, err = run(
        tmp_path, capsys, PY_NET + "\n\n# one side:\ndef extra():\n    pass\n", R_NET
    )
    assert status == 1


def test_twins_fails_when_the_shared_functions_stand_in_another_order(tmp_path, capsys):
    r = R_NET.replace("check <- function(x) x\n", "") + "\ncheck <- function(x) x\n"
    status, _, err = run(tmp_path, capsys, PY_NET, r)
    assert status == 1
    assert "different order" in err


def test_twins_fails_on_a_file_without_a_twin_unless_it_says_why(tmp_path, capsys):
    status, _, err = run(tmp_path, capsys, '"""R has the generator."""\n', None, name="rng")
    assert status == 1 and "rng.py has no twin" in err
    text = '"""Mersenne Twister.\n\none side: R has the generator (set.seed)\n"""\n'
    status, out, err = run(tmp_path, capsys, text, None, name="rng")
    assert status == 0, err
    assert "rng.py: one side" in out


def test_twins_mark_pairs_names_the_idioms_force_apart(tmp_path, capsys):
    py = PY_NET + "\n\n# twin: as.network\ndef to_network(x):\n    return x\n"
    r = R_NET + "\nas.network <- function(x) x\n"
    status, _, err = run(tmp_path, capsys, py, r)
    assert status == 0, err
    status, _, err = run(tmp_path, capsys, py, R_NET)
    assert status == 1 and "twin as.network is not in network.R" in err


@pytest.mark.parametrize(
    "camel, snake",
    [("MLP", "mlp"), ("TwinnetClassifier", "twinnet_classifier"), ("RRandom", "r_random")],
)
def test_twins_class_names_become_r_constructor_names(camel, snake):
    assert twins.snake(camel) == snake


def test_twins_fails_on_a_long_file_unless_its_opening_comment_justifies_its_length(
    tmp_path, capsys
):
    body = "".join(f"\ndef f{i}():\n    pass\n" for i in range(200))
    r_body = "".join(f"\nf{i} <- function() NULL\n" for i in range(200))
    status, _, err = run(tmp_path, capsys, '"""Long."""\n' + body, "# Long.\n" + r_body)
    assert status == 1 and "network.py has 601 lines (over 500)" in err
    said = '"""Long.\n\nIts length (200 functions): a made-up test.\n"""\n'
    status, _, err = run(tmp_path, capsys, said + body, "# Long.\n" + r_body)
    assert status == 0, err


def test_twins_fails_on_an_r_file_the_collate_field_leaves_out(tmp_path, capsys):
    (tmp_path / "DESCRIPTION").write_text("Package: x\nCollate:\n    'other.R'\n    'network.R'\n")
    status, _, err = run(tmp_path, capsys, PY_NET, R_NET)
    assert status == 0, err
    (tmp_path / "DESCRIPTION").write_text("Package: x\nCollate:\n    'other.R'\n")
    status, _, err = run(tmp_path, capsys, PY_NET, R_NET)
    assert status == 1 and "R/network.R is not in the Collate field" in err
