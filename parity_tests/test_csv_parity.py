"""CSV data files: the same decision in Python and in R for every hostile
file (docs/inputs.md, "CSV data files"): identical arrays, bit for bit, or
the same message. Issue 10, defect 1: R used to look columns up by name."""

import math

import numpy as np
import pytest

from parity import from_r, r
from twinnet import TwinnetError
from twinnet.io import read_matrix

# name: the file's bytes
CASES = {
    "plain": b"x1,x2\n0.1,2\n-3.5,1e-300\n",
    "repeated names": b"a,a\n1,2\n3,4\n",
    "repeated names, three": b"a,b,a\n1,2,3\n",
    "blank name": b"a,,b\n1,2,3\n",
    "blank last name": b"a,b,\n1,2,3\n",
    "space for a name": b"a, ,b\n1,2,3\n",
    "header-less": b"1,2\n3,4\n",
    "header-less, one column": b"0.5\n1\n",
    "numbers and a name in the header": b"1,b\n3,4\n",
    "extra cell": b"a,b\n1,2\n3,4,5\n",
    "extra cell in the first row": b"a,b\n1,2,3\n4,5\n",
    "short row": b"a,b\n1,2\n3\n",
    "trailing comma": b"a,b\n1,2,\n",
    "0x10": b"a\n0x10\n",
    "TRUE": b"a,b\n1,TRUE\n",
    "FALSE": b"a\nFALSE\n",
    "1_000": b"a\n1_000\n",
    "byte-order mark": b"\xef\xbb\xbfa,b\n1,2\n",
    "byte-order mark, quoted names": b'\xef\xbb\xbf"a","b"\n1,2\n',
    "byte-order mark and nothing else": b"\xef\xbb\xbf",
    "latin-1 header": b"a,\xe9t\xe9\n1,2\n",
    "latin-1 cell": b"a,b\n1,2\n3,\xb5\n",
    "NUL byte": b"a,b\n1,\x002\n",
    "UTF-8 header": "α,é\n1,2\n".encode(),
    "quoted numbers": b'"a","b"\n"1.5"," 2 "\n',
    "text after a closing quote": b'a,b\n"1"2,3\n',
    "quoted 1,5": b'a\n"1,5"\n',
    "quoted empty": b'a,b\n1,""\n',
    "doubled quotes in a name": b'"a ""x""",b\n1,2\n',
    "line break in a quoted name": b'"a\nb",c\n1,2\n3,x\n',
    "line break in a quoted cell": b'a,b\n"1\n2",3\n',
    "open quote": b'a,b\n1,2\n\n"3,4\n5,6\n',
    "blank lines": b"\n\na,b\n\n1,2\n\n3,4\n\n",
    "spaces": b"a , b\n 1 ,\t2\n",
    "a line of spaces": b"a,b\n1,2\n   \n",
    "NA": b"a,b\n1,NA\n",
    "empty cell": b"a,b\n1,\n",
    "NaN": b"a\nNaN\n",
    "nan": b"a\nnan\n",
    "Inf": b"a\nInf\n",
    "-Inf": b"a,b\n1,-Inf\n",
    "inf": b"a\ninf\n",
    "Infinity": b"a\nInfinity\n",
    ".5 and 5.": b"a,b\n.5,5.\n",
    "-0": b"a,b\n-0,-0.0\n",
    "+1": b"a\n+1\n",
    "leading zeros": b"a,b\n007,00.50e1\n",
    "1e-320 subnormal": b"a,b\n1e-320,4.9406564584124654e-324\n",
    "below the smallest subnormal": b"a\n2.4703282292062327e-324\n",
    "huge exponent": b"a\n1e999\n",
    "huge negative exponent": b"a\n-1e400\n",
    "tiny exponent": b"a\n1e-999\n",
    "largest double": b"a\n1.7976931348623157e308\n",
    "rounds to infinity": b"a\n1.7976931348623159e308\n",
    "long digits": b"a\n0.1000000000000000055511151231257827\n",
    "big integer": b"a\n123456789012345678901234567890\n",
    "e without digits": b"a\n1e\n",
    "lone sign": b"a\n-\n",
    "lone point": b"a\n.\n",
    "comma decimal": b"a;b\n1,5;2\n",
    "CRLF": b"a,b\r\n1,2\r\n",
    "CR": b"a,b\r1,2\r",
    "no final line break": b"a,b\n1,2",
    "empty": b"",
    "blank lines only": b"\n\n\n",
    "header only": b"a,b\n",
    "first bad cell in file order": b"a,b\n1,x\nNA,2\n",
    "hash is not a comment": b"a,b\n1,#2\n",
    "long text cell": b"a\n" + b"y" * 100 + b"\n",
}


