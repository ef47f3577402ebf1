"""Datasets: the articles' tables, generators drawn from R's stream in the
documented order, IDX files (plain and gzipped) and scalers with fixed-order
statistics.  Twin: R/tests/testthat/test-datasets.R."""

import gzip
import math

import numpy as np
import pytest
from conftest import python_error

from twinnet import RRandom, TwinnetError
from twinnet.datasets import (
    Dataset,
    loy_data,
    make_blobs,
    make_circles,
    make_moons,
    one_hot,
    toy_data,
    xor_data,
)
from twinnet.idx import read_idx, read_mnist, write_idx
from twinnet.scale import Scaler, apply_scaler, fit_scaler


def rows_sorted(X):
    return X[np.lexsort(X.T[::-1])]


# ------------------------------------------------------- the articles' data


def test_article_tables_are_the_articles_numbers():
    X, y = xor_data()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    X, y = toy_data()
    np.testing.assert_array_equal(X, [[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]])
    np.testing.assert_array_equal(y, [1, 1, 0])
    X, y = loy_data()
    np.testing.assert_array_equal(X, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    for d in (xor_data(), toy_data(), loy_data()):
        assert isinstance(d, Dataset)
        assert d.X.dtype == np.float64 and d.y.dtype == np.float64
        assert d.y.shape == (d.X.shape[0],)


def test_loy_targets_are_the_xor_of_the_first_two_inputs():
    X, y = loy_data()
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))
    np.testing.assert_array_equal(X[:, 2], 1.0)


# ------------------------------------------------------------- generators


@pytest.mark.parametrize("make", [make_moons, make_circles, make_blobs])
@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_generators_shapes_and_types(make, n):
    X, y = make(n)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", [make_moons, make_circles])
@pytest.mark.parametrize("n", [2, 9, 100, 101])
def test_two_class_generators_balance_labels(make, n):
    _, y = make(n, noise=0.2, seed=3)
    assert (y == 0).sum() == n // 2 and (y == 1).sum() == n - n // 2


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = make_moons(50, shuffle=False)
    np.testing.assert_array_equal(y, np.repeat([0.0, 1.0], 25))
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1, atol=1e-15)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1, atol=1e-15)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0.5).all()
    # t = 0 exactly at both moons' first points
    np.testing.assert_array_equal(upper[0], [1.0, 0.0])
    np.testing.assert_array_equal(lower[0], [0.0, 0.5])


def test_moons_use_the_c_library_cosine():
    X, _ = make_moons(40, shuffle=False)
    t = np.arange(20) * (math.pi / 19)
    np.testing.assert_array_equal(X[:20, 0], [math.cos(v) for v in t])
    np.testing.assert_array_equal(X[20:, 1], [(1 - math.sin(v)) - 0.5 for v in t])


@pytest.mark.parametrize("factor", [0.0, 0.3, 0.8])
def test_circles_without_noise_have_radii_one_and_factor(factor):
    X, y = make_circles(31, factor=factor, shuffle=False)
    assert (y == 0).sum() == 15 and (y == 1).sum() == 16
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1, atol=1e-15)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0], X[y == 1, 1]), factor, atol=1e-15)
    np.testing.assert_array_equal(X[0], [1.0, 0.0])
    # 2 pi is left out: the last angle is 2 pi * 14/15
    np.testing.assert_array_equal(X[14, 0], math.cos(14 * ((2 * math.pi) / 15)))


@pytest.mark.parametrize("make", [make_moons, make_circles])
def test_noise_then_shuffle_in_the_documented_order(make):
    n, noise, seed = 23, 0.15, 11
    clean, labels = make(n, shuffle=False)
    rng = RRandom(seed)
    noisy = clean + noise * rng.rnorm(2 * n).reshape(n, 2)
    perm = rng.sample_int(n) - 1
    X, y = make(n, noise=noise, seed=seed)
    np.testing.assert_array_equal(X, noisy[perm])
    np.testing.assert_array_equal(y, labels[perm])
    X2, y2 = make(n, noise=noise, seed=seed, shuffle=False)
    np.testing.assert_array_equal(X2, noisy)
    np.testing.assert_array_equal(y2, labels)


def test_no_noise_draws_nothing_before_the_shuffle():
    X, y = make_moons(10, seed=5)
    clean, labels = make_moons(10, shuffle=False)
    perm = RRandom(5).sample_int(10) - 1
    np.testing.assert_array_equal(X, clean[perm])
    np.testing.assert_array_equal(y, labels[perm])


