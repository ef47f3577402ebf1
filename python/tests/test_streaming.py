"""Data sources (twinnet.streaming) and Dask prediction (twinnet.distributed).

Streaming must give the in-memory fit's bits in exact mode: the same rows,
the same values (io.read_data's), the same shuffles from the network's
stream. The memory test trains from a file larger than the address space the
child process may use, and shows the in-memory route fails under that limit.
"""

import os
import resource
import subprocess
import sys
import time

import numpy as np
import pytest

from twinnet.datasets import one_hot
from twinnet.idx import write_idx
from twinnet.io import read_data, write_matrix
from twinnet.layers import Activation, Dense
from twinnet.model_file import load_model
from twinnet.network import Network
from twinnet.streaming import CsvSource, IdxSource, take_rows
from twinnet.validation import TwinnetError


def small_net(n_in=20, mode="exact"):
    net = Network(seed=3, mode=mode)
    net.add(Dense(n_in, 6))
    net.add(Activation("tanh"))
    net.add(Dense(6, 3))
    net.add(Activation("softmax"))
    net.use("softmax_cross_entropy")
    return net


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("streaming")
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(203, 4, 5), dtype=np.uint8)
    labels = rng.integers(0, 3, size=203).astype(np.uint8)
    paths = {
        "images": str(folder / "d-images-idx3-ubyte"),
        "labels": str(folder / "d-labels-idx1-ubyte"),
        "csv": str(folder / "d.csv"),
    }
    write_idx(images, paths["images"])
    write_idx(labels, paths["labels"])
    X = read_data(paths["images"])
    # CSV: the inputs as shortest round-trip text, the label last
    write_matrix(np.column_stack([X, labels]), paths["csv"], prefix="c")
    return paths, X, one_hot(labels)


def assert_same_fit(a, b):
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert a.loss_history == b.loss_history


@pytest.mark.parametrize("batch_size", [1, 7, 64, 203])
@pytest.mark.parametrize("shuffle", [False, True])
def test_idx_stream_fit_and_predict_identical_to_in_memory(files, batch_size, shuffle):
    paths, X, Y = files
    source = IdxSource(paths["images"], paths["labels"], chunk_rows=50)
    settings = dict(epochs=3, batch_size=batch_size, shuffle=shuffle, lr=0.05)
    memory = small_net().fit(X, Y, **settings)
    streamed = small_net().fit(source, None, **settings)
    assert_same_fit(memory, streamed)
    np.testing.assert_array_equal(memory.predict(X), streamed.predict(source))


@pytest.mark.parametrize("batch_size", [1, 10, 202])
@pytest.mark.parametrize("shuffle", [False, True])
def test_csv_stream_fit_and_predict_identical_to_in_memory(files, batch_size, shuffle):
    paths, X, Y = files
    source = CsvSource(paths["csv"], label="c21", chunk_rows=17)
    assert source.shape == (203, 20)
    np.testing.assert_array_equal(source.targets()[:, 0], np.argmax(Y, axis=1))
    settings = dict(epochs=2, batch_size=batch_size, shuffle=shuffle, lr=0.05, optimizer="adam")
    memory = small_net().fit(X, Y, **settings)
    streamed = small_net().fit(source, Y, **settings)
    assert_same_fit(memory, streamed)
    np.testing.assert_array_equal(memory.predict(X), streamed.predict(source))


def test_sources_read_the_rows_asked_for_in_that_order(files):
    paths, X, _ = files
    rows = np.array([5, 3, 4, 200, 0, 1, 2, 199])
    for source in (IdxSource(paths["images"]), CsvSource(paths["csv"], label=["c21"])):
        np.testing.assert_array_equal(take_rows(source, rows), X[rows])
        np.testing.assert_array_equal(take_rows(source, slice(10, 20)), X[10:20])


