/* twinnet's exact arithmetic for R: the .Call entry points of the exact core
 * (tn_core.h: tn_linalg.c's products and sums, tn_math.c's elementary
 * functions), the same C source the Python package compiles, so both
 * languages compute the same doubles by the same operations.
 *
 * R's matrices are column-major and the core's row-major: an R matrix m x n
 * is, as it lies in memory, the core's n x m matrix of its transpose. So
 *   A %*% B          = t( t(B) %*% t(A) )       -> tn_matmul(B, A), n x m
 *   crossprod(A, B)  = t( t(B) %*% A )          -> tn_tcrossprod(B, A)
 *   tcrossprod(A, B) = t( B %*% t(A) )          -> tn_crossprod(B, A)
 *   colsum(D)        = the core's rowsum of t(D), rowsum(D) its colsum
 * with no copy; each element's sum is the same sequence of operations
 * (IEEE multiplication is commutative: a * b and b * a are the same double).
 *
 * No product and sum may be fused into one FMA instruction: the pragmas
 * below say so to GCC and to compilers that follow the C standard's
 * FP_CONTRACT (clang).
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include "tn_core.h"

static void dims(SEXP x, R_xlen_t *rows, R_xlen_t *cols)
{
    if (TYPEOF(x) != REALSXP) error("twinnet: a double matrix is needed");
    SEXP d = getAttrib(x, R_DimSymbol);
    if (TYPEOF(d) != INTSXP || LENGTH(d) != 2) error("twinnet: a matrix is needed");
    *rows = INTEGER(d)[0];
    *cols = INTEGER(d)[1];
}

/* op 0: a %*% b, 1: crossprod(a, b) = t(a) %*% b, 2: tcrossprod(a, b) = a %*% t(b) */
SEXP twinnet_exact_product(SEXP a, SEXP b, SEXP op)
{
    R_xlen_t ar, ac, br, bc, m, k, n;
    int o = asInteger(op);
    dims(a, &ar, &ac);
    dims(b, &br, &bc);
    if (o == 0) {
        m = ar, k = ac, n = bc;
        if (br != k) error("non-conformable arguments");
    } else if (o == 1) {
        m = ac, k = ar, n = bc;
        if (br != k) error("non-conformable arguments");
    } else {
        m = ar, k = ac, n = br;
        if (bc != k) error("non-conformable arguments");
    }
    SEXP out = PROTECT(allocMatrix(REALSXP, (int) m, (int) n));
    const double *pa = REAL(a), *pb = REAL(b);
    double *po = REAL(out);
    /* the core computes t(out), n x m, from the column-major memory of a and b */
    if (o == 0)
        tn_matmul(pb, pa, po, (size_t) n, (size_t) k, (size_t) m);
    else if (o == 1)
        tn_tcrossprod(pb, pa, po, (size_t) n, (size_t) k, (size_t) m);
    else
        tn_crossprod(pb, pa, po, (size_t) n, (size_t) k, (size_t) m);
    UNPROTECT(1);
    return out;
}

/* colsum(d): 1 x n; rowsum(d): m x 1 */
SEXP twinnet_exact_colsum(SEXP d)
{
    R_xlen_t m, n;
    dims(d, &m, &n);
    SEXP out = PROTECT(allocMatrix(REALSXP, 1, (int) n));
    tn_rowsum(REAL(d), REAL(out), (size_t) n, (size_t) m);
    UNPROTECT(1);
    return out;
}

SEXP twinnet_exact_rowsum(SEXP d)
{
    R_xlen_t m, n;
    dims(d, &m, &n);
    SEXP out = PROTECT(allocMatrix(REALSXP, (int) m, 1));
    tn_colsum(REAL(d), REAL(out), (size_t) n, (size_t) m);
    UNPROTECT(1);
    return out;
}

/* total(x): the elements in column-major (memory) order */
SEXP twinnet_exact_total(SEXP x)
{
    if (TYPEOF(x) != REALSXP) error("twinnet: a double vector is needed");
    return ScalarReal(tn_sum(REAL(x), (size_t) XLENGTH(x)));
}

/* exp, log, log1p, tanh (which = 0..3) element by element; the result keeps
 * x's attributes (dim, dimnames, names), as R's own functions do */
SEXP twinnet_exact_fn(SEXP x, SEXP which)
{
    if (TYPEOF(x) != REALSXP) error("twinnet: a double vector is needed");
    R_xlen_t len = XLENGTH(x);
    SEXP out = PROTECT(allocVector(REALSXP, len));
    SHALLOW_DUPLICATE_ATTRIB(out, x);
    switch (asInteger(which)) {
    case 0: tn_exp_array(REAL(x), REAL(out), (size_t) len); break;
    case 1: tn_log_array(REAL(x), REAL(out), (size_t) len); break;
    case 2: tn_log1p_array(REAL(x), REAL(out), (size_t) len); break;
    case 3: tn_tanh_array(REAL(x), REAL(out), (size_t) len); break;
    default: error("twinnet: unknown function");
    }
    UNPROTECT(1);
    return out;
}

/* threads of the products: set when n is a positive number; returns the count */
SEXP twinnet_exact_threads(SEXP n)
{
    if (length(n) == 1) {
        int t = asInteger(n);
        if (t == NA_INTEGER || t < 1) error("twinnet: threads must be a positive whole number");
        tn_set_threads(t);
    }
    return ScalarInteger(tn_get_threads());
}

SEXP twinnet_file_kind(SEXP path);  /* files.c */
SEXP twinnet_blas_sigmoid(SEXP z);  /* blas_kernels.c: blas mode, R's bits */
SEXP twinnet_blas_sigmoid_slope(SEXP da, SEXP a, SEXP inplace);
SEXP twinnet_blas_add_bias(SEXP z, SEXP b, SEXP inplace);

static const R_CallMethodDef calls[] = {
    {"twinnet_exact_product", (DL_FUNC) &twinnet_exact_product, 3},
    {"twinnet_exact_colsum", (DL_FUNC) &twinnet_exact_colsum, 1},
    {"twinnet_exact_rowsum", (DL_FUNC) &twinnet_exact_rowsum, 1},
    {"twinnet_exact_total", (DL_FUNC) &twinnet_exact_total, 1},
    {"twinnet_exact_fn", (DL_FUNC) &twinnet_exact_fn, 2},
    {"twinnet_exact_threads", (DL_FUNC) &twinnet_exact_threads, 1},
    {"twinnet_file_kind", (DL_FUNC) &twinnet_file_kind, 1},
    {"twinnet_blas_sigmoid", (DL_FUNC) &twinnet_blas_sigmoid, 1},
    {"twinnet_blas_sigmoid_slope", (DL_FUNC) &twinnet_blas_sigmoid_slope, 3},
    {"twinnet_blas_add_bias", (DL_FUNC) &twinnet_blas_add_bias, 3},
    {NULL, NULL, 0}
};

void R_init_twinnet(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
}
