"""The parity tools themselves: a one-ULP change is found and located."""

import numpy as np

from parity import FIXTURES, first_divergence, model_stepper, r, r_model_stepper, to_r, ulps
from twinnet import MLP
from twinnet.io import read_matrix

X = read_matrix(FIXTURES / "seed000_toy" / "x.csv")
Y = read_matrix(FIXTURES / "seed000_toy" / "y.csv", "Y")


def test_ulps_counts_representable_doubles_in_python_and_r():
    one_up = np.nextafter(1.0, 2.0)
    assert ulps([1.0], [one_up]) == 1
    assert ulps([0.0], [-0.0]) == 0
    assert ulps([-5e-324], [5e-324]) == 2
    assert ulps([1.0, 2.0], [1.0, np.nextafter(np.nextafter(2.0, 3.0), 3.0)]) == 2
    pairs = [
        (1.0, one_up),
        (0.0, -0.0),
        (-5e-324, 5e-324),
        (-1.5, -1.5),
        (1e300, 1e300 * (1 + 2**-52)),
    ]
    a, b = zip(*pairs)
    for x, y in pairs:
        assert r["ulps"](float(x), float(y))[0] == ulps([x], [y]), (x, y)
    assert r["ulps"](to_r(np.array(a)), to_r(np.array(b)))[0] == ulps(a, b)


def test_one_ulp_in_one_r_weight_is_found_and_located():
    model = MLP([4, 3, 1], lr=0.1, seed=42, mode="exact")
    w2 = model.weights[1].copy()
    w2[1, 0] = np.nextafter(w2[1, 0], np.inf)
    r_model = r["mlp"](
        to_r([4, 3, 1]),
        lr=0.1,
        mode="exact",
        weights=r["list"](to_r(model.weights[0]), to_r(w2)),
        biases=r["list"](to_r(model.biases[0]), to_r(model.biases[1])),
    )
    found = first_divergence(model_stepper(model, X, Y), r_model_stepper(r_model, X, Y), 10)
    assert found is not None
    # W_2 feeds the output (whose sigmoid rounds to the same doubles here) and
    # the hidden delta D_1 = (D_2 %*% t(W_2)) * f'(A_1), which moves.
    assert (found.epoch, found.quantity, found.layer) == (1, "delta", 1), str(found)
    assert 1 <= found.ulps <= 4, str(found)


def test_identical_runs_have_no_divergence():
    model = MLP([4, 3, 1], lr=0.1, seed=42, mode="exact")
    r_model = r["mlp"](to_r([4, 3, 1]), lr=0.1, seed=42, mode="exact")
    assert first_divergence(model_stepper(model, X, Y), r_model_stepper(r_model, X, Y), 50) is None
