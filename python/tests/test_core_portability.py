"""The quick part of `make portability`: the exact core's test driver
(python/benchmarks/core_driver.c with R/src/tn_math.c and R/src/tn_linalg.c)
built by the host's gcc at -O0 and -O2, with small block sizes and scalar
kernels, and by clang -O2 when installed, must print the same digests, equal
to the ones frozen here; and the driver's own C training loop must give the
same bits as twinnet's Python exact mode on the two fixtures' networks.

The frozen digests were computed with gcc -O2 on x86-64 and confirmed by
aarch64-linux-gnu-gcc -O2 and -O3 -ffp-contract=fast under qemu-aarch64-static
(`make portability`, which also runs gcc -O3 -march=native and clang). The
whole matrix and the 10^6-input comparisons of the elementary functions are
`make portability`, outside make test.

When the core's arithmetic changes on purpose (a new algorithm for a
function, a new fixture init), refresh DIGESTS from `make portability`'s
output, after it shows that every build agrees.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "python" / "benchmarks" / "core_portability.py"

# `core_driver suite NETS`: 64-bit FNV-1a of each group's results (see
# core_driver.c). The same on x86-64 (gcc -O0/-O2/-O3 -march=native, clang)
# and on aarch64 under qemu.
DIGESTS = {
    "math": "f491106da7c5d036",
    "products": "8ecb138301459089",
    "sums": "e6138dd308cb752d",
    "net seed000_toy": "c5059d2944156645",
    "net two_hidden_parity": "6172d0e49fbf14fb",
}

BUILDS = [
    ("gcc -O0", ["gcc", "-O0"]),
    ("gcc -O2", ["gcc", "-O2"]),
    # other block sizes (a panel of 7 values of j, blocks of 5 rows and 9
    # columns) and the scalar kernel: the bits must not change
    (
        "gcc -O2 small blocks, scalar kernel",
        ["gcc", "-O2", "-DTN_KC=7", "-DTN_MC=5", "-DTN_NC=9", "-DTN_SCALAR"],
    ),
]
if shutil.which("clang"):
    BUILDS.append(("clang -O2", ["clang", "-O2"]))


def load_script():
    spec = importlib.util.spec_from_file_location("core_portability", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def portability():
    return load_script()


@pytest.fixture(scope="module")
def nets(portability, tmp_path_factory):
    path = tmp_path_factory.mktemp("core_portability") / "nets.txt"
    portability.write_nets(path)
    return path


@pytest.fixture(scope="module")
def drivers(portability, tmp_path_factory):
    """{label: the driver built that way}"""
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed: the core's driver cannot be built")
    folder = tmp_path_factory.mktemp("core_drivers")
    out = {}
    for i, (label, cc) in enumerate(BUILDS):
        exe = folder / f"driver{i}"
        built = subprocess.run(portability.compile_command(cc, exe), capture_output=True, text=True)
        assert built.returncode == 0, f"{label}: the driver does not build:\n{built.stderr}"
        out[label] = exe
    return out


def run_suite(exe: Path, nets: Path, portability) -> dict[str, str]:
    run = subprocess.run([str(exe), "suite", str(nets)], capture_output=True, text=True)
    assert run.returncode == 0, f"{exe}: the driver's own checks failed:\n{run.stderr}"
    return portability.read_suite(run.stdout)


def test_every_build_prints_the_frozen_digests(drivers, nets, portability):
    printed = {label: run_suite(exe, nets, portability) for label, exe in drivers.items()}
    for label, digests in printed.items():
        assert digests == DIGESTS, f"{label} printed {digests}"


def test_the_driver_epochs_are_python_exact_mode(drivers, nets, portability):
    """The driver's C loop, from the documented algorithm and the core's
    functions only, against twinnet's Python exact mode: the same bits."""
    run = subprocess.run(
        [str(drivers["gcc -O2"]), "epochs", str(nets)], capture_output=True, text=True, check=True
    )
    got = portability.read_epochs(run.stdout)
    models = portability.net_models()
    assert sorted(got) == sorted(models)
    for case, (model, X, Y, _) in models.items():
        model.fit(X, Y, portability.NET_EPOCHS)
        parts = [np.array(model.loss_history)]
        for l, w in enumerate(model.weights):
            parts.append(w.ravel())
            if model.bias:
                parts.append(model.biases[l].ravel())
        want = np.concatenate(parts)
        assert got[case].size == want.size, case
        differ = np.flatnonzero(got[case].view(np.uint64) != want.view(np.uint64))
        assert differ.size == 0, (
            f"{case}: the driver and Python exact mode differ at {differ.size} values, "
            f"first at {differ[0]}: {got[case][differ[0]]!r} != {want[differ[0]]!r}"
        )
        # the frozen digest is of exactly these values
        assert portability.fnv1a(want) == DIGESTS[f"net {case}"]


def test_the_digest_is_the_documented_fnv1a(portability):
    # FNV-1a 64 of no bytes is its published offset basis; one ULP changes it
    assert portability.fnv1a(np.array([])) == "cbf29ce484222325"
    assert portability.fnv1a(np.array([1.0])) != portability.fnv1a(np.array([np.nextafter(1.0, 2)]))
