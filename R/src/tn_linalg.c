/* twinnet's exact core: products and sums (tn_core.h, docs/parity.md).
 *
 * Every output element of a product is
 *     c[i][q] = ((0 + a[i][0]*b[0][q]) + a[i][1]*b[1][q]) + ... + a[i][k-1]*b[k-1][q]
 * one rounded product and one rounded sum at a time, j ascending, in binary64
 * (no FMA: the pragmas below; no extended precision: the #error checks).
 *
 * Within that rule the work is arranged for speed, as BLAS arranges it:
 * - register tiles: an MR x NR (8 x 8) block of outputs keeps its running sums
 *   in registers while j runs; the lanes of a SIMD register are different
 *   output elements (vectorised across outputs, never across j);
 * - cache blocking: the operands are packed into contiguous panels, KC values
 *   of j at a time. Between two panels of j a running sum is stored into c and
 *   loaded back unchanged (a binary64 store and load are exact), so each
 *   element still adds its terms one by one from j = 0 to k - 1: j is never
 *   split into separately summed blocks;
 * - threads: the output is cut into disjoint blocks of rows (or columns), one
 *   per thread; every element is computed by exactly one thread, by the same
 *   sequence of operations as with one thread.
 * So the bits cannot depend on the number of threads, the block sizes, the
 * tile shape or the instruction set; the tests compare all of these against a
 * scalar loop that spells out the order.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tn_core.h"

#if defined(_WIN32) && !defined(__MINGW32__)
#define TN_NO_THREADS 1
#endif
#ifndef TN_NO_THREADS
#include <pthread.h>
#include <unistd.h>
#endif

/* tile and block sizes: any values give the same bits (tested) */
#define TN_MR 8
#define TN_NR 8 /* the kernels below are written out for 8 x 8 */
#ifndef TN_KC
#define TN_KC 256
#endif
#ifndef TN_MC
#define TN_MC 96
#endif
#ifndef TN_NC
#define TN_NC 2048
#endif
/* below this many multiply-adds a product runs in the calling thread */
#define TN_THREAD_WORK ((size_t) 1 << 20)
#define TN_MAX_THREADS 64

/* ---- the register tile ---------------------------------------------------- */

/* GCC and clang: the NR = 8 outputs of a tile row are SIMD vectors (two of 4
 * doubles: two AVX2 registers or four SSE2 ones; or one of 8: one AVX-512
 * register); lane q of acc + a * b is acc[q] + a * b[q], a rounded product
 * then a rounded sum, whatever the vector width. */
#if defined(__GNUC__) && !defined(TN_SCALAR)
#define TN_VECTOR 1
typedef double tn_v4 __attribute__((vector_size(32)));
#endif

/* x86-64 Linux GCC: a copy of the kernel per instruction set, chosen when the
 * library is loaded (AVX-512F and AVX2 have no FMA in them; fp-contract=off
 * forbids it anyway, and the lanes are independent, so every copy gives the
 * same bits: the tests compare them with a scalar loop) */
#if defined(TN_VECTOR) && defined(__x86_64__) && defined(__linux__) && !defined(__clang__) \
    && !defined(TN_NO_CLONES)
#define TN_CLONES __attribute__((target_clones("avx2", "default")))
#define TN_AVX512 1
typedef double tn_v8 __attribute__((vector_size(64)));
#else
#define TN_CLONES
#endif

/* c (MR x NR, row stride ldc) = c + ap %*% bp over kc values of j, or
 * 0 + ap %*% bp when first; ap holds kc groups of MR values (a[i][j] for the
 * tile's rows), bp kc groups of NR values (b[j][q] for the tile's columns). */
