"""Issue 15's examples, trained in full by both command lines: `make examples`.

For each example (fixtures/examples/NAME/config.json; default: aflak_mnist
and fashion_cnn), one language after the other, from the config's seed:

    .venv/bin/twinnet train --config CONFIG --out OUT/NAME/python/model.json
    Rscript R/exec/twinnet.R train --config CONFIG --out OUT/NAME/r/model.json

in the config's mode (blas), timing each whole command (loading, every epoch,
the test set), then ``twinnet evaluate`` of each model on the config's test
set, and ``twinnet compare`` of the two models (blas: the largest difference
is reported). ``--exact NAME`` also trains NAME with ``--mode exact`` in both
languages, and the verdict must be "identical" (aflak_mnist by default: it is
small). Writes OUT/report.md (times, seconds per epoch, accuracies, verdicts,
the machine and the load) and the commands' output in OUT/NAME/*.log. Exits 1
when an exact verdict is not identical or an accuracy is below the example's
bar (fashion_cnn: 0.91, issue 15); the times are reported, never asserted.
"""

import argparse
import datetime
import json
import os
import re
import sys
from pathlib import Path

from fashion_exact import load_average, machine, parse_evaluation, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
# The accuracy each example must reach in both languages (None: reported only).
BARS = {"aflak_mnist": None, "fashion_cnn": 0.91}


def train_and_evaluate(name, lang, cli, out, mode=None):
    """Train and evaluate one example in one language: a result dict, or an
    error text."""
    config = EXAMPLES / name / "config.json"
    folder = out / name / (lang if mode is None else f"{lang}-{mode}")
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / "model.json"
    if model.exists():
        model.unlink()  # never report an earlier run's model
    flags = [] if mode is None else ["--mode", mode]
    before = load_average()
    print(f"== {name}, {lang}{'' if mode is None else ', ' + mode}: train", flush=True)
    cmd = cli + ["train", "--config", str(config), "--out", str(model), "--quiet", *flags]
    seconds, cpu, _, code = run(cmd, folder / "train.log")
    if code != 0:
        return f"{name}: {lang} training failed (exit {code}); see {folder / 'train.log'}"
    spec = json.loads(config.read_text())
    _, _, text, code = run(
        cli + ["evaluate", "--model", str(model), "--x", spec["x_test"], "--y", spec["y_test"]],
        folder / "evaluate.log",
    )
    if code != 0:
        return f"{name}: {lang} evaluate failed (exit {code})"
    evaluation = parse_evaluation(text)
    epochs = spec["epochs"]
    print(
        f"   {seconds:.1f} s ({seconds / epochs:.1f} s per epoch with loading), CPU {cpu:.1f} s,"
        f" test accuracy {evaluation['correct'] / evaluation['rows']:.4f}",
        flush=True,
    )
    return {
        "model": model,
        "seconds": seconds,
        "cpu": cpu,
        "epochs": epochs,
        "load": f"{before} / {load_average()}",
        "evaluation": evaluation,
    }


def compare(python_cli, a, b, log):
    """The verdict line of ``twinnet compare`` and its largest difference."""
    _, _, text, _ = run([python_cli, "compare", "--a", str(a), "--b", str(b)], log)
    found = re.search(r"^verdict: (.*)$", text, re.MULTILINE)
    return found.group(1) if found else "(no verdict printed)"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", default=list(BARS), help="examples to train")
    p.add_argument("--exact", action="append", default=None, help="examples also run exact")
    p.add_argument("--out", default=str(ROOT / "out" / "examples"))
    p.add_argument("--python-cli", default=str(ROOT / ".venv" / "bin" / "twinnet"))
    p.add_argument("--rscript", default="Rscript")
    args = p.parse_args(argv)
    exact = ["aflak_mnist"] if args.exact is None else args.exact
    out = Path(args.out)
    clis = {
        "Python": [args.python_cli],
        "R": [args.rscript, str(ROOT / "R" / "exec" / "twinnet.R")],
    }
    info = machine()
    started = datetime.datetime.now(datetime.timezone.utc)
    lines = [
        "# Issue 15's examples in Python and R (`make examples`)",
        "",
        f"- machine: {info['model']}, {info['cpus']} CPUs;"
        f" TWINNET_THREADS={os.environ.get('TWINNET_THREADS', '(unset: the default)')}",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        "",
        "| example | language | mode | wall time (load, train, test) | per epoch"
        " | CPU time | test accuracy | load average before / after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failures, verdicts = [], []
    for name in args.names:
        for mode in [None] + (["exact"] if name in exact else []):
            results = {}
            for lang, cli in clis.items():
                res = train_and_evaluate(name, lang, cli, out, mode)
                if isinstance(res, str):
                    print(res, file=sys.stderr)
                    return 1
                results[lang] = res
                ev = res["evaluation"]
                accuracy = ev["correct"] / ev["rows"]
                lines.append(
                    f"| {name} | {lang} | {mode or 'config (blas)'} | {res['seconds']:.1f} s"
                    f" | {res['seconds'] / res['epochs']:.1f} s | {res['cpu']:.1f} s"
                    f" | {accuracy:.4f} ({ev['correct']}/{ev['rows']}) | {res['load']} |"
                )
                bar = BARS.get(name)
                if bar is not None and ev["correct"] < bar * ev["rows"]:
                    failures.append(f"{name}: {lang} test accuracy {accuracy:.4f} is below {bar}")
            verdict = compare(
                args.python_cli,
                results["Python"]["model"],
                results["R"]["model"],
                out / name / f"compare-{mode or 'config'}.log",
            )
            verdicts.append(f"- {name}, {mode or 'config mode'}: Python against R: {verdict}")
            if mode == "exact" and not verdict.startswith("identical"):
                failures.append(f"{name}: exact mode's models differ: {verdict}")
    lines += ["", *verdicts, "", f"result: {'PASS' if not failures else 'FAIL'}", ""]
    lines += [f"- {f}" for f in failures]
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"report written to {out / 'report.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
