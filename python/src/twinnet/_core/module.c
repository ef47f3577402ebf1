/* twinnet._core._ext: Python's binding of twinnet's exact core (tn_core.h).
 *
 * The core's sources here (tn_core.h, tn_math.c, tn_linalg.c) are copies of
 * R/src's, kept byte-identical by `make sync-core` and checked by
 * python/tests/test_arith.py, so both languages compile the same C.
 *
 * The functions take buffers (the buffer protocol: numpy arrays, no numpy
 * headers) holding C-contiguous binary64 values and the sizes; the layout
 * logic (which operand is transposed, copies of strided arrays) lives in
 * twinnet/arith.py. The GIL is released while the core works.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "tn_core.h"

static int get_doubles(PyObject *obj, Py_buffer *view, Py_ssize_t need, int writable)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) return -1;
    const char *f = view->format;
    if (f != NULL && (f[0] == '@' || f[0] == '=' || f[0] == '<')) f++;
    if (view->itemsize != 8 || f == NULL || strcmp(f, "d") != 0) {
        PyErr_SetString(PyExc_TypeError, "twinnet core: float64 buffers are needed");
        PyBuffer_Release(view);
        return -1;
    }
    if (need < 0 || view->len / 8 < need) {
        PyErr_SetString(PyExc_ValueError, "twinnet core: a buffer is smaller than its shape");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* product(op, a, b, c, m, k, n): op 0 c = a b, 1 c = t(a) b, 2 c = a t(b) */
static PyObject *core_product(PyObject *self, PyObject *args)
{
    int op;
    PyObject *oa, *ob, *oc;
    Py_ssize_t m, k, n;
    Py_buffer a, b, c;
    (void) self;
    if (!PyArg_ParseTuple(args, "iOOOnnn", &op, &oa, &ob, &oc, &m, &k, &n)) return NULL;
    if (m < 0 || k < 0 || n < 0 || op < 0 || op > 2) {
        PyErr_SetString(PyExc_ValueError, "twinnet core: bad product arguments");
        return NULL;
    }
    if (get_doubles(oa, &a, m * k, 0) != 0) return NULL;
    if (get_doubles(ob, &b, k * n, 0) != 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    if (get_doubles(oc, &c, m * n, 1) != 0) {
        PyBuffer_Release(&a);
        PyBuffer_Release(&b);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    if (op == 0)
        tn_matmul(a.buf, b.buf, c.buf, (size_t) m, (size_t) k, (size_t) n);
    else if (op == 1)
        tn_crossprod(a.buf, b.buf, c.buf, (size_t) m, (size_t) k, (size_t) n);
    else
        tn_tcrossprod(a.buf, b.buf, c.buf, (size_t) m, (size_t) k, (size_t) n);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    PyBuffer_Release(&c);
    Py_RETURN_NONE;
}

/* sums(op, x, out, m, n): op 0 colsum (out has n), 1 rowsum (out has m) */
static PyObject *core_sums(PyObject *self, PyObject *args)
{
    int op;
    PyObject *ox, *oo;
    Py_ssize_t m, n;
    Py_buffer x, o;
    (void) self;
    if (!PyArg_ParseTuple(args, "iOOnn", &op, &ox, &oo, &m, &n)) return NULL;
    if (m < 0 || n < 0 || op < 0 || op > 1) {
        PyErr_SetString(PyExc_ValueError, "twinnet core: bad sum arguments");
        return NULL;
    }
    if (get_doubles(ox, &x, m * n, 0) != 0) return NULL;
    if (get_doubles(oo, &o, op == 0 ? n : m, 1) != 0) {
        PyBuffer_Release(&x);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    if (op == 0)
        tn_colsum(x.buf, o.buf, (size_t) m, (size_t) n);
    else
        tn_rowsum(x.buf, o.buf, (size_t) m, (size_t) n);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&x);
    PyBuffer_Release(&o);
    Py_RETURN_NONE;
}

/* total(x): the elements in memory order, from 0 */
static PyObject *core_total(PyObject *self, PyObject *arg)
{
    Py_buffer x;
    double s;
    (void) self;
    if (get_doubles(arg, &x, 0, 0) != 0) return NULL;
    Py_BEGIN_ALLOW_THREADS
    s = tn_sum(x.buf, (size_t) (x.len / 8));
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&x);
    return PyFloat_FromDouble(s);
}

/* elementwise(which, x, y): y = f(x), which 0 exp, 1 log, 2 log1p, 3 tanh */
static PyObject *core_elementwise(PyObject *self, PyObject *args)
{
    int which;
    PyObject *ox, *oy;
    Py_buffer x, y;
    (void) self;
    if (!PyArg_ParseTuple(args, "iOO", &which, &ox, &oy)) return NULL;
    if (which < 0 || which > 3) {
        PyErr_SetString(PyExc_ValueError, "twinnet core: unknown function");
        return NULL;
    }
    if (get_doubles(ox, &x, 0, 0) != 0) return NULL;
    if (get_doubles(oy, &y, x.len / 8, 1) != 0) {
        PyBuffer_Release(&x);
        return NULL;
    }
    size_t len = (size_t) (x.len / 8);
    Py_BEGIN_ALLOW_THREADS
    switch (which) {
    case 0: tn_exp_array(x.buf, y.buf, len); break;
    case 1: tn_log_array(x.buf, y.buf, len); break;
    case 2: tn_log1p_array(x.buf, y.buf, len); break;
    default: tn_tanh_array(x.buf, y.buf, len); break;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&x);
    PyBuffer_Release(&y);
    Py_RETURN_NONE;
}

static PyObject *core_scalar(PyObject *self, PyObject *args)
{
    int which;
    double x;
    (void) self;
    if (!PyArg_ParseTuple(args, "id", &which, &x)) return NULL;
    switch (which) {
    case 0: return PyFloat_FromDouble(tn_exp(x));
    case 1: return PyFloat_FromDouble(tn_log(x));
    case 2: return PyFloat_FromDouble(tn_log1p(x));
    case 3: return PyFloat_FromDouble(tn_tanh(x));
    default: PyErr_SetString(PyExc_ValueError, "twinnet core: unknown function"); return NULL;
    }
}

static PyObject *core_set_threads(PyObject *self, PyObject *arg)
{
    (void) self;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "threads must be a positive whole number");
        return NULL;
    }
    tn_set_threads(n > 1024 ? 1024 : (int) n);
    return PyLong_FromLong(tn_get_threads());
}

