"""make twins: each twin pair of files, their functions side by side.

python/src/twinnet/X.py and R/R/X.R are twins: a reader opens both and finds
the same functions in the same order. This script lists every pair's
functions side by side and fails (exit 1) when

- a file has no twin and its opening comment (or docstring) does not say
  why (``one side: <why>`` in its first 20 lines);
- a function has no twin and no ``one side: <why>`` comment on its line or
  in the comment lines just above it (above its decorators in Python);
- the twins' shared functions stand in a different order;
- a file is over 500 lines and its opening comment does not justify its
  length (a sentence ``Its length (...)`` in its first 40 lines);
- an R file is missing from the Collate field of R/DESCRIPTION (R would not
  load it; make docs-r writes the field).

How names pair (both sides reduced to one key):

- Python ``def f`` / ``def _f`` and R ``f <- function``: ``f``;
- a Python class ``MLP`` is its R constructor ``mlp`` (CamelCase to
  snake_case); its method ``MLP.fit`` / ``MLP._fit`` is R's ``mlp_fit`` or
  the S3 method ``fit.twinnet_mlp``; ``__repr__`` is R's ``print`` method;
  other dunder methods (Python protocol: ``__init__``, ``__enter__``, ...)
  are not listed. Dots in R names become underscores.
- ``twin: NAME`` in a function's comment pairs it with the other side's
  function NAME (its name as written there) where the languages' idioms
  make the names differ.

Usage: python parity_tests/twins.py [--quiet]   (run by make twins)
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY_DIR = ROOT / "python" / "src" / "twinnet"
R_DIR = ROOT / "R" / "R"
ONE_SIDE = re.compile(r"#.*\bone side:\s*\S")
FILE_ONE_SIDE = re.compile(r"\bone side:\s*\S")  # a comment or the docstring
TWIN = re.compile(r"#.*\btwin:\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*$")
R_DEF = re.compile(r"^(`?)([A-Za-z._][A-Za-z0-9._]*)\1\s*<-\s*function\b")
R_S3 = re.compile(r"^(.+)\.twinnet_([a-z0-9_]+)$")


def snake(name):
    """CamelCase to snake_case: MLP -> mlp, TwinnetClassifier -> twinnet_classifier."""
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    s = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", s)
    return s.lower()


def _marks(lines, first):
    """The one-side / twin marks on line ``first`` (0-based) and the comments above it."""
    one_side, twin = False, None
    i = first
    while i >= 0:
        text = lines[i].strip()
        if i != first and not text.startswith(("#", "@")):
            break
        if ONE_SIDE.search(text):
            one_side = True
        m = TWIN.search(text)
        if m:
            twin = m.group(1)
        i -= 1
    return one_side, twin


class Entry:
    def __init__(self, key, shown, line, one_side, twin):
        self.key, self.shown, self.line = key, shown, line
        self.one_side, self.twin = one_side, twin


def python_entries(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    out = []

    def add(key, shown, node):
        first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
        one_side, twin = _marks(lines, first)
        # a mark on the def line itself (after the colon)
        one_side = one_side or bool(ONE_SIDE.search(lines[node.lineno - 1]))
        out.append(Entry(key, shown, node.lineno, one_side, twin))

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            add(node.name.lstrip("_"), node.name, node)
        elif isinstance(node, ast.ClassDef):
            cls = snake(node.name.lstrip("_"))
            add(cls, f"class {node.name}", node)
            for m in node.body:
                if not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if m.name == "__repr__":
                    method = "print"
                elif m.name.startswith("__") and m.name.endswith("__"):
                    continue
                else:
                    method = m.name.lstrip("_")
                add(f"{cls}_{method}", f"{node.name}.{m.name}", m)
    return out


def r_key(name):
    m = R_S3.match(name)
    if m:
        return f"{m.group(2)}_{m.group(1)}".replace(".", "_")
    return name.replace(".", "_")


def r_entries(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, text in enumerate(lines):
        m = R_DEF.match(text)
        if m:
            one_side, twin = _marks(lines, i)
            out.append(Entry(r_key(m.group(2)), m.group(2), i + 1, one_side, twin))
    return out


MAX_LINES = 500
LENGTH_SAID = re.compile(r"\bits length\b", re.IGNORECASE)


def length_problem(path):
    """A file over MAX_LINES whose opening comment does not say why."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) <= MAX_LINES or any(LENGTH_SAID.search(line) for line in lines[:40]):
        return None
    return (
        f"{path.name} has {len(lines)} lines (over {MAX_LINES}) and its opening comment "
        "does not justify its length ('Its length (...)')"
    )


