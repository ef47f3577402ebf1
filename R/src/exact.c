/* twinnet's exact arithmetic for R: the matrix product whose order of
 * operations is fixed (docs/parity.md), in C because a loop of k outer
 * products, or of n * k column updates, costs seconds in R on the benchmark's
 * medium net.
 *
 *   out[i, c] = ((0 + a[i, 1] * b[1, c]) + a[i, 2] * b[2, c]) + ...
 *
 * one rounded product and one rounded sum at a time, j = 1..k in order: the
 * same doubles as R/R/arith.R's description and as the Python twin
 * (python/src/twinnet/arith.py). No product and sum may be fused into one
 * FMA instruction: the pragmas below say so to GCC and to compilers that
 * follow the C standard's FP_CONTRACT (clang).
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>

SEXP twinnet_exact_matmul(SEXP a, SEXP b)
{
    SEXP da = getAttrib(a, R_DimSymbol), db = getAttrib(b, R_DimSymbol);
    R_xlen_t m = INTEGER(da)[0], k = INTEGER(da)[1], n = INTEGER(db)[1];
    if (INTEGER(db)[0] != k) error("non-conformable arguments");
    SEXP out = PROTECT(allocMatrix(REALSXP, (int) m, (int) n));
    const double *pa = REAL(a), *pb = REAL(b);
    double *po = REAL(out);
    for (R_xlen_t c = 0; c < n; c++) {
        double *col = po + m * c;
        for (R_xlen_t i = 0; i < m; i++) col[i] = 0.0;
        for (R_xlen_t j = 0; j < k; j++) {
            const double w = pb[j + k * c];
            const double *aj = pa + m * j;
            for (R_xlen_t i = 0; i < m; i++) {
                const double product = aj[i] * w;
                col[i] = col[i] + product;
            }
        }
    }
    UNPROTECT(1);
    return out;
}

SEXP twinnet_file_kind(SEXP path);  /* files.c */

static const R_CallMethodDef calls[] = {
    {"twinnet_exact_matmul", (DL_FUNC) &twinnet_exact_matmul, 2},
    {"twinnet_file_kind", (DL_FUNC) &twinnet_file_kind, 1},
    {NULL, NULL, 0}
};

void R_init_twinnet(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
}