static PyObject *core_get_threads(PyObject *self, PyObject *unused)
{
    (void) self;
    (void) unused;
    return PyLong_FromLong(tn_get_threads());
}

/* blas mode's element-wise kernels (blas_kernels.c, not part of the core) */
PyObject *tn_py_blas_slope(PyObject *self, PyObject *args);
PyObject *tn_py_blas_output_delta(PyObject *self, PyObject *args);
PyObject *tn_py_blas_sgd(PyObject *self, PyObject *args);

static PyMethodDef methods[] = {
    {"product", core_product, METH_VARARGS, "product(op, a, b, c, m, k, n)"},
    {"sums", core_sums, METH_VARARGS, "sums(op, x, out, m, n): op 0 colsum, 1 rowsum"},
    {"total", core_total, METH_O, "total(x): the elements in memory order from 0"},
    {"elementwise", core_elementwise, METH_VARARGS, "elementwise(which, x, y)"},
    {"scalar", core_scalar, METH_VARARGS, "scalar(which, x)"},
    {"set_threads", core_set_threads, METH_O, "set_threads(n)"},
    {"get_threads", core_get_threads, METH_NOARGS, "get_threads()"},
    {"blas_slope", tn_py_blas_slope, METH_VARARGS, "blas_slope(d, a, colsum, m, n, kind)"},
    {"blas_output_delta", tn_py_blas_output_delta, METH_VARARGS,
     "blas_output_delta(a, y, d, m, n, kind, loss)"},
    {"blas_sgd", tn_py_blas_sgd, METH_VARARGS, "blas_sgd(p, g, lr, len)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "_ext", "twinnet's exact core (tn_core.h)", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__ext(void)
{
    return PyModule_Create(&moduledef);
}