TN_CLONES
static void tn_kernel(size_t kc, const double *ap, const double *bp, double *c, size_t ldc,
                      int first)
{
#ifdef TN_VECTOR
    /* the 8 x 8 tile as two 4 x 8 halves: 8 running vectors each (16 SIMD
     * registers hold them, two rows of b and a broadcast); written out so
     * that the compiler keeps them in registers at -O2 */
    for (int h = 0; h < TN_MR; h += 4) {
        tn_v4 c00, c01, c10, c11, c20, c21, c30, c31;
        double *ch = c + h * ldc;
        if (first) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = (tn_v4){0, 0, 0, 0};
        } else {
            memcpy(&c00, ch, 32);
            memcpy(&c01, ch + 4, 32);
            memcpy(&c10, ch + ldc, 32);
            memcpy(&c11, ch + ldc + 4, 32);
            memcpy(&c20, ch + 2 * ldc, 32);
            memcpy(&c21, ch + 2 * ldc + 4, 32);
            memcpy(&c30, ch + 3 * ldc, 32);
            memcpy(&c31, ch + 3 * ldc + 4, 32);
        }
        for (size_t p = 0; p < kc; p++) {
            tn_v4 b0, b1;
            memcpy(&b0, bp + p * TN_NR, 32);
            memcpy(&b1, bp + p * TN_NR + 4, 32);
            const double *a = ap + p * TN_MR + h;
            c00 = c00 + a[0] * b0;
            c01 = c01 + a[0] * b1;
            c10 = c10 + a[1] * b0;
            c11 = c11 + a[1] * b1;
            c20 = c20 + a[2] * b0;
            c21 = c21 + a[2] * b1;
            c30 = c30 + a[3] * b0;
            c31 = c31 + a[3] * b1;
        }
        memcpy(ch, &c00, 32);
        memcpy(ch + 4, &c01, 32);
        memcpy(ch + ldc, &c10, 32);
        memcpy(ch + ldc + 4, &c11, 32);
        memcpy(ch + 2 * ldc, &c20, 32);
        memcpy(ch + 2 * ldc + 4, &c21, 32);
        memcpy(ch + 3 * ldc, &c30, 32);
        memcpy(ch + 3 * ldc + 4, &c31, 32);
    }
#else
    double acc[TN_MR][TN_NR];
    for (int r = 0; r < TN_MR; r++)
        for (int q = 0; q < TN_NR; q++) acc[r][q] = first ? 0.0 : c[r * ldc + q];
    for (size_t p = 0; p < kc; p++) {
        const double *a = ap + p * TN_MR, *b = bp + p * TN_NR;
        for (int r = 0; r < TN_MR; r++) {
            const double ar = a[r];
            for (int q = 0; q < TN_NR; q++) {
                const double product = ar * b[q];
                acc[r][q] = acc[r][q] + product;
            }
        }
    }
    for (int r = 0; r < TN_MR; r++)
        for (int q = 0; q < TN_NR; q++) c[r * ldc + q] = acc[r][q];
#endif
}

#ifdef TN_AVX512
/* the same kernel with one 8-double vector per tile row (AVX-512F): 8
 * independent running vectors, enough to hide the adder's latency */
__attribute__((target("avx512f")))
static void tn_kernel512(size_t kc, const double *ap, const double *bp, double *c, size_t ldc,
                         int first)
{
    tn_v8 c0, c1, c2, c3, c4, c5, c6, c7;
    if (first) {
        c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = (tn_v8){0, 0, 0, 0, 0, 0, 0, 0};
    } else {
        memcpy(&c0, c, 64);
        memcpy(&c1, c + ldc, 64);
        memcpy(&c2, c + 2 * ldc, 64);
        memcpy(&c3, c + 3 * ldc, 64);
        memcpy(&c4, c + 4 * ldc, 64);
        memcpy(&c5, c + 5 * ldc, 64);
        memcpy(&c6, c + 6 * ldc, 64);
        memcpy(&c7, c + 7 * ldc, 64);
    }
    for (size_t p = 0; p < kc; p++) {
        tn_v8 b;
        memcpy(&b, bp + p * TN_NR, 64);
        const double *a = ap + p * TN_MR;
        c0 = c0 + a[0] * b;
        c1 = c1 + a[1] * b;
        c2 = c2 + a[2] * b;
        c3 = c3 + a[3] * b;
        c4 = c4 + a[4] * b;
        c5 = c5 + a[5] * b;
        c6 = c6 + a[6] * b;
        c7 = c7 + a[7] * b;
    }
    memcpy(c, &c0, 64);
    memcpy(c + ldc, &c1, 64);
    memcpy(c + 2 * ldc, &c2, 64);
    memcpy(c + 3 * ldc, &c3, 64);
    memcpy(c + 4 * ldc, &c4, 64);
    memcpy(c + 5 * ldc, &c5, 64);
    memcpy(c + 6 * ldc, &c6, 64);
    memcpy(c + 7 * ldc, &c7, 64);
}
#endif

