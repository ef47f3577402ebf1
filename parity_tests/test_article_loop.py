"""The suite can fail: the Analytics Vidhya article's R loop, run as printed,
is not twinnet. Its bias matrix is replicated down the wrong axis and updated
with rowSums (a sum over units per sample), where the article's Python version
and twinnet sum over samples per unit. From the same seed, the parity tools
must find the two apart and say where."""

from pathlib import Path

import numpy as np

from parity import FIXTURES, first_divergence, model_stepper, r, r_matrices, to_r
from twinnet import MLP
from twinnet.io import read_matrix

r.source(str(Path(__file__).with_name("article_loop.R")))


def article_stepper(X, Y, lr, seed, byrow=False):
    state = {"s": r["article_init"](to_r(X), seed, byrow=byrow)}
    rX, rY = to_r(X), to_r(Y)

    def step():
        out = r["article_epoch"](state["s"], rX, rY, lr)
        state["s"] = out.rx2("state")
        return {
            "activations": r_matrices(out.rx2("activations")),
            "loss": float(out.rx2("loss")[0]),
            "deltas": r_matrices(out.rx2("deltas")),
            "weights": r_matrices(out.rx2("weights")),
            "biases": r_matrices(out.rx2("biases")),
        }

    return step


# Differences below a million ULPs (about 1e-10 relative) are rounding, not
# algorithm: R's %*% goes through BLAS here, not twinnet's exact products.
MATERIAL = 10**6
X = read_matrix(FIXTURES / "seed000_toy" / "x.csv")
Y = read_matrix(FIXTURES / "seed000_toy" / "y.csv", "Y")


def test_article_r_loop_differs_from_twinnet_and_the_report_names_where():
    model = MLP([4, 3, 1], lr=0.1, seed=42, mode="exact")

    # Same starting weights: the article draws wh, bias_in, wout, bias_out in
    # twinnet's order, so only the bias layout and update can set them apart.
    article = r["article_init"](to_r(X), 42)
    np.testing.assert_array_equal(np.asarray(article.rx2("wh")), model.weights[0])
    np.testing.assert_array_equal(np.asarray(article.rx2("wout")), model.weights[1])

    found = first_divergence(
        model_stepper(model, X, Y), article_stepper(X, Y, 0.1, 42), 5000, min_ulps=MATERIAL
    )
    print(found)
    assert found is not None, (
        "the article's R loop matched twinnet: the suite cannot tell them apart"
    )
    # The wrongly laid-out bias enters the very first forward pass.
    assert (found.epoch, found.quantity, found.layer) == (1, "activation", 1), str(found)
    assert found.ulps > 1000 and found.max_abs > 1e-3, str(found)
    assert str(found).startswith("the two sides part at epoch 1, in the activation of layer 1")


def test_with_the_bias_laid_out_by_unit_the_rowsums_update_still_sets_them_apart():
    model = MLP([4, 3, 1], lr=0.1, seed=42, mode="exact")
    found = first_divergence(
        model_stepper(model, X, Y),
        article_stepper(X, Y, 0.1, 42, byrow=True),
        5000,
        min_ulps=MATERIAL,
    )
    print(found)
    assert found is not None
    # Forward pass, loss, deltas and weight updates of epoch 1 agree up to
    # the rounding of R's %*%; the first material difference is the hidden
    # layer's bias after its rowSums update.
    assert (found.epoch, found.quantity, found.layer) == (1, "bias", 1), str(found)
