"""Streaming in both languages, exact mode: a network trained from an IDX or a
CSV data source in R (idx_source, csv_source) has the weights, biases, loss
history and predictions of the same network trained from the same source in
Python (IdxSource, CsvSource), bit for bit; the sources' refusals say the same."""

import numpy as np
import pytest

from parity import from_r, python_error, r, r_error, r_matrices
from twinnet import Activation, Dense, Network
from twinnet.idx import write_idx
from twinnet.io import read_data, write_matrix
from twinnet.streaming import CsvSource, IdxSource


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream_parity")
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, size=(157, 3, 4), dtype=np.uint8)
    labels = rng.integers(0, 3, size=157).astype(np.uint8)
    paths = {
        "images": str(folder / "p-images-idx3-ubyte"),
        "labels": str(folder / "p-labels-idx1-ubyte"),
        "csv": str(folder / "p.csv"),
        "bad": str(folder / "bad.csv"),
    }
    write_idx(images, paths["images"])
    write_idx(labels, paths["labels"])
    one_hot = read_data(paths["labels"])  # three label columns c13, c14, c15
    write_matrix(np.column_stack([read_data(paths["images"]), one_hot]), paths["csv"], "c")
    with open(paths["bad"], "w") as handle:
        handle.write("a,b\n1,2\n\n3,4\n5,x\n")
    return paths


SETTINGS = [
    {"batch_size": 1, "shuffle": False, "optimizer": "sgd"},
    {"batch_size": 16, "shuffle": True, "optimizer": "sgd"},
    {"batch_size": 50, "shuffle": True, "optimizer": "adam"},
]


def python_fit(source, settings):
    net = Network(seed=4, mode="exact")
    net.add(Dense(12, 5))
    net.add(Activation("sigmoid"))
    net.add(Dense(5, 3))
    net.add(Activation("softmax"))
    net.use("softmax_cross_entropy")
    net.fit(source, None, 2, lr=0.05, **settings)
    return net, net.predict(source)


def r_fit(source_code, settings):
    flag = "TRUE" if settings["shuffle"] else "FALSE"
    return r(f"""local({{
      stream_src <- {source_code}
      stream_net <- network(seed = 4, mode = "exact")
      stream_net <- add(stream_net, dense(12, 5))
      stream_net <- add(stream_net, activation("sigmoid"))
      stream_net <- add(stream_net, dense(5, 3))
      stream_net <- add(stream_net, activation("softmax"))
      stream_net <- use(stream_net, "softmax_cross_entropy")
      stream_net <- fit(stream_net, stream_src, NULL, epochs = 2, lr = 0.05,
                        batch_size = {settings["batch_size"]}, shuffle = {flag},
                        optimizer = "{settings["optimizer"]}")
      list(weights = stream_net$weights, biases = stream_net$biases,
           loss = stream_net$loss_history, out = predict(stream_net, stream_src))
    }})""")


@pytest.mark.parametrize("kind", ["idx", "csv"])
@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: "-".join(map(str, s.values())))
def test_exact_stream_training_identical_in_python_and_r(files, kind, settings):
    if kind == "idx":
        source = IdxSource(files["images"], files["labels"], chunk_rows=40)
        code = f'idx_source("{files["images"]}", "{files["labels"]}", chunk_rows = 40)'
    else:
        source = CsvSource(files["csv"], label=["c13", "c14", "c15"], chunk_rows=40)
        code = f'csv_source("{files["csv"]}", label = c("c13", "c14", "c15"), chunk_rows = 40)'
    net, out = python_fit(source, settings)
    got = r_fit(code, settings)
    for p, q in zip(net.weights, r_matrices(got.rx2("weights"))):
        np.testing.assert_array_equal(p, q)
    for p, q in zip(net.biases, r_matrices(got.rx2("biases"))):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(np.array(net.loss_history), np.array(got.rx2("loss")))
    np.testing.assert_array_equal(out, from_r(got.rx2("out")))


def test_stream_refusals_say_the_same(files, tmp_path):
    gz = tmp_path / "z-images-idx3-ubyte.gz"
    write_idx(np.zeros((2, 2, 2), dtype=np.uint8), gz)
    pairs = [
        (lambda: IdxSource(str(gz)), f'idx_source("{gz}")'),
        (lambda: IdxSource(files["labels"]), f'idx_source("{files["labels"]}")'),
        (
            lambda: CsvSource(files["bad"], chunk_rows=1),
            f'csv_source("{files["bad"]}", chunk_rows = 1)',
        ),
        (
            lambda: CsvSource(files["csv"], label="zz"),
            f'csv_source("{files["csv"]}", label = "zz")',
        ),
        (
            lambda: python_fit(IdxSource(files["images"]), {"batch_size": 5}),
            f'fit(use(add(add(network(), dense(12, 3)), activation("softmax")), '
            f'"softmax_cross_entropy"), idx_source("{files["images"]}"), NULL, epochs = 1, '
            f"batch_size = 5)",
        ),
    ]
    for action, code in pairs:
        assert python_error(action) == r_error(code)
