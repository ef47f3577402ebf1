/* twinnet's exact core: every operation of exact mode, in one C source that
 * both packages compile (R/src here; python/src/twinnet/_core holds a copy
 * that a test keeps byte-identical). The order of operations is the one
 * docs/parity.md fixes: each element of a product is
 *     ((0 + a1*b1) + a2*b2) + ... ,  j ascending,
 * one rounded product and one rounded sum at a time; no FMA, no extended
 * precision; sums start from 0 and add their terms in order. The elementary
 * functions use plain IEEE-754 binary64 arithmetic only (no libm), so their
 * bits are the same on every platform and compiler.
 *
 * Matrices are row-major: element (i, j) of an m x n matrix is x[i * n + j].
 * (R's column-major m x n matrix is the row-major n x m matrix of its
 * transpose: R's binding calls these with the operands swapped.)
 */
#ifndef TN_CORE_H
#define TN_CORE_H

#include <float.h>
#include <stddef.h>

/* What the order of operations above needs of the compiler, checked once for
 * every file of the core and its bindings. */
#ifdef __FAST_MATH__
#error "twinnet's exact core must not be compiled with -ffast-math"
#endif
/* 0: every operation in its own type. 16 (ISO/IEC TS 18661-3, GCC in GNU mode
 * on a CPU with AVX512-FP16, e.g. -march=native): the same for double, only
 * _Float16 differs. Anything else (2 on x87, -1) could round in extended
 * precision. */
#if !defined(FLT_EVAL_METHOD) || (FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != 16)
#error "twinnet's exact core needs FLT_EVAL_METHOD 0 (no extended precision: SSE2, not x87)"
#endif

/* ---- elementary functions (tn_math.c) ---- */
double tn_exp(double x);
double tn_log(double x);
double tn_log1p(double x);
double tn_tanh(double x);
/* y[i] = f(x[i]) for i < n; y may be x (in place) */
void tn_exp_array(const double *x, double *y, size_t n);
void tn_log_array(const double *x, double *y, size_t n);
void tn_log1p_array(const double *x, double *y, size_t n);
void tn_tanh_array(const double *x, double *y, size_t n);

/* ---- products and sums (tn_linalg.c) ---- */
/* c (m x n) = a (m x k) %*% b (k x n) */
void tn_matmul(const double *a, const double *b, double *c, size_t m, size_t k, size_t n);
/* c (m x n) = t(a) %*% b, a is k x m */
void tn_crossprod(const double *a, const double *b, double *c, size_t m, size_t k, size_t n);
/* c (m x n) = a %*% t(b), b is n x k */
void tn_tcrossprod(const double *a, const double *b, double *c, size_t m, size_t k, size_t n);
/* out[j] = ((0 + x[0][j]) + x[1][j]) + ... : the sum of each column, rows in order (x is m x n) */
void tn_colsum(const double *x, double *out, size_t m, size_t n);
/* out[i] = ((0 + x[i][0]) + x[i][1]) + ... : the sum of each row, columns in order */
void tn_rowsum(const double *x, double *out, size_t m, size_t n);
/* ((0 + x[0]) + x[1]) + ... + x[len - 1]: memory order (exact mode's total()
 * is column-major: R passes its matrix as it is, Python a Fortran-order copy) */
double tn_sum(const double *x, size_t len);

/* threads the products may use (1 = none); the result never depends on it */
void tn_set_threads(int n);
int tn_get_threads(void);

#endif
