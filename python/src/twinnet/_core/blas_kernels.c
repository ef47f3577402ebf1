/* twinnet._core._ext: blas mode's fused element-wise kernels (Python only).
 *
 * NOT part of the exact core (tn_core.h, tn_math.c, tn_linalg.c, which R
 * compiles too): these kernels serve blas mode's lean training epoch
 * (network.py, Network._epoch_lean), where the matrix products stay with
 * BLAS (numpy.matmul) and the forward activations with numpy (its exp), and
 * the backward element-wise steps run here, fused into one pass each, in
 * place, threaded over rows or columns for large matrices.
 *
 * Every element goes through the formula's operations in the formula's
 * grouping (docs/parity.md), one rounded binary64 operation at a time (no
 * FMA: the pragmas below), so
 *   - the slopes, the deltas, the column sums and the SGD update give the
 *     same doubles as the numpy expressions they replace;
 *   - the loss's sum of squares adds in eight interleaved partial sums
 *     (numpy sums pairwise): its last bits may differ from np.sum's.
 * No result depends on the number of threads: element-wise steps are split
 * by rows, column sums by columns (each column's rows added in order by one
 * thread), the loss sum is not split.
 *
 * Buffers come through the buffer protocol (numpy arrays, C-contiguous
 * float64); the GIL is released while a kernel runs.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <math.h>
#include <string.h>

#if defined(__FAST_MATH__)
#error "twinnet's blas kernels must not be compiled with -ffast-math"
#endif
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "twinnet's blas kernels need FLT_EVAL_METHOD == 0 (no extended precision)"
#endif

#ifndef _WIN32
#include <pthread.h>
#include <unistd.h>
#define BK_THREADS 1
#endif

/* activation kinds: 0 identity, 1 sigmoid, 2 tanh */
enum { K_IDENTITY = 0, K_SIGMOID = 1, K_TANH = 2 };
/* losses: 0 half_sse (direction E), 1 sse (2 * E), 2 mse ((2 * E) / size) */

/* below this many elements a kernel runs on the calling thread */
#define BK_PARALLEL_MIN (1 << 16)

static int bk_threads(size_t elements)
{
#ifdef BK_THREADS
    static int cores = 0;
    if (elements < BK_PARALLEL_MIN) return 1;
    if (cores == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        cores = c < 1 ? 1 : (c > 8 ? 8 : (int) c);
    }
    return cores;
#else
    (void) elements;
    return 1;
#endif
}

typedef struct {
    void (*fn)(void *task, size_t lo, size_t hi);
    void *task;
    size_t lo, hi;
} bk_part;

static void *bk_run_part(void *p)
{
    bk_part *part = (bk_part *) p;
    part->fn(part->task, part->lo, part->hi);
    return NULL;
}