def collate_problems(r_dir, r_files):
    """R files that DESCRIPTION's Collate field (when it has one) leaves out."""
    description = r_dir.parent / "DESCRIPTION"
    if not description.exists():
        return []
    m = re.search(r"^Collate:((?:\s+'[^']+')+)", description.read_text(), re.MULTILINE)
    if m is None:
        return []
    listed = set(re.findall(r"'([^']+)'", m.group(1)))
    return [
        f"R/{name} is not in the Collate field of DESCRIPTION (R would not load it): "
        "run make docs-r"
        for name in sorted(p.name for p in r_files.values())
        if name not in listed
    ]


def file_one_side(path):
    head = path.read_text(encoding="utf-8").splitlines()[:20]
    return any(FILE_ONE_SIDE.search(line) for line in head)


def _lcs(a, b):
    """Longest common subsequence of two key lists (both short)."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = (
                best[i + 1][j + 1] + 1 if a[i] == b[j] else max(best[i + 1][j], best[i][j + 1])
            )
    keep, i, j = set(), 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            keep.add(a[i])
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def check_pair(stem, py, r):
    """Problems of one twin pair and its side-by-side rows."""
    problems, rows = [], []
    # explicit twin marks rename one side's key to the other's
    sides = (("py", py, "R", r), ("R", r, "py", py))
    for side, entries, other_side, others in sides:
        by_name = {e.shown.split(" ")[-1]: e for e in others}
        for e in entries:
            if not e.twin:
                continue
            other = by_name.get(e.twin)
            if other is None:
                problems.append(
                    f"{stem}.{side}:{e.line} {e.shown}: twin {e.twin} is not in {stem}.{other_side}"
                )
            else:
                e.key = other.key
    for side, entries in (("py", py), ("R", r)):
        seen = {}
        for e in entries:
            if e.key in seen:
                problems.append(
                    f"{stem}.{side}:{e.line} {e.shown}: pairs by the same name as "
                    f"{seen[e.key].shown} (line {seen[e.key].line})"
                )
            seen[e.key] = e
    py_keys = {e.key for e in py}
    r_keys = {e.key for e in r}
    shared = py_keys & r_keys
    a = [e.key for e in py if e.key in shared]
    b = [e.key for e in r if e.key in shared]
    in_order = _lcs(a, b)
    for e in py:
        if e.key not in r_keys and not e.one_side:
            problems.append(f"{stem}.py:{e.line} {e.shown} has no twin in {stem}.R")
    for e in r:
        if e.key not in py_keys and not e.one_side:
            problems.append(f"{stem}.R:{e.line} {e.shown} has no twin in {stem}.py")
    for key in a:
        if key not in in_order:
            pe = next(e for e in py if e.key == key)
            re_ = next(e for e in r if e.key == key)
            problems.append(
                f"{stem}: {pe.shown} (py line {pe.line}) and {re_.shown} (R line {re_.line}) "
                "stand in a different order from the other twins"
            )
    # side-by-side rows: walk both lists, shared keys on one row
    i = j = 0
    while i < len(py) or j < len(r):
        pe = py[i] if i < len(py) else None
        re_ = r[j] if j < len(r) else None
        if pe is not None and (pe.key not in shared or pe.key not in in_order):
            rows.append((pe.shown, "-" if not pe.one_side else "(one side)"))
            i += 1
        elif re_ is not None and (re_.key not in shared or re_.key not in in_order):
            rows.append(("-" if not re_.one_side else "(one side)", re_.shown))
            j += 1
        else:
            rows.append((pe.shown, re_.shown))
            i, j = i + 1, j + 1
    return problems, rows


def main(argv, py_dir=PY_DIR, r_dir=R_DIR):
    quiet = "--quiet" in argv
    py_files = {p.stem: p for p in py_dir.glob("*.py")}
    r_files = {p.stem: p for p in r_dir.glob("*.R")}
    problems, pairs = [], 0
    problems += collate_problems(r_dir, r_files)
    for path in sorted([*py_files.values(), *r_files.values()]):
        problem = length_problem(path)
        if problem:
            problems.append(problem)
    for stem in sorted(set(py_files) | set(r_files)):
        if stem not in r_files or stem not in py_files:
            path = py_files.get(stem) or r_files.get(stem)
            rel = path.relative_to(path.parent.parent)
            if not file_one_side(path):
                problems.append(f"{rel} has no twin and its opening comment does not say why")
            elif not quiet:
                print(f"== {rel}: one side\n")
            continue
        pairs += 1
        p, rows = check_pair(stem, python_entries(py_files[stem]), r_entries(r_files[stem]))
        problems += p
        if not quiet:
            width = max([len(a) for a, _ in rows] + [len(stem) + 3])
            print(f"== {stem}.py".ljust(width + 5) + f"{stem}.R")
            for a, b in rows:
                print(f"   {a.ljust(width)}  {b}")
            print()
    if problems:
        print(f"make twins: {len(problems)} problem(s):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"make twins: {pairs} twin pairs, every function paired or marked, in the same order")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
