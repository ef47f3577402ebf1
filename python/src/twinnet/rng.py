"""R's default random number generators, reproduced bit for bit.

``RRandom(seed)`` gives the same numbers as R 4.2.2 after ``set.seed(seed)``
with the default ``RNGkind()`` ("Mersenne-Twister", "Inversion",
"Rejection"), in pure Python + numpy (no R in the process).
one side: R has the generator itself (set.seed, runif, rnorm, sample.int).
Its length (about 510 lines): the routines of R's C sources listed below,
ported one by one with their comments.

Ported from the R 4.2.2 sources (tag R-4-2-2 of R's repository; the 4.2
branch has the same code for all of these):

- ``src/main/RNG.c``: ``RNG_Init`` (initial scrambling of the seed with the
  LCG ``seed = 69069 * seed + 1``), ``FixupSeeds`` (``mti = 624``),
  ``MT_genrand`` (MT19937, its output times 2^-32), ``fixup`` (never 0 or 1),
  ``rbits`` and ``R_unif_index`` (rejection sampling of an index).
- ``src/nmath/runif.c``: ``runif(a, b) = a + (b - a) * u``.
- ``src/nmath/snorm.c``: ``norm_rand``, kind INVERSION (two uniforms,
  ``BIG = 2^27``).
- ``src/nmath/qnorm.c``: ``qnorm5``, algorithm AS 241 as in R 4.2 (not the
  R 4.3 revision of the far tail).
- ``src/nmath/rnorm.c``: ``rnorm(mu, sigma) = mu + sigma * norm_rand()``.
- ``src/main/random.c`` (``do_sample``), ``src/main/unique.c``
  (``do_sample2``) and ``src/library/base/R/sample.R`` (``sample.int``):
  uniform sampling with and without replacement.

The Mersenne Twister itself runs in numpy's ``MT19937`` bit generator, which
takes R's 624-word state and whose ``random_raw`` yields the same tempered
32-bit words as ``MT_genrand``.  Every floating-point operation keeps the
order and grouping of the C code, and the logarithm in the tails of
``qnorm`` is the C library's (``math.log``), not numpy's, which differs from
it in the last bit for some arguments.
"""

import itertools
import math
import numbers

import numpy as np

__all__ = ["RRandom"]

# RNG.c
_N = 624  # MT19937 state words
_TWO_M32 = 2.3283064365386963e-10  # 2^-32, MT_genrand's multiplier
_I2_32M1 = 2.328306437080797e-10  # 1/(2^32 - 1), used by fixup()
_KIND = 10403  # .Random.seed[1]: MT + 100*INVERSION + 10000*REJECTION
# snorm.c
_BIG = 134217728.0  # 2^27
# random.c / unique.c / sample.R
_MAX_N = 4.5e15  # do_sample's limit on n
_HASH_N = 1e7  # sample.int uses sample2 when n > 1e7 (and ...)
_INT_MAX = 2147483647


def _integer(name, value, low, high, what):
    """Return ``value`` as a Python int in [low, high], or raise ValueError."""
    ok = not isinstance(value, (bool, np.bool_))
    if ok and isinstance(value, numbers.Integral):
        value = int(value)
    elif ok and isinstance(value, numbers.Real) and float(value).is_integer():
        value = int(value)
    else:
        ok = False
    if not ok or not low <= value <= high:
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def _count(name, value):
    """Return ``value`` as a non-negative Python int, or raise ValueError."""
    return _integer(name, value, 0, math.inf, "a non-negative integer")


def _finite(name, value):
    """Return ``value`` as a finite float, or raise ValueError."""
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
    ):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _mt_seed_state(seed):
    """MT19937 state after R's ``set.seed(seed)`` (RNG.c: RNG_Init, FixupSeeds).

    The seed, as unsigned 32-bit, goes through 50 rounds of the LCG
    ``seed = 69069 * seed + 1 (mod 2^32)``; the next 625 values fill
    ``i_seed[0..624]``, of which ``i_seed[0]`` (mti) is then set to 624.
    """
    s = seed & 0xFFFFFFFF
    for _ in range(50):
        s = (69069 * s + 1) & 0xFFFFFFFF
    words = []
    for _ in range(_N + 1):
        s = (69069 * s + 1) & 0xFFFFFFFF
        words.append(s)
    key = np.array(words[1:], dtype=np.uint32)
    return {"bit_generator": "MT19937", "state": {"key": key, "pos": _N}}


