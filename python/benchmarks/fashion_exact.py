"""Fashion-MNIST in exact mode, in Python and in R (issue 11): `make fashion-exact`.

Trains fixtures/examples/fashion_mnist/config.json with ``--mode exact`` by each
language's own command line, one after the other, from the config's seed:

    .venv/bin/twinnet train --config CONFIG --mode exact --out OUT/python/model.json
    Rscript R/exec/twinnet.R train --config CONFIG --mode exact --out OUT/r/model.json

timing each (wall clock, the whole command: loading, 12 epochs, testing),
then ``twinnet compare`` on the two model files (the verdict must be
"identical") and ``twinnet evaluate`` of each model on the config's test set
(the accuracy must be at least --min-accuracy, 0.88). Writes OUT/report.md
(times, accuracies, verdict, the machine: lscpu's model name, cores, date,
load average before and after each run) and the commands' output in OUT/*.log.
Exits 1 if the verdict is not identical or an accuracy is below the bar; the
times are reported against the 5-minute target, never asserted.

The R launcher loads the package from the checkout's .Rlib (make setup) or
from the library TWINNET_RLIB names.
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "fixtures" / "examples" / "fashion_mnist" / "config.json"
TIME_TARGET = 300.0  # seconds per language (issue 11)


def machine():
    """lscpu's model name and the number of CPUs (platform's names if lscpu is missing)."""
    model = platform.processor() or platform.machine()
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        found = re.search(r"^Model name:\s*(.+)$", text, re.MULTILINE)
        if found:
            model = found.group(1).strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return {"model": model, "cpus": os.cpu_count()}


def load_average():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def parse_evaluation(text):
    """Rows, printed accuracy and the confusion matrix's correct count from
    ``twinnet evaluate``'s output (the same text in Python and R).

    The count is the diagonal of the confusion matrix: exact, where the
    printed accuracy has four decimals."""
    rows = re.search(r"^rows\s+(\d+)\s*$", text, re.MULTILINE)
    acc = re.search(r"^accuracy\s+([0-9.]+)\s*$", text, re.MULTILINE)
    if rows is None or acc is None:
        raise ValueError("no 'rows' or 'accuracy' line in the evaluation:\n" + text)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("confusion matrix"))

    def trailing_ints(line):
        out = []
        for token in reversed(line.split()):
            if not re.fullmatch(r"\d+", token):
                break
            out.append(int(token))
        return out[::-1]

    body = [trailing_ints(line) for line in lines[start + 1 :]]
    body = [ints for ints in body if ints]
    k = len(body[0])  # the header: the class numbers 0 .. k-1
    if body[0] != list(range(k)) or len(body) < k + 1:
        raise ValueError("cannot read the confusion matrix:\n" + text)
    matrix = [ints[-k:] for ints in body[1 : k + 1]]
    correct = sum(matrix[i][i] for i in range(k))
    total = sum(sum(r) for r in matrix)
    n = int(rows.group(1))
    if total != n:
        raise ValueError(f"the confusion matrix counts {total} rows, the evaluation {n}")
    return {"rows": n, "accuracy_printed": float(acc.group(1)), "correct": correct}


def check(results, verdict_text, min_accuracy):
    """The failures (an empty list when the run passes)."""
    failures = []
    if not verdict_text.startswith("identical"):
        failures.append(f"compare verdict is not identical: {verdict_text!r}")
    for lang, res in results.items():
        ev = res["evaluation"]
        # correct / rows >= min_accuracy, decided on whole numbers
        if ev["correct"] < min_accuracy * ev["rows"]:
            failures.append(
                f"{lang}: test accuracy {ev['correct']}/{ev['rows']} is below {min_accuracy}"
            )
    return failures


def run(cmd, log, env=None):
    """Run a command, its output into log; (wall seconds, CPU seconds, output
    text, exit code). The CPU seconds (user + system, all its threads) show
    how much of the wall time a busy machine took away."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    text = proc.stdout + (("\n[stderr]\n" + proc.stderr) if proc.stderr else "")
    log.write_text(f"$ {' '.join(map(str, cmd))}\n{text}\n[exit {proc.returncode}]\n")
    return seconds, cpu, proc.stdout, proc.returncode


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", default=str(CONFIG))
    p.add_argument("--out", default=str(ROOT / "out" / "fashion-exact"))
    p.add_argument("--min-accuracy", type=float, default=0.88)
    p.add_argument("--python-cli", default=str(ROOT / ".venv" / "bin" / "twinnet"))
    p.add_argument("--rscript", default="Rscript")
    args = p.parse_args(argv)

    out = Path(args.out)
    config = json.loads(Path(args.config).read_text())
    x_test, y_test = config["x_test"], config["y_test"]
    base = Path(args.config).resolve().parent
    x_test, y_test = (str(base / f) if not os.path.isabs(f) else f for f in (x_test, y_test))
    clis = {
        "python": [args.python_cli],
        "r": [args.rscript, str(ROOT / "R" / "exec" / "twinnet.R")],
    }
    info = machine()
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {}
    for lang, cli in clis.items():
        (out / lang).mkdir(parents=True, exist_ok=True)
        model = out / lang / "model.json"
        if model.exists():
            model.unlink()  # never report an earlier run's model
        before = load_average()
        print(f"== {lang}: train --mode exact (load average {before})", flush=True)
        cmd = cli + ["train", "--config", args.config, "--mode", "exact", "--out", str(model)]
        seconds, cpu, _, code = run(cmd, out / f"train-{lang}.log")
        after = load_average()
        if code != 0:
            print((out / f"train-{lang}.log").read_text(), file=sys.stderr)
            print(f"fashion-exact: {lang} training failed (exit {code})", file=sys.stderr)
            return 1
        print(f"   {seconds:.1f} s, CPU {cpu:.1f} s (load average after: {after})", flush=True)
        _, _, text, code = run(
            cli + ["evaluate", "--model", str(model), "--x", x_test, "--y", y_test],
            out / f"evaluate-{lang}.log",
        )
        if code != 0:
            print(f"fashion-exact: {lang} evaluate failed (exit {code})", file=sys.stderr)
            return 1
        evaluation = parse_evaluation(text)
        print(
            f"   test accuracy {evaluation['accuracy_printed']:.4f} "
            f"({evaluation['correct']}/{evaluation['rows']})",
            flush=True,
        )
        results[lang] = {
            "seconds": seconds,
            "cpu": cpu,
            "load_before": before,
            "load_after": after,
            "evaluation": evaluation,
        }
    _, _, text, _ = run(
        [
            args.python_cli,
            "compare",
            "--a",
            str(out / "python" / "model.json"),
            "--b",
            str(out / "r" / "model.json"),
        ],
        out / "compare.log",
    )
    found = re.search(r"^verdict: (.*)$", text, re.MULTILINE)
    verdict_text = found.group(1) if found else "(no verdict printed)"
    print(text, end="")
    failures = check(results, verdict_text, args.min_accuracy)

    lines = [
        "# Fashion-MNIST in exact mode, Python and R (`make fashion-exact`)",
        "",
        f"- config: `{os.path.relpath(args.config, ROOT)}` with `--mode exact`"
        f" (seed {config.get('seed')}, {config.get('epochs')} epochs)",
        f"- machine: {info['model']}, {info['cpus']} CPUs;"
        f" TWINNET_THREADS={os.environ.get('TWINNET_THREADS', '(unset: the default)')}",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        "",
        "| language | wall time (train: load, 12 epochs, test) | target <= 300 s"
        " | CPU time (all threads) | test accuracy | load average before / after |",
        "|---|---|---|---|---|---|",
    ]
    for lang, res in results.items():
        ev = res["evaluation"]
        met = "met" if res["seconds"] <= TIME_TARGET else "not met"
        lines.append(
            f"| {'Python' if lang == 'python' else 'R'} | {res['seconds']:.1f} s | {met}"
            f" | {res['cpu']:.1f} s"
            f" | {ev['correct'] / ev['rows']:.4f} ({ev['correct']}/{ev['rows']})"
            f" | {res['load_before']} / {res['load_after']} |"
        )
    lines += [
        "",
        f"compare verdict (Python's model against R's): **{verdict_text}**",
        "",
        f"result: {'PASS' if not failures else 'FAIL: ' + '; '.join(failures)}",
        "",
    ]
    (out / "report.md").write_text("\n".join(lines))
    print("\n".join(lines))
    print(f"report written to {out / 'report.md'}")
    if failures:
        for f in failures:
            print(f"fashion-exact: {f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
