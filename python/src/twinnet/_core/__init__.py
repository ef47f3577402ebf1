"""twinnet's exact core: the compiled C functions of exact mode.

``_ext`` is built from ``module.c`` and byte-identical copies of R/src's
``tn_core.h``, ``tn_math.c`` and ``tn_linalg.c`` (``make sync-core``), so
Python and R run the same C. ``twinnet.arith.ExactArith`` calls it.
"""

from twinnet._core._ext import elementwise, get_threads, product, scalar, set_threads, sums, total

__all__ = ["elementwise", "get_threads", "product", "scalar", "set_threads", "sums", "total"]