def test_csv_source_reads_as_read_matrix_does(tmp_path):
    path = tmp_path / "odd.csv"
    # a BOM, CRLF, blank lines, spaces, quotes, signs, exponents, -0
    path.write_bytes(b'\xef\xbb\xbfa, "b"\r\n\r\n 1.5 ,"-0"\r\n+.25,1e-300\r\n\r\n0.1,"  7 "\r\n')
    from twinnet.io import read_matrix

    source = CsvSource(path, chunk_rows=2)
    got = source.rows(slice(0, 3))
    want = read_matrix(str(path))
    assert got.tobytes() == want.tobytes()  # -0.0 kept


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "a,b\n1,2\n\n3,4\n5,x\n6,7\n",
            "has a non-numeric value in column 'b' (column 2) at line 5: 'x'",
        ),
        ("", "is empty"),
        ("a,b\n", "is empty (0 x 2): it has a header and no rows"),
        ("a,b\n1,2\n3\n", ": line 3 has 1 cell, the header has 2"),
        (
            "1,2\n3,4\n",
            "has no header row: its first line holds numbers only (the first line must name "
            "the columns)",
        ),
        ("a,b\n1,2\n3\x00,4\n", "is not UTF-8 text (line 3)"),
        (
            "a,b\r1,2\r",
            ": line 1 holds a lone carriage return; a data source reads files whose lines "
            "end with \\n or \\r\\n",
        ),
    ],
)
def test_csv_source_reports_bad_files_by_their_lines(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(text.encode())
    with pytest.raises(TwinnetError) as err:
        CsvSource(path, chunk_rows=1)
    assert str(err.value) == f"X file {path}{'' if message.startswith(':') else ' '}{message}"


def test_sources_refuse_what_they_cannot_stream(files, tmp_path):
    paths, X, Y = files
    gz = tmp_path / "g-images-idx3-ubyte.gz"
    write_idx(np.zeros((2, 2, 2), dtype=np.uint8), gz)
    with pytest.raises(TwinnetError, match=r"is gzipped: .*gunzip -k"):
        IdxSource(gz)
    with pytest.raises(TwinnetError, match="holds 1 dimension"):
        IdxSource(paths["labels"])
    with pytest.raises(TwinnetError, match="label column 'zz' is not in"):
        CsvSource(paths["csv"], label="zz")
    source = IdxSource(paths["images"])
    net = small_net()
    cases = [
        (dict(batch_size=None), "X is a data source: give batch_size"),
        (dict(batch_size=5, validation_fraction=0.2), "validation_fraction does not split"),
        (dict(batch_size=5), "without labels: give Y"),
    ]
    for settings, message in cases:
        with pytest.raises(TwinnetError, match=message):
            net.fit(source, None, 1, **settings)
    with pytest.raises(TwinnetError, match="validation_data must be matrices in memory"):
        net.fit(X, Y, 1, batch_size=5, validation_data=(source, Y))
    with pytest.raises(TwinnetError, match="Y must be a matrix in memory"):
        net.fit(X, source, 1, batch_size=5)


# The memory test: a child process whose address space (RLIMIT_AS) is
# smaller than the data file trains from it by streaming; the same file read
# whole fails under that limit; the model equals the in-memory fit's.
ROWS, HEIGHT, WIDTH = 100_000, 25, 40  # 100 MB of uint8 pixels
MARGIN = 64 << 20  # the limit: the child's baseline plus this
CHILD_ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", TWINNET_THREADS="1")

CHILD = """
import sys
import numpy as np
from twinnet.layers import Activation, Dense
from twinnet.network import Network
from twinnet.streaming import IdxSource
from twinnet.io import read_data
from twinnet.model_file import save_model
images, labels, out, how = sys.argv[1:5]
if how == "baseline":
    print([l for l in open("/proc/self/status") if l.startswith("VmPeak")][0].split()[1])
    sys.exit(0)
net = Network(seed=7, mode="exact")
net.add(Dense(1000, 3)); net.add(Activation("sigmoid"))
net.add(Dense(3, 2)); net.add(Activation("softmax")); net.use("softmax_cross_entropy")
X = IdxSource(images, labels) if how == "stream" else read_data(images)
Y = None if how == "stream" else read_data(labels)
net.fit(X, Y, 1, batch_size=500, shuffle=True, lr=0.1)
save_model(net, out)
print([l for l in open("/proc/self/status") if l.startswith("VmPeak")][0].split()[1])
"""


def run_child(args, limit=None):
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        preexec_fn=cap if limit else None,
        timeout=120,
    )