typedef void (*tn_kernel_fn)(size_t, const double *, const double *, double *, size_t, int);

static tn_kernel_fn tn_pick_kernel(void)
{
#ifdef TN_AVX512
    if (__builtin_cpu_supports("avx512f")) return tn_kernel512;
#endif
    return tn_kernel;
}

/* ---- the blocked product --------------------------------------------------- */

/* A(i, j) = a[i * ars + j * acs], B(j, q) = b[j * brs + q * bcs], C row-major
 * with n columns; one job computes rows [r0, r1) x columns [c0, c1) of C. */
typedef struct {
    const double *a, *b;
    double *c;
    size_t m, k, n, ars, acs, brs, bcs;
    size_t r0, r1, c0, c1;
} tn_job;

/* the order of docs/parity.md, spelled out: the fallback when memory for the
 * packed panels cannot be had (and the same bits as the blocked path) */
static void tn_plain(const tn_job *jb)
{
    for (size_t i = jb->r0; i < jb->r1; i++)
        for (size_t q = jb->c0; q < jb->c1; q++) {
            double s = 0.0;
            for (size_t j = 0; j < jb->k; j++) {
                const double product = jb->a[i * jb->ars + j * jb->acs] * jb->b[j * jb->brs + q * jb->bcs];
                s = s + product;
            }
            jb->c[i * jb->n + q] = s;
        }
}

/* MR-row panels of A(i0 .. i0+mc, p0 .. p0+kc), zero rows past mc */
static void tn_pack_a(const tn_job *jb, size_t i0, size_t mc, size_t p0, size_t kc, double *dst)
{
    for (size_t ir = 0; ir < mc; ir += TN_MR) {
        double *panel = dst + ir * kc;
        size_t rows = mc - ir < TN_MR ? mc - ir : TN_MR;
        for (size_t r = 0; r < TN_MR; r++) {
            if (r >= rows) {
                for (size_t p = 0; p < kc; p++) panel[p * TN_MR + r] = 0.0;
                continue;
            }
            const double *src = jb->a + (i0 + ir + r) * jb->ars + p0 * jb->acs;
            for (size_t p = 0; p < kc; p++) panel[p * TN_MR + r] = src[p * jb->acs];
        }
    }
}

/* NR-column panels of B(p0 .. p0+kc, q0 .. q0+nc), zero columns past nc */
static void tn_pack_b(const tn_job *jb, size_t p0, size_t kc, size_t q0, size_t nc, double *dst)
{
    for (size_t jr = 0; jr < nc; jr += TN_NR) {
        double *panel = dst + jr * kc;
        size_t cols = nc - jr < TN_NR ? nc - jr : TN_NR;
        if (jb->bcs == 1) {
            for (size_t p = 0; p < kc; p++) {
                const double *src = jb->b + (p0 + p) * jb->brs + q0 + jr;
                double *row = panel + p * TN_NR;
                size_t q = 0;
                for (; q < cols; q++) row[q] = src[q];
                for (; q < TN_NR; q++) row[q] = 0.0;
            }
        } else {
            for (size_t q = 0; q < TN_NR; q++) {
                if (q >= cols) {
                    for (size_t p = 0; p < kc; p++) panel[p * TN_NR + q] = 0.0;
                    continue;
                }
                const double *src = jb->b + p0 * jb->brs + (q0 + jr + q) * jb->bcs;
                for (size_t p = 0; p < kc; p++) panel[p * TN_NR + q] = src[p * jb->brs];
            }
        }
    }
}

static double *tn_aligned(size_t count, void **raw)
{
    *raw = malloc(count * sizeof(double) + 64);
    if (*raw == NULL) return NULL;
    uintptr_t p = ((uintptr_t) *raw + 63) & ~(uintptr_t) 63;
    return (double *) p;
}

