"""Release files: build them (make dist) and install each where nothing of the
checkout is seen and no network is reached, then train the toy network with
the installed command lines (make dist-check). test_dist.py runs both in a
temporary folder.

    .venv/bin/python parity_tests/dist_check.py build --out dist
    .venv/bin/python parity_tests/dist_check.py check --dist dist [--work DIR]

build: ``python -m build --no-isolation`` writes the sdist, then the wheel
built from that sdist (so the wheel proves the sdist complete), with the
setuptools pinned in the Makefile (an isolated build would download one);
``R CMD build --no-manual`` writes R's source tarball (vignettes, if the
package has any, are built by it).

check: the three files are there under the version both languages carry;
the sdist and the R tarball hold the same bytes of the exact core (R/src/tn_*)
and of the command line's table (cli.json); a clean venv (``python -m venv``,
no system site-packages) gets the wheel by ``pip install --no-index`` from
the wheelhouse ``make setup`` filled (numpy, pandas and what they need); a
new R library gets the tarball by ``R CMD INSTALL`` (jsonlite from the
system library). Both installs run in a network namespace of their own
(``unshare --net``) where the system allows it, so a download would fail.
Then each installed command line trains the toy (fixtures/seed000_toy) and
predicts, and ``twinnet compare`` must find the installed Python's model,
the installed R's model and the checkout's Python model identical.
"""

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
TOY = ROOT / "fixtures" / "seed000_toy"
# the checkout's command line, beside the interpreter running this file
CHECKOUT_CLI = Path(sys.executable).parent / "twinnet"
# variables that would let a child see the checkout, another library or an index
UNSEEN = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TWINNET_RLIB", "R_LIBS", "R_LIBS_USER")


class DistError(Exception):
    """A release file is missing, incomplete, or does not install or run."""