def test_same_seed_same_data_other_seed_other_data():
    for make in (make_moons, make_circles, make_blobs):
        a, b, c = make(40, seed=1), make(40, seed=1), make(40, seed=2)
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.y, b.y)
        assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("n, k", [(100, 3), (10, 3), (7, 4), (2, 5)])
def test_blobs_points_per_centre(n, k):
    _, y = make_blobs(n, centers=k, seed=1)
    counts = np.bincount(y.astype(int), minlength=k)
    np.testing.assert_array_equal(counts, [n // k + (j < n % k) for j in range(k)])


def test_blobs_in_the_documented_order():
    n, k, seed = 13, 4, 21
    rng = RRandom(seed)
    C = rng.runif(2 * k, -5, 5).reshape(k, 2)
    labels = np.repeat(np.arange(k), [4, 3, 3, 3])
    Z = rng.rnorm(2 * n).reshape(n, 2)
    X = C[labels] + 0.5 * Z
    perm = rng.sample_int(n) - 1
    got = make_blobs(n, centers=k, sd=0.5, seed=seed, box=(-5, 5))
    np.testing.assert_array_equal(got.X, X[perm])
    np.testing.assert_array_equal(got.y, labels[perm])


def test_blobs_drawn_centres_lie_in_the_box_and_keep_their_place():
    # centre j is the j-th pair of uniforms whatever k is
    few = make_blobs(30, centers=2, sd=0, seed=4, box=(2, 3), shuffle=False)
    many = make_blobs(30, centers=5, sd=0, seed=4, box=(2, 3), shuffle=False)
    assert ((few.X >= 2) & (few.X <= 3)).all()
    np.testing.assert_array_equal(few.X[0], many.X[0])
    np.testing.assert_array_equal(few.X[15], many.X[6])


def test_blobs_given_centres_and_sd_per_centre():
    centres = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    X, y = make_blobs(2000, centers=centres, sd=[0.0, 2.0], seed=8)
    assert X.shape == (2000, 3)
    np.testing.assert_array_equal(X[y == 0], 0.0)
    assert abs(X[y == 1].std() - 2) < 0.1
    assert abs(X[y == 1].mean() - 10) < 0.1


def test_generators_leave_numpy_global_stream_alone():
    np.random.seed(0)
    before = np.random.random()
    np.random.seed(0)
    make_moons(10, noise=0.1)
    make_blobs(10)
    assert np.random.random() == before


# --------------------------------------------------------------- one_hot


def test_one_hot():
    np.testing.assert_array_equal(one_hot([0, 2, 1]), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    out = one_hot(np.array([[1.0], [0.0]]), k=4)
    np.testing.assert_array_equal(out, [[0, 1, 0, 0], [1, 0, 0, 0]])
    assert out.dtype == np.float64
    _, y = make_blobs(50, centers=4)
    np.testing.assert_array_equal(one_hot(y).argmax(axis=1), y)


# ------------------------------------------------------------- bad input

BAD = [
    (lambda: make_moons(0), "n must be a positive integer, got 0"),
    (lambda: make_moons(2.5), "n must be a positive integer, got 2.5"),
    (lambda: make_moons(10, noise=-1), "noise must be a non-negative number, got -1"),
    (lambda: make_moons(10, noise=math.inf), "noise must be a non-negative number, got Inf"),
    (
        lambda: make_moons(10, seed=1.5),
        "seed must be an integer in [-2147483647, 2147483647], got 1.5",
    ),
    (lambda: make_moons(10, shuffle="yes"), "shuffle must be true or false, got 'yes'"),
    (lambda: make_circles(10, factor=1), "factor must be a number in [0, 1), got 1"),
    (lambda: make_circles(10, factor=-0.5), "factor must be a number in [0, 1), got -0.5"),
    (lambda: make_blobs(10, centers=0), "centers must be a positive integer, got 0"),
    (
        lambda: make_blobs(10, centers=[1, 2]),
        "centers must be a positive integer or a matrix with one centre per row",
    ),
    (lambda: make_blobs(10, sd=-1), "sd must be a non-negative number, got -1"),
    (lambda: make_blobs(10, sd="a"), "sd must be a non-negative number, got 'a'"),
    (lambda: make_blobs(10, sd=[1, 2]), "sd must hold 1 or 3 values (one per centre), got 2"),
    (
        lambda: make_blobs(10, box=(10, -10)),
        "box must be two finite numbers with low < high, got 10, -10",
    ),
    (
        lambda: make_blobs(10, box=(1, 2, 3)),
        "box must be two finite numbers (low, high), got 3 values",
    ),
    (
        lambda: make_blobs(10, centers=np.array([[0.0, np.nan]])),
        "centers has a missing, NaN or infinite value at row 1, column 2",
    ),
    (lambda: one_hot([0, 1.5]), "labels must be whole numbers >= 0, got 1.5 at position 2"),
    (lambda: one_hot([0, -1]), "labels must be whole numbers >= 0, got -1 at position 2"),
    (lambda: one_hot([0, 3, 1], k=3), "labels must be smaller than k = 3, got 3 at position 2"),
    (lambda: one_hot(np.zeros((2, 2))), "labels must be one column, got 2"),
    (
        lambda: fit_scaler(np.ones((1, 3))),
        "X needs at least 2 rows to fit a standard scaler, got 1",
    ),
    (
        lambda: fit_scaler(np.ones((3, 3)), method="robust"),
        "unknown method 'robust'; choose one of standard, minmax",
    ),
    (
        lambda: apply_scaler(fit_scaler(np.eye(3)), np.eye(2)),
        "X has 2 columns but the scaler was fitted on 3",
    ),
    (lambda: apply_scaler("scaler", np.eye(2)), "scaler must be the result of fit_scaler()"),
    (lambda: read_mnist(kind="test"), "unknown kind 'test'; choose one of train, t10k"),
    (
        lambda: write_idx(np.array([1, 256]), "unused.idx", type="ubyte"),
        "x has values outside the range of type 'ubyte' (0 to 255)",
    ),
    (
        lambda: write_idx(np.array([1.5]), "unused.idx", type="int"),
        "x must hold whole numbers to be written as type 'int', got 1.5",
    ),
    (
        lambda: write_idx(np.array([1]), "unused.idx", type="long"),
        "unknown type 'long'; choose one of ubyte, byte, short, int, float, double",
    ),
    (lambda: write_idx(np.array(["a"]), "unused.idx"), "x must be numeric, got non-numeric values"),
]


@pytest.mark.parametrize("action, message", BAD, ids=[m for _, m in BAD])
def test_bad_arguments_name_the_argument(action, message):
    with pytest.raises(TwinnetError) as info:
        action()
    assert str(info.value) == message


# -------------------------------------------------------------- IDX files

IDX_CASES = [
    ("ubyte", np.uint8, np.arange(24).reshape(2, 3, 4) * 10 % 256),
    ("byte", np.int8, np.array([[-128, -1, 0], [1, 64, 127]])),
    ("short", np.int16, np.array([-32768, -2, 0, 300, 32767])),
    ("int", np.int32, np.array([[-2147483648, -7], [65536, 2147483647]])),
    ("float", np.float32, np.array([[0.5, -1.25, 3.0e38], [1e-40, -0.0, 7.0]])),
    ("double", np.float64, np.array([[[math.pi, -1e300]], [[5e-324, 0.1]]])),
]


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("type_, dtype, values", IDX_CASES, ids=[c[0] for c in IDX_CASES])
def test_idx_round_trip(tmp_path, suffix, type_, dtype, values):
    path = tmp_path / f"a.idx{suffix}"
    write_idx(values, path, type=type_)
    back = read_idx(path)
    assert back.dtype == dtype and back.shape == values.shape
    np.testing.assert_array_equal(back, values.astype(dtype))
    raw = gzip.open(path).read() if suffix else path.read_bytes()
    assert raw[:4] == bytes(
        [
            0,
            0,
            {"ubyte": 8, "byte": 9, "short": 11, "int": 12, "float": 13, "double": 14}[type_],
            values.ndim,
        ]
    )


def test_idx_default_type_follows_the_dtype(tmp_path):
    for values, dtype in [
        (np.arange(3, dtype=np.uint8), np.uint8),
        (np.arange(3), np.int32),
        (np.arange(3.0), np.float64),
        (np.array([True, False]), np.uint8),
    ]:
        write_idx(values, tmp_path / "d.idx")
        assert read_idx(tmp_path / "d.idx").dtype == dtype


def test_idx_reads_a_hand_made_file_big_endian(tmp_path):
    # int16, 2 x 3, values 1..6 then -2 in the last place
    body = b"\x00\x00\x0b\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big")
    body += b"".join(v.to_bytes(2, "big", signed=True) for v in [1, 2, 3, 4, 5, -2])
    (tmp_path / "h.idx").write_bytes(body)
    with gzip.open(tmp_path / "h.idx.gz", "wb") as f:
        f.write(body)
    for name in ("h.idx", "h.idx.gz"):
        np.testing.assert_array_equal(read_idx(tmp_path / name), [[1, 2, 3], [4, 5, -2]])


def test_idx_gzip_is_recognised_by_content_not_name(tmp_path):
    values = np.arange(12, dtype=np.uint8).reshape(3, 4)
    write_idx(values, tmp_path / "x.gz")
    (tmp_path / "x.bin").write_bytes((tmp_path / "x.gz").read_bytes())
    np.testing.assert_array_equal(read_idx(tmp_path / "x.bin"), values)


def test_idx_first_n_items(tmp_path):
    values = np.arange(60, dtype=np.uint8).reshape(5, 3, 4)
    write_idx(values, tmp_path / "x.idx.gz")
    np.testing.assert_array_equal(read_idx(tmp_path / "x.idx.gz", n=2), values[:2])
    np.testing.assert_array_equal(read_idx(tmp_path / "x.idx.gz", n=9), values)


def idx_error(path):
    return python_error(lambda: read_idx(path))


def test_idx_errors(tmp_path):
    missing = tmp_path / "none.idx"
    assert idx_error(missing) == f"IDX file not found: {missing}"
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"\x00\x01\x08\x01" + bytes(8))
    assert idx_error(bad) == (
        f"IDX file {bad} has a bad magic number 00 01 08 01: expected 00 00, a type "
        "code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions"
    )
    bad.write_bytes(b"\x00\x00\x0a\x01" + bytes(8))
    assert "bad magic number 00 00 0A 01" in idx_error(bad)
    bad.write_bytes(b"\x00\x00\x08")
    assert idx_error(bad) == f"IDX file {bad} is truncated: 4 header bytes expected, 3 found"
    bad.write_bytes(b"\x00\x00\x08\x03" + bytes(6))
    assert idx_error(bad) == f"IDX file {bad} is truncated: 16 header bytes expected, 10 found"
    full = tmp_path / "full.idx"
    write_idx(np.arange(100, dtype=np.int32).reshape(10, 10), full)
    bad.write_bytes(full.read_bytes()[:-5])
    assert idx_error(bad) == f"IDX file {bad} is truncated: 400 data bytes expected, 395 found"
    bad.write_bytes(full.read_bytes() + b"\x00")
    assert idx_error(bad) == (f"IDX file {bad} has more data than its header announces (400 bytes)")


def test_idx_truncated_and_corrupt_gzip(tmp_path):
    write_idx(np.arange(1000, dtype=np.int32), tmp_path / "full.gz")
    data = (tmp_path / "full.gz").read_bytes()
    cut = tmp_path / "cut.gz"
    cut.write_bytes(data[: len(data) // 2])
    message = idx_error(cut)
    assert message.startswith(f"IDX file {cut} is truncated: 4000 data bytes expected, ")
    found = int(message.split(", ")[1].split()[0])
    assert 0 <= found < 4000
    corrupt = tmp_path / "corrupt.gz"
    corrupt.write_bytes(data[:-8] + bytes(8))  # wrong checksum and length
    assert idx_error(corrupt) == (f"IDX file {corrupt} is corrupt: its gzip data do not decompress")


# ------------------------------------------------------------------ MNIST


def fake_mnist(folder, kind="train", n=5, gz=True, labels_n=None):
    rng = RRandom(1)
    images = (rng.sample_int(256, n * 28 * 28, replace=True) - 1).astype(np.uint8)
    images = images.reshape(n, 28, 28)
    labels = (np.arange(n if labels_n is None else labels_n) % 10).astype(np.uint8)
    suffix = ".gz" if gz else ""
    write_idx(images, folder / f"{kind}-images-idx3-ubyte{suffix}")
    write_idx(labels, folder / f"{kind}-labels-idx1-ubyte")
    return images, labels


@pytest.mark.parametrize("gz", [True, False])
def test_read_mnist_scales_pixels_and_keeps_labels(tmp_path, gz):
    images, labels = fake_mnist(tmp_path, "t10k", n=7, gz=gz)
    X, y = read_mnist(tmp_path, kind="t10k")
    assert X.shape == (7, 784) and X.dtype == np.float64
    np.testing.assert_array_equal(X, images.reshape(7, 784) / 255.0)
    assert X.min() >= 0 and X.max() <= 1
    np.testing.assert_array_equal(X[2, 28 * 5 + 7], images[2, 5, 7] / 255)
    np.testing.assert_array_equal(y, labels)
    X3, y3 = read_mnist(tmp_path, kind="t10k", n=3)
    np.testing.assert_array_equal(X3, X[:3])
    np.testing.assert_array_equal(y3, y[:3])


def mnist_error(*args, **kwargs):
    return python_error(lambda: read_mnist(*args, **kwargs))


def test_read_mnist_errors(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    assert mnist_error(tmp_path) == (
        f"MNIST file not found: {path} (or train-images-idx3-ubyte.gz)"
    )
    fake_mnist(tmp_path, n=5, labels_n=4)
    assert mnist_error(tmp_path) == (
        f"MNIST images file {path}.gz holds 5 images but labels file "
        f"{tmp_path / 'train-labels-idx1-ubyte'} holds 4 labels"
    )
    write_idx(np.zeros((5, 784), dtype=np.uint8), f"{path}.gz")
    assert mnist_error(tmp_path) == (
        f"MNIST images file {path}.gz must hold unsigned bytes in 3 dimensions "
        "(n x rows x cols), got type 'ubyte' in 2"
    )


# ----------------------------------------------------------------- scaling


def sequential_stats(X):
    """The documented formulas with Python floats, one addition at a time."""
    n, p = X.shape
    center, scale = [], []
    for j in range(p):
        s = 0.0
        for i in range(n):
            s = s + float(X[i, j])
        m = s / n
        q = 0.0
        for i in range(n):
            d = float(X[i, j]) - m
            q = q + d * d
        center.append(m)
        scale.append(math.sqrt(q / (n - 1)))
    return np.array(center), np.array(scale)


def test_standard_scaler_statistics_are_the_documented_sums():
    X = RRandom(3).rnorm(5000 * 3, 7, 11).reshape(5000, 3)  # > one 4096-row chunk
    s = fit_scaler(X)
    center, scale = sequential_stats(X)
    np.testing.assert_array_equal(s.center, center)
    np.testing.assert_array_equal(s.scale, scale)
    Z = apply_scaler(s, X)
    np.testing.assert_array_equal(Z, (X - center) / scale)
    np.testing.assert_array_equal(s.transform(X), Z)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0, ddof=1), 1, rtol=1e-12)


def test_minmax_scaler_maps_training_data_to_unit_interval():
    X = make_blobs(200, seed=2).X
    s = fit_scaler(X, method="minmax")
    Z = apply_scaler(s, X)
    np.testing.assert_array_equal(Z.min(axis=0), 0)
    np.testing.assert_array_equal(Z.max(axis=0), 1)
    np.testing.assert_array_equal(s.center, X.min(axis=0))
    np.testing.assert_array_equal(s.scale, X.max(axis=0) - X.min(axis=0))


@pytest.mark.parametrize("method", ["standard", "minmax"])
def test_constant_columns_scale_to_zero(method):
    X = np.column_stack([np.full(10, 0.1), np.arange(10.0)])
    s = fit_scaler(X, method=method)
    assert s.center[0] == 0.1 and s.scale[0] == 1.0
    np.testing.assert_array_equal(apply_scaler(s, X)[:, 0], 0.0)


def test_scaler_uses_training_statistics_on_test_data():
    train = make_blobs(100, seed=1).X
    test = make_blobs(30, seed=2).X
    s = fit_scaler(train)
    np.testing.assert_array_equal(apply_scaler(s, test), (test - s.center) / s.scale)
    assert isinstance(s, Scaler) and "standard" in repr(s)


@pytest.mark.parametrize("order", ["C", "F"])
def test_scaler_colsum_is_exact_modes_colsum(order):
    from twinnet.arith import ExactArith
    from twinnet.scale import _colsum

    X = np.asarray(RRandom(9).rnorm(700 * 5).reshape(700, 5) * [1, 10, 1e5, 1e-5, 3], order=order)
    np.testing.assert_array_equal(_colsum(X), ExactArith.colsum(X)[0])
    np.testing.assert_array_equal(fit_scaler(X).center, fit_scaler(np.ascontiguousarray(X)).center)
