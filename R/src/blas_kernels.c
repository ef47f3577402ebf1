/* twinnet's blas mode in R: fused element-wise kernels (issue 11, item 6).
 *
 * Base R computes 1 / (1 + exp(-z)) as four passes over the data and, where
 * its operands are still referenced, four new vectors; on the large
 * benchmark net (60000 x 256) each is 123 MB. These kernels do the same
 * operations in one pass and write one vector (or none), and KEEP R'S BITS:
 * - every element goes through the same operations in the same grouping as
 *   the R expression it replaces, each one rounded binary64 operation
 *   (R's vector arithmetic is plain C arithmetic on doubles);
 * - exp is the C library's exp() from <math.h>, the function R's own exp()
 *   calls (src/main/arithmetic.c, math1), with R's rule for NaN inputs: a NaN
 *   argument is returned unchanged (so NA stays NA, NaN stays NaN);
 * - no fused multiply-add (the pragmas below, as in tn_linalg.c) and no
 *   extended precision (the #error checks), so a * (1 - a) is rounded twice
 *   as R rounds it.
 * This file is not part of the exact core (exact mode never calls it): it
 * uses the platform's exp on purpose, because blas mode's exp is R's.
 *
 * In place. A .Call routine that writes into its argument is safe only when
 * no one else can see that object. The kernels below with an `inplace`
 * argument write into x when inplace is TRUE and REFCNT(x) <= 1, and
 * allocate a new vector otherwise. The R callers (network.R) pass TRUE only
 * in the form `x <- .Call(kernel, x, ..., TRUE)` with x a local variable of
 * the calling function: then the one reference REFCNT counts is that
 * binding, which the assignment replaces by the result - the rule under
 * which R itself modifies `x[i] <- v` in place. A second reference (x also in
 * a list, in another variable, or a promise of a closure) makes REFCNT >= 2,
 * and the kernel copies.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#include <float.h>
#include <math.h>
#include <R.h>
#include <Rinternals.h>

#if defined(__FAST_MATH__)
#error "twinnet's blas kernels must not be compiled with -ffast-math"
#endif
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "twinnet's blas kernels need FLT_EVAL_METHOD == 0 (no extended precision)"
#endif

static void need_double(SEXP x, const char *what)
{
    if (TYPEOF(x) != REALSXP) error("twinnet: %s must be a double vector", what);
}

static int may_write(SEXP x, SEXP inplace)
{
    return asLogical(inplace) == TRUE && REFCNT(x) <= 1;
}

/* 1 / (1 + exp(-z)), element by element, as R evaluates it: -z (exact),
 * exp (the C library's; a NaN argument returned as it is), 1 + e, 1 / s.
 * A new vector with z's attributes (R's arithmetic keeps them). */
SEXP twinnet_blas_sigmoid(SEXP z)
{
    need_double(z, "z");
    R_xlen_t n = XLENGTH(z);
    SEXP out = PROTECT(allocVector(REALSXP, n));
    SHALLOW_DUPLICATE_ATTRIB(out, z);
    const double *pz = REAL_RO(z);
    double *po = REAL(out);
    for (R_xlen_t i = 0; i < n; i++) {
        double m = -pz[i];
        double e = exp(m);
        if (ISNAN(e) && ISNAN(m)) e = m;  /* math1: return the argument's NaN */
        double s = 1.0 + e;
        po[i] = 1.0 / s;
    }
    UNPROTECT(1);
    return out;
}

/* da * (a * (1 - a)), element by element, da and a of the same length:
 * t = 1 - a, s = a * t, da * s. Attributes as R gives them to da * s (s has
 * a's): a's then da's (da's win), dim and dimnames from da where it has
 * them, else from a. */
SEXP twinnet_blas_sigmoid_slope(SEXP da, SEXP a, SEXP inplace)
{
    need_double(da, "da");
    need_double(a, "a");
    R_xlen_t n = XLENGTH(da);
    if (XLENGTH(a) != n) error("twinnet: da and a differ in length");
    SEXP out;
    if (may_write(da, inplace)) {
        out = PROTECT(da);
    } else {
        out = PROTECT(allocVector(REALSXP, n));
        if (ATTRIB(a) != R_NilValue) {
            copyMostAttrib(a, out);
        }
        copyMostAttrib(da, out);
        SEXP dim = getAttrib(da, R_DimSymbol);
        if (dim == R_NilValue) dim = getAttrib(a, R_DimSymbol);
        if (dim != R_NilValue) setAttrib(out, R_DimSymbol, dim);
        SEXP nm = getAttrib(da, R_NamesSymbol);
        if (nm == R_NilValue && getAttrib(a, R_DimSymbol) == R_NilValue)
            nm = getAttrib(a, R_NamesSymbol);
        if (nm != R_NilValue && dim == R_NilValue) setAttrib(out, R_NamesSymbol, nm);
    }
    if (getAttrib(out, R_DimSymbol) != R_NilValue) {
        SEXP dn = getAttrib(da, R_DimNamesSymbol);
        if (dn == R_NilValue) dn = getAttrib(a, R_DimNamesSymbol);
        if (dn != R_NilValue && getAttrib(out, R_DimNamesSymbol) == R_NilValue)
            setAttrib(out, R_DimNamesSymbol, dn);
    }
    const double *pd = REAL_RO(da), *pa = REAL_RO(a);
    double *po = REAL(out);
    for (R_xlen_t i = 0; i < n; i++) {
        double t = 1.0 - pa[i];
        double s = pa[i] * t;
        po[i] = pd[i] * s;
    }
    UNPROTECT(1);
    return out;
}

/* z + b with b[j] added to every element of column j (z an m x k matrix,
 * b at least k values): the sums of `z[, j] <- z[, j] + b[j]`. */
SEXP twinnet_blas_add_bias(SEXP z, SEXP b, SEXP inplace)
{
    need_double(z, "z");
    need_double(b, "b");
    SEXP dim = getAttrib(z, R_DimSymbol);
    if (TYPEOF(dim) != INTSXP || LENGTH(dim) != 2) error("twinnet: z must be a matrix");
    R_xlen_t m = INTEGER(dim)[0], k = INTEGER(dim)[1];
    if (XLENGTH(b) < k) error("twinnet: the bias has fewer values than z has columns");
    SEXP out = may_write(z, inplace) ? z : duplicate(z);
    PROTECT(out);
    const double *pb = REAL_RO(b);
    double *po = REAL(out);
    for (R_xlen_t j = 0; j < k; j++) {
        double bj = pb[j];
        double *col = po + j * m;
        for (R_xlen_t i = 0; i < m; i++) col[i] = col[i] + bj;
    }
    UNPROTECT(1);
    return out;
}
