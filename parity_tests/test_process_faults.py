"""Saving and process faults through both command lines (docs/inputs.md,
"Writing files" and "The command line"): kill -9 during saves never leaves a
partial model and the next run removes the leftovers; Ctrl-C exits 130 after
saving the completed epochs and --resume then gives the bits of an
uninterrupted run; devices, pipes, symbolic links, permissions, folders that
cannot be written, a missing verb and non-ASCII file names under the C locale
are decided the same in both languages."""

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import threading
import time

import pytest

from parity import FIXTURES, PY_CLI, R_CLI, R_ENV, ROOT, run
from twinnet import load_model

CLIS = {"python": PY_CLI, "r": R_CLI}
DATA = FIXTURES / "random_200x10"


def start(language, *args):
    return subprocess.Popen(
        CLIS[language] + [str(a) for a in args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=R_ENV,
    )


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".twinnet-"))


def config(folder, **settings):
    """A config in ``folder`` on the 200 x 10 fixture's data."""
    values = {"x": str(DATA / "x.csv"), "y": str(DATA / "y.csv"), "seed": 42, **settings}
    path = folder / "config.json"
    path.write_text(json.dumps(values))
    return path


def read_only_folder(tmp_path):
    """A folder this process cannot write into, or skip (root writes anywhere
    but into sysfs)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (folder, ROOT.anchor + "sys"):
        try:
            probe = os.path.join(candidate, ".twinnet-probe")
            with open(probe, "w"):
                pass
            os.unlink(probe)
        except OSError:
            return str(candidate)
    pytest.skip("no folder this user cannot write into")


def test_a_missing_verb_is_a_usage_error_in_both():
    # R exited 0 with the usage; Python's argparse exits 2
    for language in CLIS:
        code, out, err = run(CLIS[language])
        assert code == 2, language
        assert out == ""
        assert "usage: twinnet" in err
        assert err.endswith("twinnet: error: the following arguments are required: VERB\n")


@pytest.mark.parametrize("language", CLIS)
def test_devices_links_and_permissions_are_decided_as_documented(tmp_path, language):
    cfg = config(tmp_path, layers=[10, 3, 1], epochs=2)
    # a symbolic link to a device: the device is written, the link stays
    null = tmp_path / "null.json"
    null.symlink_to("/dev/null")
    assert run(CLIS[language], "train", "--config", cfg, "--out", null, "--quiet")[0] == 0
    assert null.is_symlink() and os.readlink(null) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # a symbolic link to a model file: its target is written
    (tmp_path / "real.json").write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    assert run(CLIS[language], "train", "--config", cfg, "--out", link, "--quiet")[0] == 0
    assert link.is_symlink()
    assert len(load_model(tmp_path / "real.json").loss_history) == 2
    # a new file gets the umask's permissions; an existing one keeps its own
    new = tmp_path / "new.json"
    assert run(CLIS[language], "train", "--config", cfg, "--out", new, umask=0o027)[0] == 0
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o640
    new.chmod(0o604)
    assert run(CLIS[language], "train", "--config", cfg, "--out", new, umask=0o077)[0] == 0
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o604
    # a pipe is written directly, not replaced
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    assert run(CLIS[language], "train", "--config", cfg, "--out", fifo, "--quiet")[0] == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["format"] == "twinnet-model"
    # /dev/stdout: the predictions come out on standard output
    code, out, err = run(
        CLIS[language],
        "predict",
        "--model",
        tmp_path / "new.json",
        "--x",
        DATA / "x.csv",
        "--out",
        "/dev/stdout",
        "--quiet",
    )
    assert (code, err) == (0, "")
    assert out.startswith("y1\n") and len(out.splitlines()) == 201
    assert leftovers(tmp_path) == []


def test_a_folder_and_a_missing_folder_get_the_same_message_in_both(tmp_path):
    cfg = config(tmp_path, layers=[10, 3, 1], epochs=2)
    for out, message in [
        (tmp_path, f"twinnet: error: could not write {tmp_path}: it is a folder\n"),
        (
            tmp_path / "none" / "m.json",
            (
                f"twinnet: error: could not write {tmp_path}/none/m.json: "
                f"folder {tmp_path}/none does not exist\n"
            ),
        ),
    ]:
        for language in CLIS:
            assert run(CLIS[language], "train", "--config", cfg, "--out", out) == (1, "", message)


def test_a_folder_that_cannot_be_written_is_one_error_line_in_both(tmp_path):
    # Python showed an OSError from the PNG encoder, R "Error in plot.new()"
    folder = read_only_folder(tmp_path)
    cfg = config(tmp_path, layers=[10, 3, 1], epochs=2)
    model = tmp_path / "m.json"
    assert run(PY_CLI, "train", "--config", cfg, "--out", model, "--quiet")[0] == 0
    for verb in (
        ["train", "--config", cfg, "--out", f"{folder}/m.json"],
        ["plot", "--model", model, "--kind", "loss", "--out", f"{folder}/loss.png"],
    ):
        target = verb[-1]
        for language in CLIS:
            assert run(CLIS[language], *verb) == (
                1,
                "",
                f"twinnet: error: could not write {target}: Permission denied\n",
            ), (language, verb)


def test_non_ascii_file_names_work_under_the_c_locale_in_both(tmp_path):
    # R failed inside file.path(): "unable to translate ... to UTF-8"
    folder = tmp_path / "données"
    folder.mkdir()
    shutil.copy(DATA / "x.csv", folder / "entrées.csv")
    shutil.copy(DATA / "y.csv", folder / "cibles.csv")
    cfg = folder / "config.json"
    cfg.write_text(
        json.dumps(
            {
                "x": "entrées.csv",
                "y": "cibles.csv",
                "layers": [10, 3, 1],
                "epochs": 3,
                "mode": "exact",
            }
        ),
        encoding="utf-8",
    )
    env = {**R_ENV, "LANG": "C", "LC_ALL": "C"}
    for language in CLIS:
        out = folder / f"modèle-{language}.json"
        assert run(CLIS[language], "train", "--config", cfg, "--out", out, "--quiet", env=env) == (
            0,
            "",
            "",
        )
        png = folder / f"perte-{language}.png"
        code, _, err = run(
            CLIS[language], "plot", "--model", out, "--kind", "loss", "--out", png, env=env
        )
        assert (code, err) == (0, ""), language
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert load_model(folder / "modèle-python.json").loss_history == (
        load_model(folder / "modèle-r.json").loss_history
    )


@pytest.mark.parametrize("language", CLIS)
def test_kill_9_during_saves_never_leaves_a_partial_model(tmp_path, language):
    """A checkpoint every epoch of a 10-128-128-1 network (a 0.4 MB model
    file), killed at random moments and as soon as a save has opened its
    temporary file: --out is always absent or a whole model, and the next run
    removes the temporary files the killed ones left."""
    cfg = config(tmp_path, layers=[10, 128, 128, 1], epochs=100000, mode="blas")
    out = tmp_path / "model.json"
    rng = random.Random(20261201)
    lengths = []
    killed_in_save = 0
    for kill in range(4):
        before = out.stat().st_mtime_ns if out.exists() else None
        process = start(
            language, "train", "--config", cfg, "--out", out, "--checkpoint-every", 1, "--resume"
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.stat().st_mtime_ns != before:  # this run saved
                break
            time.sleep(0.02)
        if kill % 2:  # at a random moment
            time.sleep(rng.uniform(0.0, 1.0))
        else:  # as soon as a save has its temporary file open
            mine = f".twinnet-{process.pid}-"
            while time.monotonic() < deadline and process.poll() is None:
                if any(name.startswith(mine) for name in leftovers(tmp_path)):
                    break
                time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL, process.stderr.read()
        model = load_model(out)  # whole, or load_model raises
        lengths.append(len(model.loss_history))
        killed_in_save += bool(leftovers(tmp_path))
        assert len(model.weights) == 3 and model.weights[1].shape == (128, 128)
    assert all(n >= 1 for n in lengths)
    print(f"{language}: killed after epochs {lengths}, {killed_in_save} of 4 during a save")
    # the next run removes what the killed ones left behind
    assert (
        run(CLIS[language], "train", "--config", cfg, "--out", out, "--epochs", 1, "--quiet")[0]
        == 0
    )
    assert leftovers(tmp_path) == []
    assert len(load_model(out).loss_history) == 1


@pytest.mark.parametrize("language", CLIS)
def test_ctrl_c_exits_130_after_saving_and_resume_gives_the_bits_of_a_whole_run(tmp_path, language):
    cfg = config(tmp_path, layers=[10, 16, 1], epochs=1500, mode="exact")
    whole = tmp_path / "whole.json"
    assert run(CLIS[language], "train", "--config", cfg, "--out", whole, "--quiet")[0] == 0
    out = tmp_path / "model.json"
    process = start(language, "train", "--config", cfg, "--out", out, "--checkpoint-every", 50)
    deadline = time.monotonic() + 15
    while not out.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    stopped = len(load_model(out).loss_history)
    assert 50 <= stopped < 1500, err
    assert f"stopped after epoch {stopped}" in err
    code, text, _ = run(CLIS[language], "train", "--config", cfg, "--out", out, "--resume")
    assert code == 0
    assert f"resuming {out} after epoch {stopped}" in text
    assert json.loads(out.read_text()) == json.loads(whole.read_text())
    assert leftovers(tmp_path) == []