def _qnorm(p):
    """Standard normal quantile, lower tail, of a float64 array (qnorm.c, AS 241).

    Port of R 4.2's ``qnorm5(p, 0, 1, 1, 0)`` without the final
    ``mu + sigma * val``; ``log`` is ``math.log``, the C library's.
    """
    p = np.asarray(p, dtype=np.float64)
    val = np.full(p.shape, np.nan)
    val[p == 0] = -np.inf  # R_Q_P01_boundaries
    val[p == 1] = np.inf
    q = p - 0.5  # p_ = R_DT_qIv(p) = p
    inner = (p > 0) & (p < 1)
    mid = inner & (np.abs(q) <= 0.425)
    tail = inner & ~mid

    qm = q[mid]
    r = 0.180625 - qm * qm
    val[mid] = (
        qm
        * (
            (
                (
                    (
                        (
                            (
                                (r * 2509.0809287301226727 + 33430.575583588128105) * r
                                + 67265.770927008700853
                            )
                            * r
                            + 45921.953931549871457
                        )
                        * r
                        + 13731.693765509461125
                    )
                    * r
                    + 1971.5909503065514427
                )
                * r
                + 133.14166789178437745
            )
            * r
            + 3.387132872796366608
        )
        / (
            (
                (
                    (
                        (
                            (
                                (r * 5226.495278852854561 + 28729.085735721942674) * r
                                + 39307.89580009271061
                            )
                            * r
                            + 21213.794301586595867
                        )
                        * r
                        + 5394.1960214247511077
                    )
                    * r
                    + 687.1870074920579083
                )
                * r
                + 42.313330701600911252
            )
            * r
            + 1.0
        )
    )

    qt = q[tail]
    pt = p[tail]
    arg = np.where(qt > 0, 0.5 - pt + 0.5, pt)  # R_DT_CIv(p) or p_
    r = np.fromiter(map(math.log, arg.tolist()), dtype=np.float64, count=arg.size)
    r = np.sqrt(-r)
    vt = np.empty_like(r)

    a = r <= 5.0
    s = r[a] + -1.6
    vt[a] = (
        (
            (
                (
                    (
                        (
                            (s * 7.7454501427834140764e-4 + 0.0227238449892691845833) * s
                            + 0.24178072517745061177
                        )
                        * s
                        + 1.27045825245236838258
                    )
                    * s
                    + 3.64784832476320460504
                )
                * s
                + 5.7694972214606914055
            )
            * s
            + 4.6303378461565452959
        )
        * s
        + 1.42343711074968357734
    ) / (
        (
            (
                (
                    (
                        (
                            (s * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * s
                            + 0.0151986665636164571966
                        )
                        * s
                        + 0.14810397642748007459
                    )
                    * s
                    + 0.68976733498510000455
                )
                * s
                + 1.6763848301838038494
            )
            * s
            + 2.05319162663775882187
        )
        * s
        + 1.0
    )

    b = r >= 816  # unreachable unless log_p
    vt[b] = r[b] * 1.4142135623730951  # M_SQRT2

    c = ~a & ~b
    s = r[c] + -5.0
    vt[c] = (
        (
            (
                (
                    (
                        (
                            (s * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * s
                            + 0.0012426609473880784386
                        )
                        * s
                        + 0.026532189526576123093
                    )
                    * s
                    + 0.29656057182850489123
                )
                * s
                + 1.7848265399172913358
            )
            * s
            + 5.4637849111641143699
        )
        * s
        + 6.6579046435011037772
    ) / (
        (
            (
                (
                    (
                        (
                            (s * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * s
                            + 1.8463183175100546818e-5
                        )
                        * s
                        + 7.868691311456132591e-4
                    )
                    * s
                    + 0.0148753612908506148525
                )
                * s
                + 0.13692988092273580531
            )
            * s
            + 0.59983220655588793769
        )
        * s
        + 1.0
    )

    val[tail] = np.where(qt < 0.0, -vt, vt)
    return val


def _index_bits(dn):
    """``(int) ceil(log2(dn))`` of RNG.c's R_unif_index, for an integer dn >= 1."""
    if dn <= _INT_MAX:
        return (dn - 1).bit_length()  # exact, and equal to C's for such dn
    return int(math.ceil(math.log2(dn)))


class RRandom:
    """R's random number stream after ``set.seed(seed)``.

    Parameters
    ----------
    seed : int
        As for R's ``set.seed``: an integer in [-2147483647, 2147483647].

    Notes
    -----
    Consecutive calls continue one stream, as consecutive calls in R do:
    ``RRandom(1).rnorm(3)`` then ``.runif(2)`` equals
    ``set.seed(1); rnorm(3); runif(2)``.
    """

    def __init__(self, seed):
        seed = _integer(
            "seed", seed, -_INT_MAX, _INT_MAX, "an integer in [-2147483647, 2147483647]"
        )
        self._bg = np.random.MT19937(0)
        self._bg.state = _mt_seed_state(seed)

    # ----------------------------------------------------------------- state
    def state(self):
        """R's ``.Random.seed`` for the current state.

        Returns
        -------
        numpy.ndarray
            int32, length 626: ``10403``, ``mti``, then the 624 MT words.
        """
        st = self._bg.state["state"]
        head = np.array([_KIND, st["pos"]], dtype=np.int32)
        return np.concatenate([head, st["key"].view(np.int32)])

    @classmethod
    def from_state(cls, random_seed):
        """A stream continuing from an R ``.Random.seed`` (see :meth:`state`)."""
        rs = np.asarray(random_seed)
        if (
            rs.shape != (_N + 2,)
            or not np.issubdtype(rs.dtype, np.integer)
            or rs[0] != _KIND
            or not 1 <= rs[1] <= _N
        ):
            raise ValueError(
                "random_seed must be an integer vector of length 626 "
                "starting with 10403 and mti in [1, 624]"
            )
        new = cls(0)
        new._bg.state = {
            "bit_generator": "MT19937",
            "state": {"key": rs[2:].astype(np.int64).astype(np.uint32), "pos": int(rs[1])},
        }
        return new

    def copy(self):
        """An independent stream in the same state."""
        return RRandom.from_state(self.state())

    # ------------------------------------------------------------- uniforms
    def unif_rand(self, n):
        """``n`` values of R's ``unif_rand()`` (RNG.c): the raw uniform stream.

        Returns
        -------
        numpy.ndarray
            float64 in (0, 1); ``runif(n)`` gives the same numbers.
        """
        n = _count("n", n)
        u = self._bg.random_raw(n).astype(np.float64) * _TWO_M32
        # fixup(): ensure 0 and 1 are never returned
        u[u <= 0.0] = 0.5 * _I2_32M1
        u[(1.0 - u) <= 0.0] = 1.0 - 0.5 * _I2_32M1
        return u

    def runif(self, n, min=0.0, max=1.0):
        """R's ``runif(n, min, max)`` (runif.c): ``min + (max - min) * u``.

        When ``min == max`` R returns ``min`` without drawing, and so does this.
        """
        n = _count("n", n)
        a, b = _finite("min", min), _finite("max", max)
        if b < a:
            raise ValueError(f"min must be <= max, got min={min!r}, max={max!r}")
        if a == b:
            return np.full(n, a)
        return a + (b - a) * self.unif_rand(n)

    def rnorm(self, n, mean=0.0, sd=1.0):
        """R's ``rnorm(n, mean, sd)`` by inversion (rnorm.c, snorm.c, qnorm.c).

        Each draw uses two uniforms: ``u = (int)(2^27 * u1) + u2``, then
        ``mean + sd * qnorm(u / 2^27)``.  When ``sd == 0`` R returns ``mean``
        without drawing, and so does this.
        """
        n = _count("n", n)
        mu = _finite("mean", mean)
        sigma = _finite("sd", sd)
        if sigma < 0:
            raise ValueError(f"sd must be >= 0, got {sd!r}")
        if sigma == 0:
            return np.full(n, mu)
        u = self.unif_rand(2 * n)
        u1 = np.trunc(_BIG * u[0::2]) + u[1::2]
        return mu + sigma * _qnorm(u1 / _BIG)

    # -------------------------------------------------------------- sampling
    def _unif_indices(self, dns):
        """Yield ``R_unif_index(dn)`` for each ``dn`` of ``dns`` (RNG.c).

        Rejection sampling: ``rbits(bits)``, ``bits = ceil(log2(dn))``, built
        from 16-bit chunks ``floor(unif_rand() * 65536)``, redrawn while
        ``dn <= value``.  For MT that chunk is the raw word's top 16 bits
        (fixup only moves a raw 0, whose chunk is 0 anyway).  Raw words are
        drawn in blocks; when the generator is closed or exhausted the MT
        state is set to just after the last word used.
        """
        bg = self._bg
        start = bg.state
        used = 0
        buf, pos, block = [], 0, 64
        try:
            for dn in dns:
                if dn <= 0:
                    yield 0
                    continue
                bits = _index_bits(dn)
                nchunk = bits // 16 + 1  # for (n = 0; n <= bits; n += 16)
                mask = (1 << bits) - 1
                while True:
                    if pos + nchunk > len(buf):
                        buf = buf[pos:] + (bg.random_raw(block) >> 16).tolist()
                        pos, block = 0, min(2 * block, 1 << 16)
                    if nchunk == 1:
                        v = buf[pos]
                    else:
                        v = 0
                        for i in range(pos, pos + nchunk):
                            v = (v << 16) | buf[i]  # v = 65536 * v + v1
                    pos += nchunk
                    used += nchunk
                    v &= mask
                    if v < dn:
                        break
                yield v
        finally:
            bg.state = start
            bg.random_raw(used, output=False)

    def sample_int(self, n, size=None, replace=False):
        """R's ``sample.int(n, size, replace)`` (sample.R, random.c, unique.c).

        Parameters
        ----------
        n : int
            Population 1..n, 0 <= n <= 4.5e15 (R's limit).
        size : int, optional
            Number of draws; default ``n``.
        replace : bool
            Sample with replacement.

        Returns
        -------
        numpy.ndarray
            int64, 1-based, as R's result.

        Notes
        -----
        As in R, ``n > 1e7`` without replacement and ``size <= n / 2`` uses
        R's hashing algorithm (``sample2``: redraw duplicates); otherwise
        without replacement is the swap-with-last algorithm of ``do_sample``,
        kept here in a dict, so memory is O(size) for any n.  Draws are
        sequential Python (about 1 microsecond each): the practical limit is
        ``size``, not ``n``.
        """
        n = _integer("n", n, 0, _MAX_N, "a non-negative integer <= 4.5e15")
        size = n if size is None else _count("size", size)
        if not isinstance(replace, (bool, np.bool_)):
            raise ValueError(f"replace must be True or False, got {replace!r}")
        if size > 0 and n == 0:
            raise ValueError("n must be positive when size > 0, got n=0")
        if not replace and size > n:
            raise ValueError(
                "cannot take a sample larger than the population "
                f"when replace=False (size={size}, n={n})"
            )
        out = np.empty(size, dtype=np.int64)
        if size == 0:
            return out
        if n > _HASH_N and not replace and size <= n / 2:
            # unique.c, do_sample2: up to 100 tries per draw to avoid duplicates
            seen = set()
            gen = self._unif_indices(itertools.repeat(n))
            try:
                for i in range(size):
                    for _ in range(100):
                        v = next(gen) + 1
                        if v not in seen:
                            seen.add(v)
                            break
                    out[i] = v
            finally:
                gen.close()
        elif replace or size < 2:
            out[:] = list(self._unif_indices(itertools.repeat(n, size)))
            out += 1
        else:
            # random.c, do_sample: x = 0..n-1; j = index; take x[j]; x[j] = x[--n]
            moved = {}
            res = []
            m = n
            for j in self._unif_indices(range(n, n - size, -1)):
                m -= 1
                res.append(moved.get(j, j))
                moved[j] = moved.get(m, m)
            out[:] = res
            out += 1
        return out
