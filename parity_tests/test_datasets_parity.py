"""Datasets in Python and R: the same points from the same seed, the same
scaler statistics, the same IDX values and the same error messages (array
equality throughout, no tolerance)."""

from pathlib import Path

import numpy as np
import pytest

from parity import from_r, python_error, r, r_error, to_r
from twinnet import RRandom
from twinnet.datasets import (
    loy_data,
    make_blobs,
    make_circles,
    make_moons,
    one_hot,
    toy_data,
    xor_data,
)
from twinnet.idx import FASHION_MNIST, read_idx, read_mnist, write_idx
from twinnet.scale import apply_scaler, fit_scaler


def r_dataset(code):
    out = r(code)
    return from_r(out.rx2("X")), from_r(out.rx2("y"))


def assert_same_dataset(py, code):
    X, y = r_dataset(code)
    assert X.shape == py.X.shape and y.shape == py.y.shape
    np.testing.assert_array_equal(py.X, X)
    np.testing.assert_array_equal(py.y, y)


def test_article_tables_identical():
    for make in (xor_data, toy_data, loy_data):
        assert_same_dataset(make(), f"{make.__name__}()")


SEEDS = [1, 42, 2026, -7]
SIZES = [1, 2, 3, 50, 501]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("noise", [0.0, 0.1, 0.35])
def test_moons_identical(seed, n, noise):
    assert_same_dataset(
        make_moons(n, noise=noise, seed=seed), f"make_moons({n}, noise = {noise!r}, seed = {seed})"
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("noise, factor", [(0.0, 0.8), (0.05, 0.5), (0.2, 0.0)])
def test_circles_identical(seed, n, noise, factor):
    assert_same_dataset(
        make_circles(n, noise=noise, factor=factor, seed=seed),
        f"make_circles({n}, noise = {noise!r}, factor = {factor!r}, seed = {seed})",
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("centers, sd", [(3, 1.0), (5, 0.3), (1, 2.5)])
def test_blobs_identical(seed, n, centers, sd):
    assert_same_dataset(
        make_blobs(n, centers=centers, sd=sd, seed=seed),
        f"make_blobs({n}, centers = {centers}, sd = {sd!r}, seed = {seed})",
    )


def test_unshuffled_and_boxed_generators_identical():
    assert_same_dataset(
        make_moons(77, noise=0.2, seed=3, shuffle=False),
        "make_moons(77, noise = 0.2, seed = 3, shuffle = FALSE)",
    )
    assert_same_dataset(
        make_circles(77, noise=0.2, seed=3, shuffle=False),
        "make_circles(77, noise = 0.2, seed = 3, shuffle = FALSE)",
    )
    assert_same_dataset(
        make_blobs(77, centers=4, box=(-1.5, 2.25), seed=3, shuffle=False),
        "make_blobs(77, centers = 4, box = c(-1.5, 2.25), seed = 3, shuffle = FALSE)",
    )


def test_blobs_with_given_centres_and_sd_per_centre_identical():
    centres = RRandom(5).rnorm(12).reshape(4, 3)
    r.assign("centres", to_r(centres))
    assert_same_dataset(
        make_blobs(333, centers=centres, sd=[0.5, 1.0, 0.0, 2.0], seed=9),
        "make_blobs(333, centers = centres, sd = c(0.5, 1, 0, 2), seed = 9)",
    )


def test_one_hot_identical():
    y = make_blobs(100, centers=6, seed=1).y
    r_one_hot = r("one_hot(make_blobs(100, centers = 6, seed = 1)$y)")
    np.testing.assert_array_equal(one_hot(y), from_r(r_one_hot))
    np.testing.assert_array_equal(one_hot(y, k=9), from_r(r["one_hot"](to_r(y), k=9)))


# ----------------------------------------------------------------- scaling


def scaler_data():
    """Columns of very different scales, negative and positive, a constant one."""
    rng = RRandom(20261122)
    X = rng.rnorm(3000 * 4, 0, 1).reshape(3000, 4)
    X = X * np.array([1e-3, 1.0, 250.0, 1e6]) + np.array([5.0, -3.0, 1e4, 0.1])
    return np.column_stack([X, np.full(3000, 0.3), rng.runif(3000)])


@pytest.mark.parametrize("method", ["standard", "minmax"])
def test_scaler_statistics_and_outputs_identical(method):
    X = scaler_data()
    test = make_blobs(40, centers=3, seed=4).X.repeat(3, axis=1)
    s = fit_scaler(X, method=method)
    r.assign("X", to_r(X))
    r.assign("test", to_r(test))
    out = r(
        f'local({{ s <- fit_scaler(X, method = "{method}")\n'
        "list(center = s$center, scale = s$scale, train = apply_scaler(s, X), "
        "test = apply_scaler(s, test)) })"
    )
    np.testing.assert_array_equal(s.center, from_r(out.rx2("center")))
    np.testing.assert_array_equal(s.scale, from_r(out.rx2("scale")))
    np.testing.assert_array_equal(apply_scaler(s, X), from_r(out.rx2("train")))
    np.testing.assert_array_equal(apply_scaler(s, test), from_r(out.rx2("test")))


def test_scaler_differs_from_the_language_means_it_avoids():
    """The sequential mean is not numpy's pairwise mean nor R's long-double
    colMeans on this data: the fixed order is what makes the two sides agree."""
    X = scaler_data()
    s = fit_scaler(X)
    r.assign("X", to_r(X))
    numpy_differs = not np.array_equal(s.center, X.mean(axis=0))
    r_differs = not np.array_equal(s.center, from_r(r("colMeans(X)")))
    assert numpy_differs or r_differs


# -------------------------------------------------------------- IDX files

IDX_VALUES = {
    "ubyte": (RRandom(1).sample_int(256, 2 * 28 * 28, replace=True) - 1).reshape(2, 28, 28),
    "byte": np.array([[-128, -1, 0], [1, 64, 127]]),
    "short": np.array([-32768, -2, 0, 300, 32767]),
    "int": np.array([[-2147483647, -7], [65536, 2147483647]]),  # -2^31 is R's NA
    "float": RRandom(2).rnorm(24).reshape(2, 3, 4) * 1e3,
    "double": RRandom(3).rnorm(30).reshape(5, 6),
}


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("type_", list(IDX_VALUES))
def test_idx_files_read_identically(tmp_path, type_, suffix):
    values = IDX_VALUES[type_]
    by_python = tmp_path / f"py.idx{suffix}"
    by_r = (tmp_path / f"r.idx{suffix}").as_posix()
    write_idx(values, by_python, type=type_)
    r_read = from_r(r["read_idx"](by_python.as_posix()))
    py_read = read_idx(by_python)
    assert r_read.shape == py_read.shape
    np.testing.assert_array_equal(py_read, r_read)
    # and the other way: R writes, Python reads; plain files byte for byte
    r["write_idx"](r["read_idx"](by_python.as_posix()), by_r, type=type_)
    np.testing.assert_array_equal(read_idx(by_r), py_read)
    if not suffix:
        assert Path(by_r).read_bytes() == by_python.read_bytes()


def test_idx_first_n_identical(tmp_path):
    path = tmp_path / "x.idx.gz"
    write_idx(IDX_VALUES["float"], path, type="float")
    np.testing.assert_array_equal(read_idx(path, n=1), from_r(r["read_idx"](path.as_posix(), n=1)))


# ------------------------------------------------------------- the errors


ARGUMENT_ERRORS = {
    "n": (lambda: make_moons(0), "make_moons(0)"),
    "noise": (lambda: make_circles(5, noise=-0.5), "make_circles(5, noise = -0.5)"),
    "factor": (lambda: make_circles(5, factor=1.5), "make_circles(5, factor = 1.5)"),
    "seed": (lambda: make_blobs(5, seed=2.5), "make_blobs(5, seed = 2.5)"),
    "shuffle": (lambda: make_moons(5, shuffle="no"), 'make_moons(5, shuffle = "no")'),
    "centers": (lambda: make_blobs(5, centers=[1, 2]), "make_blobs(5, centers = c(1, 2))"),
    "sd length": (lambda: make_blobs(5, sd=[1, 1]), "make_blobs(5, sd = c(1, 1))"),
    "sd value": (
        lambda: make_blobs(5, centers=2, sd=[1, -2]),
        "make_blobs(5, centers = 2, sd = c(1, -2))",
    ),
    "box": (lambda: make_blobs(5, box=(3, 3)), "make_blobs(5, box = c(3, 3))"),
    "labels": (lambda: one_hot([0, 2.5]), "one_hot(c(0, 2.5))"),
    "k": (lambda: one_hot([0, 4], k=2), "one_hot(c(0, 4), k = 2)"),
    "method": (lambda: fit_scaler(np.eye(3), method="z"), 'fit_scaler(diag(3), method = "z")'),
    "one row": (lambda: fit_scaler(np.ones((1, 2))), "fit_scaler(matrix(1, 1, 2))"),
    "scaler columns": (
        lambda: apply_scaler(fit_scaler(np.eye(3)), np.eye(4)),
        "apply_scaler(fit_scaler(diag(3)), diag(4))",
    ),
    "kind": (lambda: read_mnist(kind="val"), 'read_mnist(kind = "val")'),
    "range": (
        lambda: write_idx(np.array([-1]), "unused.idx", type="ubyte"),
        'write_idx(-1, "unused.idx", type = "ubyte")',
    ),
    "whole": (
        lambda: write_idx(np.array([0.25]), "unused.idx", type="short"),
        'write_idx(0.25, "unused.idx", type = "short")',
    ),
}


@pytest.mark.parametrize("case", list(ARGUMENT_ERRORS))
def test_argument_errors_identical(case):
    action, code = ARGUMENT_ERRORS[case]
    assert python_error(action) == r_error(code)


def broken_files(folder):
    """Bad IDX files: name -> path."""
    files = {}
    full = folder / "full.idx"
    write_idx(np.arange(1000, dtype=np.int32), full)
    data = full.read_bytes()
    write_idx(np.arange(1000, dtype=np.int32), folder / "full.gz")
    gz = (folder / "full.gz").read_bytes()
    contents = {
        "missing": None,
        "bad magic": b"\x00\x00\x07\x01" + bytes(8),
        "no dimensions": b"\x00\x00\x08\x00",
        "short header": b"\x00\x00",
        "short sizes": b"\x00\x00\x08\x02\x00\x00\x00\x01",
        "short data": data[:-3],
        "extra data": data + b"\x01\x02",
        "short gzip": gz[: len(gz) // 2],
        "corrupt gzip": gz[:-8] + bytes(8),
    }
    for name, content in contents.items():
        path = folder / (name.replace(" ", "_") + (".gz" if "gzip" in name else ".idx"))
        if content is not None:
            path.write_bytes(content)
        files[name] = path
    return files


def test_idx_file_errors_identical(tmp_path):
    for name, path in broken_files(tmp_path).items():
        message = python_error(lambda path=path: read_idx(path))
        assert message == r_error(f'read_idx("{path.as_posix()}")'), name


def test_mnist_errors_identical(tmp_path):
    code = f'read_mnist("{tmp_path.as_posix()}")'
    assert python_error(lambda: read_mnist(tmp_path)) == r_error(code)
    write_idx(np.zeros((3, 2, 2), dtype=np.uint8), tmp_path / "train-images-idx3-ubyte.gz")
    write_idx(np.zeros(2, dtype=np.uint8), tmp_path / "train-labels-idx1-ubyte")
    assert python_error(lambda: read_mnist(tmp_path)) == r_error(code)
    write_idx(np.zeros(3, dtype=np.int32), tmp_path / "train-labels-idx1-ubyte")
    assert python_error(lambda: read_mnist(tmp_path)) == r_error(code)


# ------------------------------------------- the real Fashion-MNIST, if any


@pytest.mark.skipif(
    not Path(FASHION_MNIST, "t10k-images-idx3-ubyte.gz").is_file(),
    reason="Fashion-MNIST not installed (Debian package dataset-fashion-mnist)",
)
@pytest.mark.parametrize("kind", ["train", "t10k"])
def test_fashion_mnist_first_1000_images_identical(kind):
    X, y = read_mnist(kind=kind, n=1000)
    RX, Ry = r_dataset(f'read_mnist(kind = "{kind}", n = 1000)')
    assert X.shape == RX.shape == (1000, 784)
    np.testing.assert_array_equal(X, RX)
    np.testing.assert_array_equal(y, Ry)
    assert sorted(set(y.tolist())) == list(range(10))
