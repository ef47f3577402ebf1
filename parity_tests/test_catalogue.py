"""The catalogue of hostile inputs (parity_tests/catalogue/cases.py), run in
both languages: the same decision for the same input, no traceback, no
internal R error, no lost file (issue 10; the rules: docs/inputs.md).

Command lines run in-process for speed: Python's ``twinnet.cli.main(argv)``
with standard output and error captured, R's ``twinnet_cli(args)`` through
rpy2 with its output and messages sunk into text connections. A few cases
also run as real processes, to check exit codes and that no traceback or
``Error in`` reaches a user.
"""

import contextlib
import io
import json
import os
import re
import signal
import struct
import traceback
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from catalogue.cases import CASES, markdown
from rpy2.rinterface import NA_Character, NA_Integer
from rpy2.robjects import StrVector

from parity import PY_CLI, R_CLI, R_ENV, ROOT, from_r, r, run

SENTINEL = b"a file that was here before the run: it must survive a failing run\n"
TRACES = ("Traceback", "Error in", "Calls:")
TIME_LIMIT = 20  # seconds for one language's run of one case (a hang is a failure)


class TimeLimit(BaseException):
    pass


@contextlib.contextmanager
def time_limit(seconds=TIME_LIMIT):
    def expired(signum, frame):
        raise TimeLimit(f"did not finish in {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


r("""twinnet_catalogue_cli <- function(args, folder, limit) {
  old <- setwd(folder)
  on.exit(setwd(old), add = TRUE)
  setTimeLimit(elapsed = limit, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
  err_lines <- character(0)
  warns <- character(0)
  internal <- NA_character_
  status <- NA_integer_
  err_con <- textConnection("err_lines", "w", local = TRUE)
  sink(err_con, type = "message")
  out_lines <- tryCatch(
    utils::capture.output({
      status <- withCallingHandlers(
        twinnet_cli(args),
        warning = function(w) {
          warns <<- c(warns, conditionMessage(w))
          invokeRestart("muffleWarning")
        })
    }),
    error = function(e) {
      internal <<- paste(c(deparse(conditionCall(e)), conditionMessage(e)), collapse = ": ")
      character(0)
    })
  sink(type = "message")
  close(err_con)
  list(status = as.integer(status), stdout = paste(out_lines, collapse = "\\n"),
       stderr = paste(err_lines, collapse = "\\n"), warnings = as.character(warns),
       internal = internal)
}
twinnet_catalogue_api <- function(code, folder, limit) {
  old <- setwd(folder)
  on.exit(setwd(old), add = TRUE)
  setTimeLimit(elapsed = limit, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
  warns <- character(0)
  result <- tryCatch(
    withCallingHandlers(
      list(kind = "ok", value = eval(parse(text = code), envir = new.env())),
      warning = function(w) {
        warns <<- c(warns, conditionMessage(w))
        invokeRestart("muffleWarning")
      }),
    twinnet_error = function(e) list(kind = "error", message = conditionMessage(e)),
    error = function(e) {
      list(kind = "internal",
           message = paste(c(deparse(conditionCall(e)), conditionMessage(e)), collapse = ": "))
    })
  result$warnings <- as.character(warns)
  result
}""")


def write_files(case, folder):
    folder.mkdir(parents=True)
    for name, content in case.files.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if case.setup is not None:
        case.setup(str(folder))


def out_target(case):
    """The file the command writes (--out), if it names one."""
    if "--out" in case.argv[:-1]:
        return case.argv[case.argv.index("--out") + 1]
    return None


def protect(case, folder):
    """Make sure a file stands at --out before a failing run; its bytes."""
    target = out_target(case)
    if case.expect == "ok" or not target or os.path.isabs(target):
        return None
    path = folder / target
    if path.is_dir() or path.is_symlink() or not path.parent.is_dir():
        return None
    if path.exists() and not path.is_file():  # a device or FIFO: never read it
        return None
    if not path.exists():
        path.write_bytes(SENTINEL)
    return path, path.read_bytes()


def temp_files(folder):
    return {p.relative_to(folder) for p in folder.rglob(".twinnet-*.tmp")}


def run_python(case, folder):
    from twinnet import cli

    out, err = io.StringIO(), io.StringIO()
    result = {"internal": None}
    old = os.getcwd()
    os.chdir(folder)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            try:
                with time_limit():
                    status = cli.main(list(case.argv))
            except SystemExit as exit:
                status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
            except BaseException:  # noqa: BLE001 - anything else is a traceback a user would see
                status = None
                result["internal"] = traceback.format_exc()
    finally:
        os.chdir(old)
    result.update(
        status=status,
        stdout=out.getvalue(),
        stderr=err.getvalue(),
        warnings=[str(w.message) for w in caught],
    )
    return result


def run_r(case, folder):
    got = r["twinnet_catalogue_cli"](StrVector(case.argv), str(folder), TIME_LIMIT)
    internal, status = got.rx2("internal")[0], got.rx2("status")[0]
    return {
        "status": None if status is NA_Integer else int(status),
        "stdout": got.rx2("stdout")[0],
        "stderr": got.rx2("stderr")[0],
        "warnings": list(got.rx2("warnings")),
        "internal": None if internal is NA_Character else internal,
    }


def normalise(text, folder):
    for path in {str(folder), os.path.realpath(folder)}:
        text = text.replace(path, "{dir}")
    return text


def error_message(stderr, expect):
    """The message of an error run, or a problem with the shape of stderr."""
    lines = stderr.rstrip("\n").split("\n") if stderr.strip() else []
    if expect == "error":
        if len(lines) != 1 or not lines[0].startswith("twinnet: error: "):
            return None, f"standard error is not one 'twinnet: error:' line: {stderr!r}"
        return lines[0][len("twinnet: error: ") :], None
    if not lines or not lines[0].startswith("usage:"):
        return None, f"a usage error without the usage text: {stderr!r}"
    found = re.match(r"twinnet: error: (.*)$", lines[-1])
    if not found:
        return (
            None,
            f"a usage error whose last line is not 'twinnet: error: ...': {stderr!r}",
        )
    return found.group(1), None


def numbers(path):
    """A file's content for comparison: a JSON file parsed (floats as bits),
    a CSV file as its header and the bits of its numbers."""
    data = path.read_bytes()
    if path.suffix == ".json":

        def bits(value):
            if isinstance(value, float):
                return struct.pack("<d", value).hex()
            if isinstance(value, list):
                return [bits(v) for v in value]
            if isinstance(value, dict):
                return {k: bits(v) for k, v in value.items()}
            return value

        return bits(json.loads(data, parse_int=float))
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        values = frame.to_numpy().astype(np.float64)
        return list(frame.columns), values.tobytes().hex()
    return data


def compare_outputs(case, folders, problems):
    for name in case.outputs:
        paths = {lang: folder / name for lang, folder in folders.items()}
        missing = [lang for lang, p in paths.items() if not p.is_file()]
        if missing:
            problems.append(f"{name} was not written by {', '.join(missing)}")
            continue
        if numbers(paths["python"]) != numbers(paths["r"]):
            problems.append(f"{name} differs between Python and R")


def compare_stdout(case, runs, folders, problems):
    """An ok case that writes no file: what it prints is its result, the same
    text in both languages; only the help is each language's own (argparse's
    and R's), then it must at least begin with the usage line. (run_r has the
    printed lines joined by newlines, without the last line's end.)"""
    outs = {
        "python": normalise(runs["python"]["stdout"], folders["python"]).removesuffix("\n"),
        "r": normalise(runs["r"]["stdout"], folders["r"]),
    }
    if "--help" in case.argv:
        for lang, out in outs.items():
            if not out.startswith("usage: twinnet"):
                problems.append(f"{lang}: the help does not begin with the usage: {out!r}")
    elif outs["python"] != outs["r"]:
        problems.append(
            f"standard output differs:\n  Python: {outs['python']!r}\n  R:      {outs['r']!r}"
        )


def check_reference(case, folders, tmp_path, problems):
    """The outputs must be what the clean input gives (Python, predict)."""
    clean = tmp_path / "reference"
    clean.mkdir()
    for name in ("model.json", "x.csv"):
        (clean / name).write_text(case.files[name])
    (clean / "data.csv").write_text(case.reference)
    from twinnet import cli

    with contextlib.redirect_stdout(io.StringIO()):
        argv = ["predict", "--model", "model.json", "--x", "data.csv", "--out", "p.csv"]
        old = os.getcwd()
        os.chdir(clean)
        try:
            status = cli.main(argv)
        finally:
            os.chdir(old)
    assert status == 0, "the reference input must be clean"
    for lang, folder in folders.items():
        if (folder / "p.csv").is_file() and numbers(folder / "p.csv") != numbers(clean / "p.csv"):
            problems.append(f"{lang} read other numbers than the clean input holds")


def run_api(case, folders):
    import twinnet

    results = {}
    old = os.getcwd()
    os.chdir(folders["python"])
    try:
        scope = {"np": np, **{k: getattr(twinnet, k) for k in twinnet.__all__}}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with time_limit():
                    exec(case.py, scope)  # noqa: S102 - the catalogue's own code
                results["python"] = {"kind": "ok", "value": scope.get("result")}
            except twinnet.TwinnetError as err:
                results["python"] = {"kind": "error", "message": str(err)}
            except BaseException:  # noqa: BLE001
                results["python"] = {
                    "kind": "internal",
                    "message": traceback.format_exc(),
                }
        results["python"]["warnings"] = [str(w.message) for w in caught]
    finally:
        os.chdir(old)
    got = r["twinnet_catalogue_api"](case.r, str(folders["r"]), TIME_LIMIT)
    results["r"] = {"kind": got.rx2("kind")[0], "warnings": list(got.rx2("warnings"))}
    if results["r"]["kind"] == "ok":
        results["r"]["value"] = from_r(got.rx2("value"))
    else:
        results["r"]["message"] = got.rx2("message")[0]
    return results


def check_api(case, folders):
    problems = []
    got = run_api(case, folders)
    for lang, res in got.items():
        if res["kind"] == "internal":
            problems.append(f"{lang}: not a twinnet error: {res['message']}")
        elif res["kind"] != case.expect:
            problems.append(f"{lang}: expected {case.expect}, got {res['kind']}: {res}")
    if problems:
        return problems
    if case.expect == "error":
        py, rr = got["python"]["message"], got["r"]["message"]
        if py != rr:
            problems.append(f"the messages differ:\n  Python: {py}\n  R:      {rr}")
        if not re.search(case.pattern, py, re.IGNORECASE):
            problems.append(f"the message does not match {case.pattern!r}: {py}")
    else:
        a, b = np.asarray(got["python"]["value"]), np.asarray(got["r"]["value"])
        if a.shape != b.shape or a.tobytes() != b.astype(a.dtype).tobytes():
            problems.append(f"the results differ:\n  Python: {a}\n  R:      {b}")
    if got["python"]["warnings"] != got["r"]["warnings"]:
        problems.append(
            f"the warnings differ: {got['python']['warnings']} / {got['r']['warnings']}"
        )
    return problems


def check_case(case, tmp_path):
    folders = {"python": tmp_path / "python", "r": tmp_path / "r"}
    for folder in folders.values():
        write_files(case, folder)
    if case.py is not None:
        return check_api(case, folders)
    problems = []
    runs = {}
    old_umask = os.umask(0o022)
    try:
        for lang, runner in (("python", run_python), ("r", run_r)):
            folder = folders[lang]
            guarded = protect(case, folder)
            before = temp_files(folder)
            runs[lang] = got = runner(case, folder)
            if got["internal"]:
                what = "a Python traceback" if lang == "python" else "an internal R error"
                problems.append(f"{lang}: {what}:\n{got['internal']}")
            if got["status"] != case.status:
                problems.append(
                    f"{lang}: exit status {got['status']}, expected {case.status}; "
                    f"stderr: {got['stderr']!r}"
                )
            for word in TRACES:
                if word in got["stderr"]:
                    problems.append(f"{lang}: {word!r} on standard error")
            if guarded and case.status != 0:
                path, content = guarded
                if not path.is_file() or path.read_bytes() != content:
                    problems.append(f"{lang}: the existing {path.name} was lost or changed")
            left = temp_files(folder) - before
            if left:
                problems.append(f"{lang}: temporary files left behind: {sorted(map(str, left))}")
            if case.check is not None:
                problems += [f"{lang}: {p}" for p in case.check(str(folder))]
    finally:
        os.umask(old_umask)
    if runs["python"]["warnings"] != runs["r"]["warnings"]:
        problems.append(
            f"the warnings differ: {runs['python']['warnings']} / {runs['r']['warnings']}"
        )
    if case.expect in ("error", "usage"):
        messages = {}
        for lang, got in runs.items():
            message, problem = error_message(got["stderr"], case.expect)
            if problem:
                problems.append(f"{lang}: {problem}")
            else:
                messages[lang] = normalise(message, folders[lang])
        if len(messages) == 2 and messages["python"] != messages["r"]:
            problems.append(
                f"the messages differ:\n  Python: {messages['python']}\n  R:      {messages['r']}"
            )
        for lang, message in messages.items():
            if not re.search(case.pattern, message, re.IGNORECASE):
                problems.append(f"{lang}: the message does not match {case.pattern!r}: {message}")
    else:
        compare_outputs(case, folders, problems)
        if not case.outputs:
            compare_stdout(case, runs, folders, problems)
        if case.reference is not None:
            check_reference(case, folders, tmp_path, problems)
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue_case(case, tmp_path):
    problems = check_case(case, tmp_path)
    assert not problems, f"{case.id} ({case.note}):\n" + "\n".join(problems)


def test_catalogue_is_large_and_covers_every_group():
    groups = {c.group for c in CASES}
    assert len(CASES) >= 150
    assert groups == {"csv", "config", "model", "usage", "saving", "api"}


def test_catalogue_page_is_current():
    page = ROOT / "docs" / "catalogue.md"
    assert page.read_text() == markdown(), (
        "docs/catalogue.md is out of date: "
        "python parity_tests/catalogue/cases.py > docs/catalogue.md"
    )


# ---------------------------------------------------------------- real processes

PROCESS_CASES = [
    "usage-no-verb",
    "usage-mode",
    "csv-write-csv-row-names",
    "config-epochs-0",
    "config-very-deep",
    "model-weight-ragged",
    "model-deep",
    "saving-missing-folder",
    "saving-non-ascii-name",
] + [c.id for c in CASES if c.subprocess]
BY_ID = {c.id: c for c in CASES}


@pytest.mark.parametrize("case_id", sorted(set(PROCESS_CASES)))
@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_catalogue_as_real_processes(case_id, locale, tmp_path):
    """Exit status and standard error as a user sees them (also under the C
    locale, where file names with non-ASCII characters must still work)."""
    case = BY_ID[case_id]
    env = {**R_ENV, "LANG": locale, "LC_ALL": locale}
    problems = []
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        folder = tmp_path / lang
        write_files(case, folder)
        code, _, err = run(cli, *case.argv, cwd=folder, env=env)
        if code != case.status:
            problems.append(f"{lang}: exit status {code}, expected {case.status}: {err}")
        for word in TRACES:
            if word in err:
                problems.append(f"{lang}: {word!r} on standard error: {err}")
        if case.expect != "ok" and not err.rstrip("\n").split("\n")[-1].startswith("twinnet"):
            problems.append(f"{lang}: the last line of standard error is not twinnet's: {err}")
        for name in case.outputs:
            if not (folder / name).is_file():
                problems.append(f"{lang}: {name} was not written")
    assert not problems, f"{case.id} under LC_ALL={locale}:\n" + "\n".join(problems)


def test_docs_link_every_group_of_the_catalogue():
    from catalogue.cases import GROUPS

    text = Path(ROOT / "docs" / "inputs.md").read_text()
    for title, sections in GROUPS.values():
        anchor = re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")
        assert f"(catalogue.md#{anchor})" in text, title
        for _, section in sections:
            assert f"(#{section})" in text, section


def test_out_to_dev_stdout_writes_the_model_to_standard_output(tmp_path):
    """--out /dev/stdout writes the file to standard output (appended, not
    replaced), the same model in both languages."""
    case = BY_ID["config-epochs-1.0"]
    models = {}
    for lang, cli in (("python", PY_CLI), ("r", R_CLI)):
        folder = tmp_path / lang
        write_files(case, folder)
        argv = ["train", "--config", "config.json", "--out", "/dev/stdout", "--quiet"]
        code, out, err = run(cli, *argv, cwd=folder)
        assert code == 0, (lang, err)
        (folder / "m.json").write_text(out, encoding="utf-8")
        models[lang] = numbers(folder / "m.json")
    assert models["python"] == models["r"]
