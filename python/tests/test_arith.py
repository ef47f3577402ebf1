"""The exact arithmetic is the order written in docs/parity.md: checked
against scalar Python loops that spell that order out, against the pure
numpy route exact mode used before the C core (kept here as a slow
reference), and against blas."""

import math
from pathlib import Path

import numpy as np
import pytest

from twinnet import _core
from twinnet.arith import ARITHMETICS, BlasArith, ExactArith, exact_threads

ROOT = Path(__file__).resolve().parents[2]


def wide(rng, shape):
    return rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 7, shape)


def naive_matmul(a, b):
    m, k = a.shape
    out = np.zeros((m, b.shape[1]))
    for i in range(m):
        for c in range(b.shape[1]):
            s = 0.0
            for j in range(k):
                s = s + float(a[i, j]) * float(b[j, c])
            out[i, c] = s
    return out


def sequential_sum(start, terms, axis):
    """``start + terms[0] + terms[1] + ...`` along ``axis``, strictly in order
    (``np.add.accumulate`` adds one element at a time, left to right)."""
    stacked = np.concatenate([np.expand_dims(start, axis), terms], axis=axis)
    return np.take(np.add.accumulate(stacked, axis=axis), -1, axis=axis)


def reference_matmul(a, b):
    """Exact mode's product as twinnet computed it in numpy before the C core
    (arith.py's former _sequential_sum route): chunks of rounded products
    a[i, j] * b[j, c], summed in order of j with np.add.accumulate."""
    m, k = a.shape
    n = b.shape[1]
    out = np.zeros((m, n))
    step = max(1, (1 << 22) // max(1, m * n))
    for j in range(0, k, step):
        products = a[:, j : j + step, None] * b[None, j : j + step, :]
        out = sequential_sum(out, products, axis=1)
    return out


@pytest.fixture
def threads():
    """Sets the core's threads for one test, restoring them afterwards."""
    before = exact_threads()
    yield exact_threads
    exact_threads(before)


def test_core_sources_are_byte_identical_to_r_src():
    for name in ("tn_core.h", "tn_math.c", "tn_linalg.c"):
        r_copy = ROOT / "R" / "src" / name
        py_copy = ROOT / "python" / "src" / "twinnet" / "_core" / name
        assert py_copy.read_bytes() == r_copy.read_bytes(), f"{name}: run make sync-core"


@pytest.mark.parametrize("shape", [(1, 1, 1), (3, 4, 2), (7, 300, 5), (40, 2, 30), (130, 3, 130)])
def test_exact_matmul_adds_products_in_order(shape):
    m, k, n = shape
    rng = np.random.default_rng(sum(shape))
    a, b = wide(rng, (m, k)), wide(rng, (k, n))
    np.testing.assert_array_equal(ExactArith.matmul(a, b), naive_matmul(a, b))
    np.testing.assert_array_equal(ExactArith.matmul(b.T, a.T), naive_matmul(b.T, a.T))


def test_cancelling_terms_are_added_in_order():
    a = np.array([[1.0, 1e-16, -1.0], [1e16, 1.0, -1e16]])
    # (1 + 1e-16) - 1 = 0 and (1e16 + 1) - 1e16 = 0 in order; 1e-16 and 1 otherwise
    np.testing.assert_array_equal(ExactArith.matmul(a, np.ones((3, 1))), [[0.0], [0.0]])
    np.testing.assert_array_equal(ExactArith.rowsum(a), [[0.0], [0.0]])
    np.testing.assert_array_equal(ExactArith.colsum(a.T), [[0.0, 0.0]])
    assert ExactArith.total(np.array([[1.0, 1e-16, -1.0]])) == 0.0


# odd shapes: 1 x k, m x 1, k = 0 and 1, sizes that are not multiples of the
# 8 x 8 tile, the 256-wide panels of j or the 96-row blocks; the last three
# are large enough to be cut between 2 and 3 threads (by rows; the last by
# columns)
SHAPES = [
    (1, 1, 1),
    (1, 37, 1),
    (1, 300, 17),
    (17, 300, 1),
    (5, 0, 7),
    (6, 1, 9),
    (9, 1, 1),
    (13, 257, 11),
    (97, 513, 23),
    (33, 40, 700),
    (301, 150, 77),
    (150, 700, 31),
    (41, 120, 701),
]


@pytest.mark.parametrize("shape", SHAPES)
def test_products_equal_the_reference_for_every_thread_count(shape, threads):
    m, k, n = shape
    rng = np.random.default_rng(m * 10007 + k * 101 + n)
    a, b = wide(rng, (m, k)), wide(rng, (k, n))
    expected = reference_matmul(a, b)
    at, bt = np.ascontiguousarray(a.T), np.ascontiguousarray(b.T)
    for t in (1, 2, 3):
        threads(t)
        np.testing.assert_array_equal(ExactArith.matmul(a, b), expected)
        np.testing.assert_array_equal(ExactArith.crossprod(at, b), expected)  # t(at) %*% b
        np.testing.assert_array_equal(ExactArith.tcrossprod(a, bt), expected)  # a %*% t(bt)


def test_products_of_every_layout_and_out(threads):
    threads(2)
    rng = np.random.default_rng(7)
    a, b = wide(rng, (45, 70)), wide(rng, (70, 19))
    expected = reference_matmul(a, b)
    layouts = {
        "C": lambda x: np.ascontiguousarray(x),
        "F": lambda x: np.asfortranarray(x),
        "strided": lambda x: np.repeat(np.repeat(x, 2, axis=0), 3, axis=1)[::2, ::3],
    }
    for name_a, fa in layouts.items():
        for name_b, fb in layouts.items():
            got = ExactArith.matmul(fa(a), fb(b))
            np.testing.assert_array_equal(got, expected, err_msg=f"{name_a} x {name_b}")
            np.testing.assert_array_equal(ExactArith.crossprod(fa(a.T), fb(b)), expected)
            np.testing.assert_array_equal(ExactArith.tcrossprod(fa(a), fb(b.T)), expected)
    for out in (np.empty((45, 19)), np.empty((45, 19), order="F"), np.empty((45, 38))[:, ::2]):
        result = ExactArith.matmul(a, b, out=out)
        assert result is out
        np.testing.assert_array_equal(out, expected)
    out = np.empty((45, 19))
    assert ExactArith.tcrossprod(a, np.asfortranarray(b.T), out=out) is out
    np.testing.assert_array_equal(out, expected)
    small = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(
        ExactArith.matmul(small.astype(np.float32), small.T.astype(np.int64)),
        naive_matmul(small, small.T),
    )
    with pytest.raises(ValueError, match="non-conformable"):
        ExactArith.matmul(a, a)


def test_threads_setting(threads):
    assert threads() >= 1
    assert threads(3) == 3
    with pytest.raises(ValueError):
        threads(0)
    assert threads() == 3


def test_exact_colsum_rowsum_and_total_add_in_order():
    rng = np.random.default_rng(2)
    d = wide(rng, (501, 7))
    expected = np.zeros((1, 7))
    for j in range(7):
        s = 0.0
        for i in range(501):
            s = s + float(d[i, j])
        expected[0, j] = s
    for x in (d, np.asfortranarray(d), np.repeat(d, 2, axis=1)[:, ::2]):
        np.testing.assert_array_equal(ExactArith.colsum(x), expected)
        np.testing.assert_array_equal(ExactArith.rowsum(x.T), expected.T)
        s = 0.0
        for v in x.ravel(order="F"):
            s = s + float(v)
        assert ExactArith.total(x) == s
    for shape in [(1, 1), (1, 9), (9, 1), (0, 3), (3, 0)]:
        x = wide(rng, shape)
        np.testing.assert_array_equal(
            ExactArith.colsum(x), sequential_sum(np.zeros(shape[1]), x, 0).reshape(1, -1)
        )
        np.testing.assert_array_equal(
            ExactArith.rowsum(x), sequential_sum(np.zeros(shape[0]), x, 1).reshape(-1, 1)
        )


@pytest.mark.parametrize("name, which", [("exp", 0), ("log", 1), ("log1p", 2), ("tanh", 3)])
def test_elementwise_functions_are_the_cores_element_by_element(name, which):
    fn = getattr(ExactArith, name)
    rng = np.random.default_rng(which)
    x = rng.uniform(0.0, 30.0, (37, 11)) if which in (1, 2) else rng.uniform(-30.0, 30.0, (37, 11))
    expected = np.array([_core.scalar(which, v) for v in x.ravel().tolist()]).reshape(x.shape)
    np.testing.assert_array_equal(fn(x), expected)
    np.testing.assert_array_equal(fn(np.asfortranarray(x)), expected)
    np.testing.assert_array_equal(fn(x[:, ::2]), expected[:, ::2])
    y = x.copy()
    assert fn(y, out=y) is y  # in place
    np.testing.assert_array_equal(y, expected)
    out = np.empty((11, 37)).T
    assert fn(x, out=out) is out
    np.testing.assert_array_equal(out, expected)
    # the same function as numpy's, to rounding (the accuracy is tested in test_core_math.py)
    np.testing.assert_allclose(expected, getattr(np, name)(x), rtol=1e-15, atol=0)


def test_exact_exp_gives_inf_on_overflow_and_the_special_values():
    x = np.array([[-1000.0, -745.2, 0.0, 710.0, 1e308, np.inf, -np.inf]])
    np.testing.assert_array_equal(ExactArith.exp(x), [[0.0, 0.0, 1.0, np.inf, np.inf, np.inf, 0.0]])
    assert np.isnan(ExactArith.exp(np.array([np.nan]))[0])
    np.testing.assert_array_equal(
        ExactArith.log(np.array([0.0, 1.0, np.inf])), [-np.inf, 0, np.inf]
    )
    assert np.isnan(ExactArith.log(np.array([-1.0]))[0])
    assert ExactArith.log1p(np.array([-1.0]))[0] == -np.inf
    np.testing.assert_array_equal(ExactArith.tanh(np.array([-np.inf, 0.0, 40.0])), [-1, 0, 1])
    assert math.copysign(1.0, ExactArith.tanh(np.array([-0.0]))[0]) == -1.0
    assert ExactArith.exp(0.0) == 1.0


def test_blas_and_exact_agree_to_rounding():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((20, 30)), rng.standard_normal((30, 10))
    np.testing.assert_allclose(
        BlasArith.matmul(a, b), ExactArith.matmul(a, b), rtol=1e-12, atol=1e-13
    )
    np.testing.assert_allclose(BlasArith.colsum(a), ExactArith.colsum(a), rtol=1e-12, atol=1e-13)
    assert math.isclose(BlasArith.total(a), ExactArith.total(a), rel_tol=1e-12, abs_tol=1e-13)
    assert set(ARITHMETICS) == {"blas", "exact"}


def _cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {f for line in text.splitlines() if line.startswith("flags") for f in line.split()}


# builds of the core's products that must give the extension's bits: another
# optimisation level, no SIMD at all, SIMD at a forced width with no run-time
# choice, FMA allowed on the command line (the source's pragma forbids its use)
# and tiny cache blocks (panels of 5 values of j)
BUILDS = {
    "O0": ["-O0"],
    "scalar": ["-O2", "-DTN_SCALAR"],
    "sse2": ["-O2", "-DTN_NO_CLONES"],
    "avx2-fma-tiny-blocks": [
        "-O3",
        "-mavx2",
        "-mfma",
        "-DTN_NO_CLONES",
        "-DTN_KC=5",
        "-DTN_MC=8",
        "-DTN_NC=16",
    ],
    "avx512": ["-O2", "-mavx512f", "-DTN_NO_CLONES"],
}
NEEDS = {"avx2-fma-tiny-blocks": {"avx2", "fma"}, "avx512": {"avx512f"}}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_other_builds_of_the_core_give_the_same_bits(build, tmp_path, threads):
    import ctypes
    import platform
    import shutil
    import subprocess

    if platform.machine() not in ("x86_64", "AMD64") and build != "O0":
        pytest.skip("x86-64 flags")
    if not NEEDS.get(build, set()) <= _cpu_flags():
        pytest.skip(f"this CPU lacks {NEEDS[build]}")
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler")
    src = ROOT / "R" / "src"
    lib = tmp_path / "core.so"
    subprocess.run(
        [cc, "-std=c99", "-shared", "-fPIC", *BUILDS[build], f"-I{src}",
         str(src / "tn_linalg.c"), "-o", str(lib), "-lpthread"],
        check=True,
    )  # fmt: skip
    core = ctypes.CDLL(str(lib))
    ptr = ctypes.POINTER(ctypes.c_double)
    size = ctypes.c_size_t
    for fn in (core.tn_matmul, core.tn_crossprod, core.tn_tcrossprod):
        fn.argtypes = [ptr, ptr, ptr, size, size, size]
    core.tn_set_threads.argtypes = [ctypes.c_int]
    rng = np.random.default_rng(11)
    threads(2)
    for m, k, n in [(13, 257, 11), (301, 150, 77), (6, 1, 9), (1, 300, 17)]:
        a, b = wide(rng, (m, k)), wide(rng, (k, n))
        expected = ExactArith.matmul(a, b)
        at, bt = np.ascontiguousarray(a.T), np.ascontiguousarray(b.T)
        for fn, x, y in [
            (core.tn_matmul, a, b),
            (core.tn_crossprod, at, b),
            (core.tn_tcrossprod, a, bt),
        ]:
            for t in (1, 3):
                core.tn_set_threads(t)
                c = np.full((m, n), np.nan)
                fn(x.ctypes.data_as(ptr), y.ctypes.data_as(ptr), c.ctypes.data_as(ptr), m, k, n)
                np.testing.assert_array_equal(c, expected, err_msg=f"{build} {fn.__name__} {t}")
