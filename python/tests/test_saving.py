"""Writing files and process faults (docs/inputs.md, "Writing files" and "The
command line"). Twin: R/tests/testthat/test-saving.R; both command lines side
by side: parity_tests/test_process_faults.py."""

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from conftest import TOY_X, TOY_Y

import twinnet.files
import twinnet.model_file
from twinnet import MLP, TwinnetError, load_model, save_model
from twinnet.cli import main
from twinnet.files import write_atomically
from twinnet.idx import write_idx
from twinnet.io import write_matrix

DEAD_PID = 99999999  # above any pid_max (2^22): never a running process


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".twinnet-"))


def toy_config(folder, epochs=6):
    write_matrix(TOY_X, folder / "x.csv", "x")
    write_matrix(TOY_Y, folder / "y.csv", "y")
    config = {"x": "x.csv", "y": "y.csv", "layers": [4, 3, 1], "epochs": epochs, "mode": "exact"}
    (folder / "config.json").write_text(json.dumps(config))
    return str(folder / "config.json")


def read_only_folder(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (str(folder), "/sys"):
        try:
            with open(os.path.join(candidate, ".twinnet-probe"), "w"):
                pass
            os.unlink(os.path.join(candidate, ".twinnet-probe"))
        except OSError:
            return candidate
    pytest.skip("no folder this user cannot write into")


@pytest.fixture
def umask():
    def set_umask(value):
        os.umask(value)

    before = os.umask(0o022)
    yield set_umask
    os.umask(before)


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path, umask):
    # Python's files were 0600 whatever the umask (tempfile.mkstemp)
    umask(0o022)
    save_model(MLP([2, 1]), tmp_path / "a.json")
    assert stat.S_IMODE(os.stat(tmp_path / "a.json").st_mode) == 0o644
    umask(0o027)
    write_matrix(TOY_X, tmp_path / "b.csv")
    assert stat.S_IMODE(os.stat(tmp_path / "b.csv").st_mode) == 0o640