/* fn(task, lo, hi) over [0, count) split into `threads` contiguous parts */
static void bk_parallel(void (*fn)(void *, size_t, size_t), void *task, size_t count, int threads)
{
    if (threads > (int) count) threads = (int) count;
    if (threads <= 1) {
        fn(task, 0, count);
        return;
    }
#ifdef BK_THREADS
    bk_part parts[8];
    pthread_t ids[8];
    int started[8] = {0};
    for (int t = 0; t < threads; t++) {
        parts[t].fn = fn;
        parts[t].task = task;
        parts[t].lo = count * (size_t) t / (size_t) threads;
        parts[t].hi = count * (size_t) (t + 1) / (size_t) threads;
    }
    for (int t = 1; t < threads; t++)
        started[t] = pthread_create(&ids[t], NULL, bk_run_part, &parts[t]) == 0;
    bk_run_part(&parts[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(ids[t], NULL);
        else
            bk_run_part(&parts[t]); /* no thread: do its part here */
    }
#else
    fn(task, 0, count);
#endif
}

/* ---- the kernels ---- */

/* slope of the activation from its output: sigmoid a * (1 - a), tanh 1 - a * a */
static inline double bk_slope(double a, int kind)
{
    if (kind == K_SIGMOID) return a * (1.0 - a);
    if (kind == K_TANH) return 1.0 - a * a;
    return 1.0;
}

typedef struct {
    double *d;
    const double *a;
    double *colsum;
    size_t m, n;
    int kind;
} slope_task;

/* d *= slope(a) for rows [lo, hi) */
static void slope_rows(void *p, size_t lo, size_t hi)
{
    slope_task *t = (slope_task *) p;
    size_t n = t->n;
    if (t->kind == K_IDENTITY) return;
    for (size_t i = lo; i < hi; i++) {
        double *d = t->d + i * n;
        const double *a = t->a + i * n;
        for (size_t j = 0; j < n; j++) d[j] = d[j] * bk_slope(a[j], t->kind);
    }
}

/* d *= slope(a) and colsum = the rows of d added in order, columns [lo, hi)
 * (numpy's column sum of a C-ordered array: the first row, then each row
 * added in order) */
static void slope_colsum_cols(void *p, size_t lo, size_t hi)
{
    slope_task *t = (slope_task *) p;
    size_t n = t->n, m = t->m;
    if (hi <= lo) return;
    double *acc = t->colsum;
    for (size_t i = 0; i < m; i++) {
        double *d = t->d + i * n;
        const double *a = t->a + i * n;
        if (t->kind != K_IDENTITY)
            for (size_t j = lo; j < hi; j++) d[j] = d[j] * bk_slope(a[j], t->kind);
        if (i == 0)
            for (size_t j = lo; j < hi; j++) acc[j] = d[j];
        else
            for (size_t j = lo; j < hi; j++) acc[j] = acc[j] + d[j];
    }
}

/* ---- Python bindings ---- */

static int bk_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t need, int writable)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) return -1;
    const char *f = view->format;
    if (f != NULL && (f[0] == '@' || f[0] == '=' || f[0] == '<')) f++;
    if (view->itemsize != 8 || f == NULL || strcmp(f, "d") != 0) {
        PyErr_SetString(PyExc_TypeError, "twinnet blas kernels: float64 buffers are needed");
        PyBuffer_Release(view);
        return -1;
    }
    if (need < 0 || view->len / 8 != need) {
        PyErr_SetString(PyExc_ValueError, "twinnet blas kernels: a buffer does not match its shape");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int bk_kind(int kind)
{
    if (kind < 0 || kind > 2) {
        PyErr_SetString(PyExc_ValueError, "twinnet blas kernels: activation kind 0, 1 or 2");
        return -1;
    }
    return 0;
}

/* blas_slope(d, a, colsum, m, n, kind): d *= slope(a) in place; with colsum
 * (not None, n values) also the column sums of the new d */
PyObject *tn_py_blas_slope(PyObject *self, PyObject *args)
{
    PyObject *od, *oa, *oc;
    Py_ssize_t m, n;
    int kind;
    Py_buffer d, a, c;
    (void) self;
    if (!PyArg_ParseTuple(args, "OOOnni", &od, &oa, &oc, &m, &n, &kind)) return NULL;
    if (m < 0 || n < 0 || bk_kind(kind) != 0) return NULL;
    if (bk_buffer(od, &d, m * n, 1) != 0) return NULL;
    if (bk_buffer(oa, &a, m * n, 0) != 0) {
        PyBuffer_Release(&d);
        return NULL;
    }
    int has_c = oc != Py_None;
    if (has_c && bk_buffer(oc, &c, n, 1) != 0) {
        PyBuffer_Release(&d);
        PyBuffer_Release(&a);
        return NULL;
    }
    slope_task t = {d.buf, a.buf, has_c ? c.buf : NULL, (size_t) m, (size_t) n, kind};
    Py_BEGIN_ALLOW_THREADS
    int threads = bk_threads((size_t) (m * n));
    if (has_c) {
        if (m == 0)
            memset(c.buf, 0, (size_t) n * sizeof(double));
        else
            bk_parallel(slope_colsum_cols, &t, (size_t) n, n >= 64 ? threads : 1);
    } else {
        bk_parallel(slope_rows, &t, (size_t) m, threads);
    }
    Py_END_ALLOW_THREADS
    if (has_c) PyBuffer_Release(&c);
    PyBuffer_Release(&a);
    PyBuffer_Release(&d);
    Py_RETURN_NONE;
}

/* blas_output_delta(a, y, d, m, n, kind, loss): the output layer's
 * d = (-direction(E)) * slope(a) with E = y - a (the gradient the generic
 * backward pass hands to the last dense layer: -D of docs/algorithm.md);
 * returns sum(E * E) in eight interleaved partial sums */
PyObject *tn_py_blas_output_delta(PyObject *self, PyObject *args)
{
    PyObject *oa, *oy, *od;
    Py_ssize_t m, n;
    int kind, loss;
    Py_buffer a, y, d;
    (void) self;
    if (!PyArg_ParseTuple(args, "OOOnnii", &oa, &oy, &od, &m, &n, &kind, &loss)) return NULL;
    if (m < 0 || n < 0 || bk_kind(kind) != 0) return NULL;
    if (loss < 0 || loss > 2) {
        PyErr_SetString(PyExc_ValueError, "twinnet blas kernels: loss 0, 1 or 2");
        return NULL;
    }
    if (bk_buffer(oa, &a, m * n, 0) != 0) return NULL;
    if (bk_buffer(oy, &y, m * n, 0) != 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    if (bk_buffer(od, &d, m * n, 1) != 0) {
        PyBuffer_Release(&a);
        PyBuffer_Release(&y);
        return NULL;
    }
    double sum = 0.0;
    Py_BEGIN_ALLOW_THREADS
    const double *pa = a.buf, *py = y.buf;
    double *pd = d.buf;
    size_t len = (size_t) (m * n);
    double size = (double) len;
    double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < len; i++) {
        double e = py[i] - pa[i];
        double dir = loss == 0 ? e : (loss == 1 ? 2.0 * e : (2.0 * e) / size);
        pd[i] = (-dir) * bk_slope(pa[i], kind);
        part[i & 7] = part[i & 7] + e * e;
    }
    sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&d);
    PyBuffer_Release(&y);
    PyBuffer_Release(&a);
    return PyFloat_FromDouble(sum);
}

/* blas_sgd(p, g, lr, len): p = p - g * lr in place (numpy's p -= g * lr) */
PyObject *tn_py_blas_sgd(PyObject *self, PyObject *args)
{
    PyObject *op, *og;
    double lr;
    Py_ssize_t len;
    Py_buffer p, g;
    (void) self;
    if (!PyArg_ParseTuple(args, "OOdn", &op, &og, &lr, &len)) return NULL;
    if (bk_buffer(op, &p, len, 1) != 0) return NULL;
    if (bk_buffer(og, &g, len, 0) != 0) {
        PyBuffer_Release(&p);
        return NULL;
    }
    double *pp = p.buf;
    const double *pg = g.buf;
    for (Py_ssize_t i = 0; i < len; i++) pp[i] = pp[i] - pg[i] * lr;
    PyBuffer_Release(&g);
    PyBuffer_Release(&p);
    Py_RETURN_NONE;
}