def python_decides(path):
    try:
        return read_matrix(path)
    except TwinnetError as err:
        return str(err)


def r_decides(path):
    out = r(
        f"""tryCatch(read_matrix("{path}"),
                     twinnet_error = function(e) conditionMessage(e),
                     error = function(e) paste("NOT A twinnet_error:", conditionMessage(e)))"""
    )
    if isinstance(out[0], str):
        return out[0]
    return np.asarray(from_r(out), dtype=np.float64)


def same(py, rr):
    if isinstance(py, str) or isinstance(rr, str):
        return py == rr
    return py.shape == rr.shape and py.tobytes() == rr.tobytes()  # -0 is not 0


@pytest.mark.parametrize("case", list(CASES))
def test_csv_same_decision_in_python_and_r(tmp_path, case):
    path = tmp_path / "data.csv"
    path.write_bytes(CASES[case])
    py, rr = python_decides(path), r_decides(path)
    assert same(py, rr), f"{case}: Python {py!r}, R {rr!r}"
    if isinstance(py, str):
        assert py.startswith(f"X file {path}") and "\n" not in py


def test_r_write_csv_row_names_are_refused_and_row_names_false_reads(tmp_path):
    """A file written by R's own write.csv: its nameless row-name column is an
    error in both languages; with row.names = FALSE both read it alike."""
    with_names, without = tmp_path / "rownames.csv", tmp_path / "plain.csv"
    r(
        f"""local({{
        frame <- data.frame(a = c(0.1, 2, -0), b = c(0.25, 1e-300, 5e-324))
        utils::write.csv(frame, "{with_names}")
        utils::write.csv(frame, "{without}", row.names = FALSE)
        }})"""
    )
    py, rr = python_decides(with_names), r_decides(with_names)
    assert (
        py
        == rr
        == (
            f"X file {with_names}: column 1 has no name (R's write.csv writes a nameless"
            " row-name column first: write the file with row.names = FALSE)"
        )
    )
    py, rr = python_decides(without), r_decides(without)
    assert same(py, rr)
    np.testing.assert_array_equal(py, [[0.1, 0.25], [2, 1e-300], [0, 5e-324]])


def test_csv_numbers_convert_to_the_same_doubles_in_both(tmp_path):
    """20,000 numbers drawn in every form of the grammar, with 1 to 25 digits
    and exponents across the whole range, the finite ones kept (overflow has
    its own cases above): the same bits in both languages, and the bits
    Python's float() gives."""
    rng = np.random.default_rng(10)
    n = 20000
    digits = rng.integers(1, 26, n)
    cells = []
    for k in range(n):
        mantissa = "".join(map(str, rng.integers(0, 10, digits[k])))
        point = rng.integers(0, len(mantissa) + 1)
        text = mantissa[:point] + "." + mantissa[point:] if rng.random() < 0.7 else mantissa
        if rng.random() < 0.6:
            text += rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + str(rng.integers(0, 330))
        cells.append(rng.choice(["", "-", "+"]) + text)
    cells = [c for c in cells if c.lstrip("+-") not in ("", ".") and math.isfinite(float(c))]
    assert len(cells) > 0.9 * n
    rows = [",".join(cells[i : i + 5]) for i in range(0, len(cells) - 4, 5)]
    path = tmp_path / "numbers.csv"
    path.write_text("a,b,c,d,e\n" + "\n".join(rows) + "\n")
    py, rr = python_decides(path), r_decides(path)
    assert not isinstance(py, str), py
    assert not isinstance(rr, str), rr
    assert same(py, rr)
    expected = np.array([float(c) for c in cells[: 5 * len(rows)]]).reshape(-1, 5)
    assert py.shape == expected.shape
    assert py.tobytes() == expected.tobytes()


@pytest.mark.parametrize("text", [b'a,b\n1"2,3\n', b'a,b\n1"2,3\n4,5"\n'])
def test_a_quote_inside_an_unquoted_cell_is_refused_by_both(tmp_path, text):
    """Python's csv module reads such a quote as a character, R's reader as
    the start of a quoted cell: both refuse the file, their messages differ
    (docs/inputs.md says so)."""
    path = tmp_path / "data.csv"
    path.write_bytes(text)
    py, rr = python_decides(path), r_decides(path)
    assert isinstance(py, str) and isinstance(rr, str)
    assert py.startswith(f"X file {path}") and rr.startswith(f"X file {path}")