def test_an_existing_file_keeps_its_permissions(tmp_path, umask):
    path = tmp_path / "m.json"
    path.write_text("old")
    path.chmod(0o604)
    umask(0o077)
    save_model(MLP([2, 1]), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o604
    assert load_model(path).sizes == [2, 1]


def test_a_symbolic_link_has_its_target_written(tmp_path):
    # the rename replaced the link with a file
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    save_model(MLP([2, 1]), tmp_path / "link.json")
    assert os.readlink(tmp_path / "link.json") == "real.json"
    assert load_model(tmp_path / "real.json").sizes == [2, 1]
    (tmp_path / "dangling.json").symlink_to("made.json")
    save_model(MLP([2, 1]), tmp_path / "dangling.json")
    assert (tmp_path / "dangling.json").is_symlink()
    assert load_model(tmp_path / "made.json").sizes == [2, 1]
    assert leftovers(tmp_path) == []


def test_a_device_is_written_directly_not_replaced(tmp_path):
    # --out /dev/null became an ordinary file (as root); here through a link,
    # so that a regression replaces the link and not the machine's /dev/null
    (tmp_path / "null.json").symlink_to("/dev/null")
    save_model(MLP([2, 1]), tmp_path / "null.json")
    assert os.readlink(tmp_path / "null.json") == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert leftovers(tmp_path) == []


def test_a_pipe_is_written_directly(tmp_path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_matrix(np.array([[0.5]]), fifo)
    reader.join(10)
    assert got == ["y1\n0.5\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_stdout_is_written_directly_and_appended_to(tmp_path):
    code = "from twinnet.io import write_matrix; write_matrix([[0.25]], '/dev/stdout')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "y1\n0.25\n", "")
    out = tmp_path / "out.txt"
    with open(out, "w") as handle:
        handle.write("before\n")
        handle.flush()
        subprocess.run([sys.executable, "-c", code], stdout=handle, check=True)
    assert out.read_text() == "before\ny1\n0.25\n"


def test_a_folder_is_an_error_naming_the_path(tmp_path):
    with pytest.raises(TwinnetError) as info:
        save_model(MLP([2, 1]), tmp_path)
    assert str(info.value) == f"could not write {tmp_path}: it is a folder"
    with pytest.raises(TwinnetError) as info:
        write_idx(np.zeros(3), tmp_path)
    assert str(info.value) == f"could not write {tmp_path}: it is a folder"


def test_an_empty_file_name_is_an_error():
    # Python said "No such file or directory", R "folder  does not exist"
    with pytest.raises(TwinnetError) as info:
        save_model(MLP([2, 1]), "")
    assert str(info.value) == "could not write '': the file name is empty"


def test_a_folder_that_cannot_be_written_is_one_twinnet_error(tmp_path):
    pytest.importorskip("matplotlib")
    from twinnet.plot import plot_loss

    folder = read_only_folder(tmp_path)
    with pytest.raises(TwinnetError) as info:
        save_model(MLP([2, 1]), f"{folder}/m.json")
    assert str(info.value) == f"could not write {folder}/m.json: Permission denied"
    # PIL's PermissionError came out of savefig
    with pytest.raises(TwinnetError) as info:
        plot_loss([1.0, 0.5], f"{folder}/loss.png")
    assert str(info.value) == f"could not write {folder}/loss.png: Permission denied"


def test_an_interrupted_write_removes_its_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    save_model(MLP([2, 1], seed=1), path)
    before = path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(twinnet.files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(MLP([2, 1], seed=2), path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_leftovers_of_a_killed_run_are_removed_by_the_next_write(tmp_path):
    dead = tmp_path / f".twinnet-{DEAD_PID}-abc.tmp"
    old = tmp_path / ".twinnet-old.tmp"
    alive = tmp_path / f".twinnet-{os.getppid()}-abc.tmp"  # a running process's
    young = tmp_path / ".twinnet-young.tmp"
    other = tmp_path / "notes.tmp"
    for path in (dead, old, alive, young, other):
        path.write_text("partial")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    write_atomically(tmp_path / "m.csv", "y1\n1\n")
    assert leftovers(tmp_path) == sorted([alive.name, young.name])
    assert other.exists()


def test_ctrl_c_exits_130_after_saving_the_completed_epochs(tmp_path, monkeypatch, capsys):
    # Ctrl-C exited 0: a script could not tell a stopped run from a finished one
    config = toy_config(tmp_path, epochs=50)
    real_save = twinnet.model_file.save_model

    def save_then_press_ctrl_c(model, path):
        real_save(model, path)
        if len(model.loss_history) == 4:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(twinnet.model_file, "save_model", save_then_press_ctrl_c)
    out = tmp_path / "m.json"
    status = main(["train", "--config", config, "--out", str(out), "--checkpoint-every", "2"])
    assert status == 130
    assert "stopped after epoch 4" in capsys.readouterr().err
    assert len(load_model(out).loss_history) == 4
    status = main(["train", "--config", config, "--out", str(out), "--resume", "--quiet"])
    assert status == 0
    whole = main(["train", "--config", config, "--out", str(tmp_path / "w.json"), "--quiet"])
    assert whole == 0
    assert out.read_text() == (tmp_path / "w.json").read_text()


def test_a_second_ctrl_c_during_the_save_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    # a traceback
    config = toy_config(tmp_path)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(twinnet.files.os, "replace", interrupted)
    status = main(["train", "--config", config, "--out", str(tmp_path / "m.json"), "--quiet"])
    assert status == 130
    assert capsys.readouterr().err == "twinnet: interrupted\n"
    assert not (tmp_path / "m.json").exists()
    assert leftovers(tmp_path) == []


def test_a_missing_verb_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "twinnet: error: the following arguments are required: VERB\n"
    )


def test_non_ascii_file_names_work_under_the_c_locale(tmp_path):
    folder = tmp_path / "données"
    folder.mkdir()
    write_matrix(TOY_X, folder / "entrées.csv", "x")
    write_matrix(TOY_Y, folder / "cibles.csv", "y")
    config = {"x": "entrées.csv", "y": "cibles.csv", "layers": [4, 3, 1], "epochs": 3}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
    code = "import sys; from twinnet.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "train",
            "--config",
            str(folder / "config.json"),
            "--out",
            str(folder / "modèle.json"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert len(load_model(folder / "modèle.json").loss_history) == 3


def test_the_training_controls_records_are_saved_and_read_back(tmp_path):
    """validation_loss_history, validation_score_history (NaN and infinities
    as the strings "NaN", "Inf", "-Inf": JSON has no such numbers),
    stop_reason and best_epoch (docs/formats.md); a file without them (written
    before them) loads with empty histories and null."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    model = MLP([2, 3, 1], lr=0.5, seed=7).fit(X, Y, 2)
    model.fit(X, Y, 4, validation_data=(X, Y), validation_score="accuracy")
    model.validation_loss_history[3] = -np.inf  # as a diverging validation loss would be
    model.stop_reason, model.best_epoch = "early_stopping", 5
    save_model(model, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text())
    assert data["validation_loss_history"][:2] == ["NaN", "NaN"]
    assert data["validation_loss_history"][3] == "-Inf"
    assert data["stop_reason"] == "early_stopping" and data["best_epoch"] == 5
    back = load_model(tmp_path / "m.json")
    np.testing.assert_array_equal(back.validation_loss_history, model.validation_loss_history)
    np.testing.assert_array_equal(back.validation_score_history, model.validation_score_history)
    assert (back.stop_reason, back.best_epoch) == ("early_stopping", 5)
    for key in ("validation_loss_history", "validation_score_history", "stop_reason", "best_epoch"):
        del data[key]
    (tmp_path / "old.json").write_text(json.dumps(data))
    old = load_model(tmp_path / "old.json")
    assert old.validation_loss_history == [] and old.validation_score_history == []
    assert old.stop_reason is None and old.best_epoch is None
    data["best_epoch"] = 7
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(TwinnetError) as err:
        load_model(tmp_path / "bad.json")
    assert str(err.value).endswith(": best_epoch must be a whole number in [0, 6], got 7")