static void tn_run(const tn_job *jb)
{
    const size_t m = jb->r1 - jb->r0, n = jb->c1 - jb->c0, k = jb->k;
    if (m == 0 || n == 0) return;
    if (k == 0) {
        for (size_t i = jb->r0; i < jb->r1; i++)
            for (size_t q = jb->c0; q < jb->c1; q++) jb->c[i * jb->n + q] = 0.0;
        return;
    }
    const size_t kcmax = k < TN_KC ? k : TN_KC;
    const size_t mcmax = (m < TN_MC ? m : TN_MC) + TN_MR;
    const size_t ncmax = (n < TN_NC ? n : TN_NC) + TN_NR;
    void *raw_a, *raw_b;
    double *pa = tn_aligned(mcmax * kcmax, &raw_a);
    double *pb = tn_aligned(ncmax * kcmax, &raw_b);
    if (pa == NULL || pb == NULL) {
        free(raw_a);
        free(raw_b);
        tn_plain(jb);
        return;
    }
    double edge[TN_MR * TN_NR];
    const tn_kernel_fn kernel = tn_pick_kernel();
    for (size_t jc = jb->c0; jc < jb->c1; jc += TN_NC) {
        const size_t nc = jb->c1 - jc < TN_NC ? jb->c1 - jc : TN_NC;
        for (size_t pc = 0; pc < k; pc += TN_KC) {
            const size_t kc = k - pc < TN_KC ? k - pc : TN_KC;
            const int first = pc == 0;
            tn_pack_b(jb, pc, kc, jc, nc, pb);
            for (size_t ic = jb->r0; ic < jb->r1; ic += TN_MC) {
                const size_t mc = jb->r1 - ic < TN_MC ? jb->r1 - ic : TN_MC;
                tn_pack_a(jb, ic, mc, pc, kc, pa);
                for (size_t jr = 0; jr < nc; jr += TN_NR) {
                    const size_t nr = nc - jr < TN_NR ? nc - jr : TN_NR;
                    const double *bp = pb + jr * kc;
                    for (size_t ir = 0; ir < mc; ir += TN_MR) {
                        const size_t mr = mc - ir < TN_MR ? mc - ir : TN_MR;
                        const double *ap = pa + ir * kc;
                        double *c = jb->c + (ic + ir) * jb->n + jc + jr;
                        if (mr == TN_MR && nr == TN_NR) {
                            kernel(kc, ap, bp, c, jb->n, first);
                            continue;
                        }
                        /* an edge tile: through a full-size buffer */
                        if (!first)
                            for (size_t r = 0; r < mr; r++)
                                for (size_t q = 0; q < nr; q++) edge[r * TN_NR + q] = c[r * jb->n + q];
                        kernel(kc, ap, bp, edge, TN_NR, first);
                        for (size_t r = 0; r < mr; r++)
                            for (size_t q = 0; q < nr; q++) c[r * jb->n + q] = edge[r * TN_NR + q];
                    }
                }
            }
        }
    }
    free(raw_a);
    free(raw_b);
}

/* ---- threads ---------------------------------------------------------------- */

static int tn_threads = 0; /* 0: not chosen yet */

static int tn_default_threads(void)
{
    const char *env = getenv("TWINNET_THREADS");
    if (env != NULL && *env != '\0') {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v >= 1) return v > TN_MAX_THREADS ? TN_MAX_THREADS : (int) v;
    }
    long cores = 1;
#if !defined(TN_NO_THREADS) && defined(_SC_NPROCESSORS_ONLN)
    cores = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    if (cores < 1) cores = 1;
    return cores > 4 ? 4 : (int) cores;
}

void tn_set_threads(int n)
{
    tn_threads = n < 1 ? 1 : (n > TN_MAX_THREADS ? TN_MAX_THREADS : n);
}

int tn_get_threads(void)
{
    if (tn_threads == 0) tn_threads = tn_default_threads();
    return tn_threads;
}

#ifndef TN_NO_THREADS
static void *tn_thread_main(void *arg)
{
    tn_run((const tn_job *) arg);
    return NULL;
}
#endif