def memory_net():
    net = Network(seed=7, mode="exact")
    net.add(Dense(1000, 3))
    net.add(Activation("sigmoid"))
    net.add(Dense(3, 2))
    net.add(Activation("softmax"))
    net.use("softmax_cross_entropy")
    return net


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    images, labels = folder / "big-images-idx3-ubyte", folder / "big-labels-idx1-ubyte"
    rng = np.random.default_rng(11)
    pixels = rng.integers(0, 256, size=(ROWS, HEIGHT, WIDTH), dtype=np.uint8)
    classes = (pixels[:, 0, :20].mean(axis=1) > 127.5).astype(np.uint8)
    write_idx(pixels, images)
    write_idx(classes, labels)
    del pixels
    yield str(images), str(labels)
    for path in (images, labels):
        path.unlink()


def test_stream_training_under_a_memory_limit_smaller_than_the_file(big_file, tmp_path):
    images, labels = big_file
    size = os.path.getsize(images)
    start = time.perf_counter()
    done = run_child([images, labels, "-", "baseline"])
    assert done.returncode == 0, done.stderr
    baseline = int(done.stdout) * 1024
    limit = baseline + MARGIN
    assert size > MARGIN  # the file cannot fit in what the child may add
    out = tmp_path / "stream.json"
    done = run_child([images, labels, str(out), "stream"], limit)
    assert done.returncode == 0, done.stderr
    peak = int(done.stdout) * 1024
    assert peak <= limit
    whole = run_child([images, labels, str(tmp_path / "whole.json"), "memory"], limit)
    assert whole.returncode != 0 and "MemoryError" in whole.stderr, whole.stderr[-500:]
    streamed = load_model(str(out))
    memory = memory_net().fit(
        read_data(images), read_data(labels), 1, batch_size=500, shuffle=True, lr=0.1
    )
    assert_same_fit(memory, streamed)
    print(
        f"\nfile {size / 2**20:.1f} MiB, baseline {baseline / 2**20:.1f} MiB, limit "
        f"{limit / 2**20:.1f} MiB, streaming peak {peak / 2**20:.1f} MiB, "
        f"{time.perf_counter() - start:.1f} s"
    )


# Dask: prediction partition by partition equals the in-memory predict.
da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")


@pytest.mark.parametrize(
    "chunks", [101, 10, (1,) * 101, (50, 0, 51), (3, 97, 1)], ids=lambda c: str(c)[:12]
)
@pytest.mark.parametrize("mode", ["exact", "blas"])
def test_dask_array_prediction_matches_in_memory(chunks, mode):
    from twinnet import distributed

    net = small_net(5, mode)
    X = np.random.default_rng(1).normal(size=(101, 5))
    got = distributed.predict(net, da.from_array(X, chunks=(chunks, 5)))
    assert got.chunks[0] == da.from_array(X, chunks=(chunks, 5)).chunks[0]
    got = got.compute()
    if mode == "exact":
        np.testing.assert_array_equal(got, net.predict(X))
    else:  # BLAS may block another number of rows differently: measured 3.3e-16
        np.testing.assert_allclose(got, net.predict(X), rtol=0, atol=1e-14)


@pytest.mark.parametrize("npartitions", [1, 4, 101])
def test_dask_dataframe_prediction_matches_in_memory(npartitions):
    import pandas as pd

    from twinnet import distributed

    net = small_net(5)
    X = np.random.default_rng(2).normal(size=(101, 5))
    frame = dd.from_pandas(pd.DataFrame(X, columns=list("abcde")), npartitions=npartitions)
    got = distributed.predict(net, frame).compute()
    assert list(got.columns) == ["y1", "y2", "y3"]
    np.testing.assert_array_equal(got.to_numpy(), net.predict(X))


def test_dask_prediction_refuses_other_data():
    from twinnet import distributed

    with pytest.raises(TwinnetError, match="must be a Dask array or dataframe"):
        distributed.predict(small_net(5), np.zeros((2, 5)))
