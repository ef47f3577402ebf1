"""Compare two results bit by bit: model files or prediction CSVs, from
either language. Twin: ``R/R/compare.R`` (the same rows and verdict)."""

import math

import numpy as np

from .io import read_matrix
from .model_file import load_network
from .validation import TwinnetError


def ulps(a, b):
    """Largest distance in units in the last place between two float64 arrays.

    Doubles are mapped to integers ordered like the numbers (sign-magnitude
    bits to two's complement, so -0.0 and 0.0 meet); the distance counts the
    representable doubles between two values. NaN against a number counts as
    2^64, NaN against NaN as 0.
    """
    a = np.ascontiguousarray(a, dtype=np.float64).ravel()
    b = np.ascontiguousarray(b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")

    def ordered(x):
        i = x.view(np.int64)
        return np.where(i < 0, np.int64(-(2**63)) - i, i).tolist()

    worst = 0
    for x, y, p, q in zip(a.tolist(), b.tolist(), ordered(a), ordered(b)):
        if math.isnan(x) or math.isnan(y):
            d = 0 if math.isnan(x) == math.isnan(y) else 2**64
        else:
            d = abs(p - q)
        worst = max(worst, d)
    return worst


def _compare_row(name, a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return {
            "quantity": name,
            "values": a.size,
            "differ": None,
            "max_abs": math.inf,
            "max_ulps": None,
            "note": f"shapes differ: {a.shape} and {b.shape}",
        }
    differ = int(np.sum(~((a == b) | (np.isnan(a) & np.isnan(b)))))
    return {
        "quantity": name,
        "values": a.size,
        "differ": differ,
        "max_abs": float(np.max(np.abs(a - b))) if differ else 0.0,
        "max_ulps": ulps(a, b),
        "note": "",
    }


def _compare_kind(path):
    """What a file given to compare holds, by its name: a CSV or a model file."""
    return "a CSV file" if str(path).lower().endswith(".csv") else "a model file"


def compare_files(path_a, path_b):
    """Rows comparing two model files (weights, biases, loss history) or two CSVs.

    A file whose name ends in ``.csv`` is a CSV, any other a model file; a
    model file against a CSV is an error that says so.
    """
    kind_a, kind_b = _compare_kind(path_a), _compare_kind(path_b)
    if kind_a != kind_b:
        raise TwinnetError(
            f"cannot compare {path_a} with {path_b}: {path_a} is {kind_a} and "
            f"{path_b} is {kind_b}; compare two model files or two CSV files"
        )
    if kind_a == "a CSV file":
        return [_compare_row("values", read_matrix(path_a, "A"), read_matrix(path_b, "B"))]
    a, b = load_network(path_a), load_network(path_b)
    rows = []
    for name in ("weights", "biases"):
        pa, pb = getattr(a, name), getattr(b, name)
        if len(pa) != len(pb):
            rows.append(
                {
                    "quantity": name,
                    "values": None,
                    "differ": None,
                    "max_abs": math.inf,
                    "max_ulps": None,
                    "note": f"{len(pa)} layers against {len(pb)}",
                }
            )
            continue
        rows += [_compare_row(f"{name}[{l}]", p, q) for l, (p, q) in enumerate(zip(pa, pb), 1)]
    rows.append(_compare_row("loss_history", a.loss_history, b.loss_history))
    return rows


# Differences this small are rounding (blas mode's sums in another order),
# not a different result: each row within ROUNDING_ABS or ROUNDING_ULPS.
ROUNDING_ABS = 1e-12
ROUNDING_ULPS = 512


def _rounding_only(rows):
    def small(r):
        if r["differ"] is None:  # shapes differ
            return False
        ulps_ = r.get("max_ulps")
        return r["max_abs"] <= ROUNDING_ABS or (ulps_ is not None and ulps_ <= ROUNDING_ULPS)

    return all(small(r) for r in rows)


def compare_verdict(rows, tolerance=0.0):
    """``(ok, sentence)``: identical, within the tolerance, or different.

    With no tolerance (0), a difference that is rounding only (every value
    within 1e-12 or 512 ULPs) is still a difference, and the sentence says
    so and how to get identical bits or accept it.
    """
    worst = max(r["max_abs"] for r in rows)
    if all(r["differ"] == 0 for r in rows):
        return True, "identical: every value equal to the last bit"
    if worst <= tolerance:
        return True, f"within tolerance: largest difference {worst:.3g} <= {tolerance:g}"
    if tolerance == 0 and _rounding_only(rows):
        return False, (
            f"different by rounding only: largest difference {worst:.3g}; the two runs "
            "agree to rounding, as blas mode promises; for identical bits train both "
            "with --mode exact, or accept rounding with --tolerance 1e-12"
        )
    return False, f"different: largest difference {worst:.3g}"


def format_compare_rows(rows):
    """The rows as a plain-text table."""

    def show(v):
        return "-" if v is None else (f"{v:.3g}" if isinstance(v, float) else str(v))

    lines = [f"{'quantity':<16}{'values':>8}{'differ':>8}{'max abs diff':>14}{'max ULPs':>22}"]
    for r in rows:
        lines.append(
            f"{r['quantity']:<16}{show(r['values']):>8}{show(r['differ']):>8}"
            f"{show(r['max_abs']):>14}{show(r['max_ulps']):>22}"
            + (f"  {r['note']}" if r["note"] else "")
        )
    return "\n".join(lines)