static void tn_product(const double *a, const double *b, double *c, size_t m, size_t k, size_t n,
                       size_t ars, size_t acs, size_t brs, size_t bcs)
{
    tn_job whole = {a, b, c, m, k, n, ars, acs, brs, bcs, 0, m, 0, n};
    if (m == 0 || n == 0) return;
    int t = tn_get_threads();
    size_t work = m * n * (k ? k : 1);
    if (t > 1 && work / (size_t) t < TN_THREAD_WORK) {
        size_t by_work = work / TN_THREAD_WORK;
        t = by_work < 1 ? 1 : (int) by_work;
    }
    /* cut along the longer side, in whole tiles */
    const int by_rows = m >= n;
    const size_t tile = by_rows ? TN_MR : TN_NR, len = by_rows ? m : n;
    const size_t tiles = (len + tile - 1) / tile;
    if ((size_t) t > tiles) t = (int) tiles;
#ifdef TN_NO_THREADS
    t = 1;
#endif
    if (t <= 1) {
        tn_run(&whole);
        return;
    }
#ifndef TN_NO_THREADS
    tn_job jobs[TN_MAX_THREADS];
    pthread_t ids[TN_MAX_THREADS];
    int started[TN_MAX_THREADS];
    for (int w = 0; w < t; w++) {
        size_t lo = tiles * (size_t) w / (size_t) t * tile, hi = tiles * (size_t) (w + 1) / (size_t) t * tile;
        if (hi > len) hi = len;
        jobs[w] = whole;
        if (by_rows) {
            jobs[w].r0 = lo;
            jobs[w].r1 = hi;
        } else {
            jobs[w].c0 = lo;
            jobs[w].c1 = hi;
        }
    }
    for (int w = 1; w < t; w++) started[w] = pthread_create(&ids[w], NULL, tn_thread_main, &jobs[w]) == 0;
    tn_run(&jobs[0]);
    for (int w = 1; w < t; w++) {
        if (started[w])
            pthread_join(ids[w], NULL);
        else
            tn_run(&jobs[w]); /* no thread to be had: the same work, here */
    }
#endif
}

void tn_matmul(const double *a, const double *b, double *c, size_t m, size_t k, size_t n)
{
    tn_product(a, b, c, m, k, n, k, 1, n, 1);
}

void tn_crossprod(const double *a, const double *b, double *c, size_t m, size_t k, size_t n)
{
    tn_product(a, b, c, m, k, n, 1, m, n, 1);
}

void tn_tcrossprod(const double *a, const double *b, double *c, size_t m, size_t k, size_t n)
{
    tn_product(a, b, c, m, k, n, k, 1, 1, k);
}

/* ---- sums ------------------------------------------------------------------- */

void tn_colsum(const double *x, double *out, size_t m, size_t n)
{
    for (size_t q = 0; q < n; q++) out[q] = 0.0;
    for (size_t i = 0; i < m; i++) {
        const double *row = x + i * n;
        for (size_t q = 0; q < n; q++) out[q] = out[q] + row[q];
    }
}

void tn_rowsum(const double *x, double *out, size_t m, size_t n)
{
    size_t i = 0;
    /* four rows at a time: four independent running sums */
    for (; i + 4 <= m; i += 4) {
        const double *r0 = x + i * n, *r1 = r0 + n, *r2 = r1 + n, *r3 = r2 + n;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (size_t q = 0; q < n; q++) {
            s0 = s0 + r0[q];
            s1 = s1 + r1[q];
            s2 = s2 + r2[q];
            s3 = s3 + r3[q];
        }
        out[i] = s0;
        out[i + 1] = s1;
        out[i + 2] = s2;
        out[i + 3] = s3;
    }
    for (; i < m; i++) {
        const double *row = x + i * n;
        double s = 0.0;
        for (size_t q = 0; q < n; q++) s = s + row[q];
        out[i] = s;
    }
}

double tn_sum(const double *x, size_t len)
{
    double s = 0.0;
    for (size_t i = 0; i < len; i++) s = s + x[i];
    return s;
}