def python_version():
    """twinnet.__version__ as python/src/twinnet/__init__.py writes it."""
    tree = ast.parse((ROOT / "python" / "src" / "twinnet" / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__version__"]:
            return ast.literal_eval(node.value)
    raise DistError("python/src/twinnet/__init__.py sets no __version__")


def r_version():
    """R/DESCRIPTION's Version, read by R's own read.dcf."""
    code = 'cat(read.dcf("R/DESCRIPTION", fields = "Version")[1, 1])'
    return run(["Rscript", "-e", code], cwd=ROOT).stdout.strip()


def run(command, cwd=None, env=None):
    """Run ``command`` (strings or paths); its CompletedProcess, or DistError
    with the end of its output when it fails."""
    command = [str(c) for c in command]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise DistError(f"{' '.join(command)} exited with {done.returncode}:\n{tail}")
    return done


def offline_prefix():
    """``unshare --net`` when a process may get a network namespace of its
    own here (no interface but a down loopback: any download fails), else
    nothing (pip's --no-index still forbids an index)."""
    unshare = shutil.which("unshare")
    if unshare:
        probe = subprocess.run([unshare, "--net", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [unshare, "--net"]
    return []


def clean_env(**extra):
    """This process's environment without what would let a child find the
    checkout, another R library or a package index, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in UNSEEN and not k.startswith("PIP_")}
    return {**env, **extra}


def build(out):
    """Write the sdist, the wheel and R's source tarball into ``out``; their paths."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    version = python_version()
    step("Python: python -m build --no-isolation (sdist, then the wheel from it)")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT / "python"])
    step("R: R CMD build --no-manual R")
    run(["R", "CMD", "build", "--no-manual", ROOT / "R"], cwd=out)
    files = artifacts(out, version)
    for path in files.values():
        print(
            f"  {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
            f"  ({path.stat().st_size / 1e3:.0f} kB)"
        )
    return files


def artifacts(dist, version):
    """The release files of ``version`` in ``dist``: sdist, wheel (the one
    for this interpreter) and R tarball, or DistError naming what is missing."""
    dist = Path(dist)
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    files = {
        "sdist": dist / f"twinnet-{version}.tar.gz",
        "wheel": next(iter(sorted(dist.glob(f"twinnet-{version}-{tag}-*.whl"))), None),
        "r": dist / f"twinnet_{version}.tar.gz",
    }
    missing = [name for name, path in files.items() if path is None or not path.is_file()]
    if missing:
        raise DistError(
            f"{dist} has no {', '.join(missing)} of twinnet {version} "
            f"(wheel for {tag}); run make dist"
        )
    return files


def missing_members(names, required):
    """The ``required`` paths that the archive listing ``names`` lacks."""
    return sorted(set(required) - set(names))


def shared_sources():
    """The files both packages carry, as (sdist member, R tarball member):
    the exact core and the command line's table."""
    core = sorted(p.name for p in (ROOT / "R" / "src").glob("tn_*") if p.suffix in (".c", ".h"))
    pairs = [(f"src/twinnet/_core/{n}", f"twinnet/src/{n}") for n in core]
    return pairs + [("src/twinnet/cli.json", "twinnet/inst/cli.json")]


def check_contents(files, version):
    """The sdist holds what its setup.py compiles, the wheel the compiled
    core, the R tarball its sources and NEWS.md, and the sdist's and the
    tarball's shared files are the same bytes; DistError otherwise."""
    top = f"twinnet-{version}/"
    with tarfile.open(files["sdist"]) as sdist, tarfile.open(files["r"]) as rtar:
        s_names = [n.removeprefix(top) for n in sdist.getnames()]
        r_names = rtar.getnames()
        pairs = shared_sources()
        s_need = ["setup.py", "pyproject.toml", "LICENSE", "src/twinnet/_core/module.c"]
        r_need = ["twinnet/DESCRIPTION", "twinnet/NEWS.md", "twinnet/exec/twinnet.R"]
        for what, names, need in (
            ("sdist", s_names, s_need + [s for s, _ in pairs]),
            ("R tarball", r_names, r_need + [r for _, r in pairs]),
        ):
            lacks = missing_members(names, need)
            if lacks:
                raise DistError(f"the {what} lacks {', '.join(lacks)}")
        for s, r in pairs:
            if sdist.extractfile(top + s).read() != rtar.extractfile(r).read():
                raise DistError(f"the sdist's {s} and the R tarball's {r} differ")
    with zipfile.ZipFile(files["wheel"]) as wheel:
        names = wheel.namelist()
    if (
        not any(n.startswith("twinnet/_core/_ext") for n in names)
        or "twinnet/cli.json" not in names
    ):
        raise DistError(f"{files['wheel'].name} lacks the compiled core or cli.json")


def install_python(wheel, venv, offline):
    """A clean venv at ``venv`` with ``wheel`` installed from the wheelhouse
    alone; the venv's bin folder."""
    if not any(WHEELHOUSE.glob("numpy-*.whl")):
        raise DistError(f"{WHEELHOUSE} holds no numpy wheel; run make setup")
    run(offline + [sys.executable, "-m", "venv", venv])
    bin_dir = Path(venv) / "bin"
    env = clean_env(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip = [bin_dir / "pip", "install", "-q", "--no-compile", "--no-index", "--find-links"]
    pip += [WHEELHOUSE, wheel]
    run(offline + pip, env=env)
    return bin_dir


def install_r(tarball, lib, offline):
    """A new R library at ``lib`` with the tarball installed; the environment
    whose R sees that library first and the system's libraries after it."""
    Path(lib).mkdir(parents=True)
    env = clean_env(R_LIBS=str(lib), R_LIBS_USER=str(lib))
    run(offline + ["R", "CMD", "INSTALL", "-l", lib, tarball], env=env)
    return env


def identical(cli, a, b, env, cwd):
    """``twinnet compare`` of two model files must say identical."""
    done = subprocess.run(
        [str(c) for c in cli] + ["compare", "--a", a, "--b", b],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or "verdict: identical" not in done.stdout:
        raise DistError(f"compare {a} {b}:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def train_and_predict(cli, prefix, work, env):
    """Train the toy with command line ``cli`` into ``prefix``.json and
    predict its x.csv into ``prefix``.csv, from ``work``."""
    model, predictions = work / f"{prefix}.json", work / f"{prefix}.csv"
    cli = [str(c) for c in cli]
    run(cli + ["train", "--config", TOY / "config.json", "--out", model], cwd=work, env=env)
    run(
        cli + ["predict", "--model", model, "--x", TOY / "x.csv", "--out", predictions, "--quiet"],
        cwd=work,
        env=env,
    )
    return model, predictions


def check(dist, work):
    """Check the release files in ``dist``, installing them under ``work``."""
    version = python_version()
    if (described := r_version()) != version:
        raise DistError(f"R/DESCRIPTION says {described}, twinnet.__version__ {version}")
    files = artifacts(dist, version)
    check_contents(files, version)
    work = Path(work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    offline = offline_prefix()
    how = "in a network namespace of its own" if offline else "with pip --no-index (no unshare)"
    step("the checkout's Python trains the toy (reference)")
    ref_model, ref_pred = train_and_predict([CHECKOUT_CLI], "checkout", work, None)

    step(f"Python: a clean venv, pip install {files['wheel'].name} offline ({how})")
    bin_dir = install_python(files["wheel"], work / "venv", offline)
    env = clean_env()
    where = run(
        [
            bin_dir / "python",
            "-c",
            "import importlib.metadata as m, twinnet; "
            "print(twinnet.__file__, twinnet.__version__, m.version('twinnet'))",
        ],
        cwd=work,
        env=env,
    ).stdout.split()
    if not where[0].startswith(str(work / "venv")) or where[1:] != [version, version]:
        raise DistError(f"the venv imported {' '.join(where)}, not twinnet {version} of its own")
    print(f"  imported {where[0]} ({version})")
    py_model, py_pred = train_and_predict([bin_dir / "twinnet"], "python", work, env)
    print(
        "  installed Python vs checkout: "
        + identical([bin_dir / "twinnet"], py_model, ref_model, env, work)
    )
    if py_pred.read_bytes() != ref_pred.read_bytes():
        raise DistError(f"{py_pred} and {ref_pred} differ")

    step(f"R: R CMD INSTALL {files['r'].name} into a new library ({how})")
    r_env = install_r(files["r"], work / "rlib", offline)
    found = run(
        ["Rscript", "-e", 'cat(find.package("twinnet"), format(packageVersion("twinnet")))'],
        cwd=work,
        env=r_env,
    ).stdout.split()
    if found != [str(work / "rlib" / "twinnet"), version]:
        raise DistError(f"R loaded twinnet {' '.join(found)}, not {version} from {work / 'rlib'}")
    print(f"  loaded {found[0]} ({version})")
    r_cli = ["Rscript", work / "rlib" / "twinnet" / "exec" / "twinnet.R"]
    r_model, r_pred = train_and_predict(r_cli, "r", work, r_env)
    print("  installed R vs installed Python: " + identical(r_cli, r_model, py_model, r_env, work))
    a = pd.read_csv(r_pred).to_numpy()
    b = pd.read_csv(py_pred).to_numpy()
    if a.shape != b.shape or not np.array_equal(a, b):
        raise DistError(f"R's predictions {r_pred} differ from Python's {py_pred}")
    print(f"  predictions: {a.ravel().tolist()} in both")
    return {"version": version, "offline": bool(offline), "files": files}


def step(text):
    print(f"== {text}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="dist_check.py", description=__doc__.split("\n\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("build", help="write the release files").add_argument("--out", default="dist")
    checker = verbs.add_parser("check", help="install them offline and train the toy")
    checker.add_argument("--dist", default="dist")
    checker.add_argument("--work", help="where to install (default: a temporary folder, removed)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.verb == "build":
            build(args.out)
        elif args.work:
            check(args.dist, args.work)
        else:
            with tempfile.TemporaryDirectory(prefix="twinnet-dist-") as work:
                check(args.dist, work)
    except DistError as e:
        print(f"dist {args.verb}: {e}", file=sys.stderr)
        return 1
    what = "built" if args.verb == "build" else "installed offline and trained the toy: identical"
    print(f"dist {args.verb}: {what} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
