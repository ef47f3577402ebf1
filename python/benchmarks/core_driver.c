/* The exact core's test driver for `make portability`
 * (python/benchmarks/core_portability.py) and its quick part in make test
 * (python/tests/test_core_portability.py). Text in and out, so that the
 * output of every build (any compiler, flags or CPU, aarch64 under qemu-user
 * included) can be compared byte for byte.
 *
 *     core_driver exp|log|log1p|tanh < inputs.hex > outputs.hex
 *         reads doubles as 16 hex digits of their bits, one a line, applies
 *         one of the core's elementary functions (tn_*_array) and prints the
 *         bits of each result the same way;
 *     core_driver suite [NETS]
 *         runs a fixed set of calls and prints one digest a group:
 *           math      tn_exp/log/log1p/tanh, scalar and array (in place too),
 *                     on inputs generated here (ranges and special values)
 *           products  tn_matmul, tn_crossprod, tn_tcrossprod on 17 shapes
 *                     (odd ones, k = 0, k past one panel, m and n past one
 *                     block), each with 1, 2, 3 and 4 threads
 *           sums      tn_colsum, tn_rowsum, tn_sum on 12 shapes
 *           net NAME  a few epochs of each network in NETS (below)
 *         It also checks, and exits with status 1 when one fails: every
 *         product against a plain scalar loop that spells out the order of
 *         docs/parity.md, the three product forms against each other, every
 *         thread count against one thread, the sums against scalar loops,
 *         scalar against array and in-place calls, the nets with 1 and 2
 *         threads;
 *     core_driver epochs NETS
 *         prints the bits of each net's loss history, weights and biases
 *         after its epochs (python/tests/test_core_portability.py compares
 *         them with twinnet's own Python exact mode).
 *
 * A digest is 64-bit FNV-1a over the bits of every result, each double as 8
 * bytes, least significant first, in the order the results are made.
 *
 * NETS, written by core_portability.py's write_nets(): whitespace-separated
 * tokens; every number is the 16 hex digits of a double's bits:
 *     twinnet-nets 1
 *     net NAME LOSS BIAS L n_0 ... n_L ROWS EPOCHS LR
 *     X values (ROWS x n_0, row-major)  Y values (ROWS x n_L)
 *     then for l = 1..L: W_l values (n_{l-1} x n_l), b_l values (n_l) if BIAS
 *     ... more nets ...  end
 * LOSS is half_sse, sse or mse; the activation is the sigmoid. An epoch is
 * the full-batch one of docs/algorithm.md in the grouping twinnet's Python
 * exact mode uses (python/src/twinnet/layers.py, activations.py, losses.py):
 *     Z_l = A_{l-1} %*% W_l;  Z_l = Z_l + b_l
 *     A_l = 1 / (exp(-Z_l) + 1)
 *     E = Y - A_L;  loss = total(E * E) [/ 2 | / size]   (column-major sum)
 *     G = -E | -(2 * E) | -((2 * E) / size)              (half_sse, sse, mse)
 *     for l = L..1:  G = G * ((1 - A_l) * A_l)
 *                    gW_l = t(A_{l-1}) %*% G;  gb_l = colsum(G)
 *                    G = G %*% t(W_l)               (l > 1, the old W_l)
 *     W_l = W_l - gW_l * lr;  b_l = b_l - gb_l * lr
 *
 * Build: cc -O2 -std=c99 -pthread -I R/src python/benchmarks/core_driver.c
 *        R/src/tn_math.c R/src/tn_linalg.c
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#include <float.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tn_core.h"

#ifdef __FAST_MATH__
#error "the exact core's driver must not be compiled with -ffast-math"
#endif
#if !defined(FLT_EVAL_METHOD) || (FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != 16)
#error "the exact core's driver needs FLT_EVAL_METHOD 0 (no extended precision)"
#endif

#define CHUNK 4096

static int failures = 0;

static void fail(const char *what)
{
    fprintf(stderr, "core_driver: FAILED: %s\n", what);
    failures++;
}

static void *need(size_t count)
{
    void *p = calloc(count ? count : 1, sizeof(double));
    if (p == NULL) {
        fprintf(stderr, "core_driver: out of memory\n");
        exit(3);
    }
    return p;
}

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* ---- digests: 64-bit FNV-1a over the bits, least significant byte first --- */

typedef struct {
    uint64_t h;
    size_t count;
} digest;

static void digest_start(digest *d)
{
    d->h = UINT64_C(14695981039346656037);
    d->count = 0;
}

static void digest_add(digest *d, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u = bits_of(x[i]);
        for (int b = 0; b < 8; b++) {
            d->h ^= (u >> (8 * b)) & 0xff;
            d->h *= UINT64_C(1099511628211);
        }
    }
    d->count += n;
}

static void digest_print(const char *group, const digest *d)
{
    printf("%-28s %016" PRIx64 " %zu\n", group, d->h, d->count);
}

/* ---- inputs: splitmix64, and doubles made from its bits exactly ---------- */

static uint64_t rng_state;

static uint64_t next64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* uniform on [0, 1): 53 random bits times 2^-53, exact */
static double unit(void) { return (double) (next64() >> 11) * (1.0 / 9007199254740992.0); }

/* in [-1, 1) times 2^e, e in -4..4: every step exact */
static double operand(void)
{
    static const double scale[9] = {0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0};
    double v = 2.0 * unit() - 1.0;
    return v * scale[next64() % 9];
}

/* ---- the elementary functions ------------------------------------------- */

typedef double (*scalar_fn)(double);
typedef void (*array_fn)(const double *, double *, size_t);

static void group_math(void)
{
    static const char *names[4] = {"exp", "log", "log1p", "tanh"};
    const scalar_fn scalars[4] = {tn_exp, tn_log, tn_log1p, tn_tanh};
    const array_fn arrays[4] = {tn_exp_array, tn_log_array, tn_log1p_array, tn_tanh_array};
    /* the ranges training meets, wider ones, and the special values */
    const double lo[4] = {-745.5, 0.0, -1.0, -25.0}, hi[4] = {709.9, 1e6, 1e6, 25.0};
    const double specials[] = {0.0,
                               -0.0,
                               1.0,
                               -1.0,
                               0.5,
                               2.0,
                               1e-300,
                               -1e-300,
                               4.9406564584124654e-324,
                               -4.9406564584124654e-324,
                               2.2250738585072014e-308,
                               709.782712893384,
                               709.7827128933841,
                               -745.1332191019411,
                               -745.1332191019412,
                               -708.3964185322641,
                               1e300,
                               -1e300,
                               DBL_MAX,
                               -DBL_MAX,
                               from_bits(UINT64_C(0x7ff0000000000000)),
                               from_bits(UINT64_C(0xfff0000000000000)),
                               from_bits(UINT64_C(0x7ff8000000000000)),
                               1e-20,
                               -1e-20,
                               0.9999999999999999,
                               1.0000000000000002,
                               -0.9999999999999999,
                               22.0,
                               -22.0,
                               19.06154746539849};
    const size_t n_special = sizeof specials / sizeof specials[0];
    const size_t n_random = 20000, n_near = 2000;
    const size_t n = n_random + n_near + n_special;
    double *x = need(n), *y = need(n), *z = need(n);
    digest d;
    digest_start(&d);
    rng_state = 1;
    for (int f = 0; f < 4; f++) {
        size_t i = 0;
        for (; i < n_random; i++) x[i] = lo[f] + (hi[f] - lo[f]) * unit();
        for (; i < n_random + n_near; i++) /* near 0 and near 1 */
            x[i] = (i % 2 ? 1.0 : 0.0) + (2.0 * unit() - 1.0) * 1e-6;
        for (size_t s = 0; s < n_special; s++) x[i++] = specials[s];
        arrays[f](x, y, n);
        for (i = 0; i < n; i++) {
            z[i] = scalars[f](x[i]);
            if (bits_of(z[i]) != bits_of(y[i])) {
                char what[96];
                snprintf(what, sizeof what, "tn_%s: scalar and array differ at input %zu", names[f], i);
                fail(what);
                break;
            }
        }
        memcpy(z, x, n * sizeof(double));
        arrays[f](z, z, n); /* in place */
        if (memcmp(z, y, n * sizeof(double)) != 0) fail("an elementary function differs in place");
        digest_add(&d, y, n);
    }
    digest_print("math", &d);
    free(x);
    free(y);
    free(z);
}

/* ---- the products ------------------------------------------------------- */

/* the order of docs/parity.md, spelled out: c[i][q] = ((0 + a*b) + a*b) + ... */
static void plain_product(const double *a, const double *b, double *c, size_t m, size_t k, size_t n)
{
    for (size_t i = 0; i < m; i++)
        for (size_t q = 0; q < n; q++) {
            double s = 0.0;
            for (size_t j = 0; j < k; j++) {
                const double product = a[i * k + j] * b[j * n + q];
                s = s + product;
            }
            c[i * n + q] = s;
        }
}

static void transpose(const double *x, double *t, size_t rows, size_t cols)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
}

static int same(const double *x, const double *y, size_t n)
{
    return n == 0 || memcmp(x, y, n * sizeof(double)) == 0;
}

static void group_products(void)
{
    /* m, k, n: odd and tiny shapes, k = 0, k past one 256-panel (TN_KC), m
     * past one 96-row block (TN_MC), n past one 2048-column block (TN_NC),
     * and three large enough to be cut into 2 to 4 threads, by rows and by
     * columns */
    static const size_t shapes[][3] = {
        {1, 1, 1},   {1, 5, 1},     {3, 0, 4},     {2, 3, 1},     {7, 13, 5},   {8, 8, 8},
        {9, 17, 7},  {1, 1000, 1},  {1000, 1, 3},  {17, 300, 9},  {33, 520, 31}, {97, 33, 65},
        {5, 7, 2050}, {100, 3, 100}, {203, 150, 161}, {37, 260, 500}, {130, 300, 130},
    };
    static const int threads[] = {1, 2, 3, 4};
    digest d;
    digest_start(&d);
    rng_state = 2;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        double *a = need(m * k), *b = need(k * n), *at = need(k * m), *bt = need(n * k);
        double *plain = need(m * n), *c = need(m * n), *first = need(m * n);
        for (size_t i = 0; i < m * k; i++) a[i] = operand();
        for (size_t i = 0; i < k * n; i++) b[i] = operand();
        transpose(a, at, m, k);
        transpose(b, bt, k, n);
        plain_product(a, b, plain, m, k, n);
        for (int form = 0; form < 3; form++) {
            for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
                tn_set_threads(threads[t]);
                for (size_t i = 0; i < m * n; i++) c[i] = -1.0; /* no stale results */
                if (form == 0) tn_matmul(a, b, c, m, k, n);
                if (form == 1) tn_crossprod(at, b, c, m, k, n);
                if (form == 2) tn_tcrossprod(a, bt, c, m, k, n);
                char what[128];
                static const char *forms[3] = {"tn_matmul", "tn_crossprod", "tn_tcrossprod"};
                if (!same(c, plain, m * n)) {
                    snprintf(what, sizeof what, "%s %zux%zux%zu, %d threads: not the plain loop's bits",
                             forms[form], m, k, n, threads[t]);
                    fail(what);
                }
                if (t == 0) {
                    memcpy(first, c, m * n * sizeof(double));
                    digest_add(&d, c, m * n);
                } else if (!same(c, first, m * n)) {
                    snprintf(what, sizeof what, "%s %zux%zux%zu: %d threads differ from 1",
                             forms[form], m, k, n, threads[t]);
                    fail(what);
                }
            }
        }
        free(a);
        free(b);
        free(at);
        free(bt);
        free(plain);
        free(c);
        free(first);
    }
    tn_set_threads(1);
    digest_print("products", &d);
}

/* ---- the sums ----------------------------------------------------------- */

static void group_sums(void)
{
    static const size_t shapes[][2] = {{1, 1}, {1, 7}, {7, 1}, {4, 3}, {5, 3}, {8, 9},
                                       {13, 1}, {3, 0}, {0, 3}, {100, 37}, {257, 5}, {1, 10000}};
    digest d;
    digest_start(&d);
    rng_state = 3;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t m = shapes[s][0], n = shapes[s][1];
        double *x = need(m * n), *cols = need(n), *rows = need(m), *want = need(m > n ? m : n);
        /* values of very different sizes, so that the order shows */
        for (size_t i = 0; i < m * n; i++) x[i] = operand() * (i % 3 == 0 ? 1e8 : 1.0);
        tn_colsum(x, cols, m, n);
        for (size_t q = 0; q < n; q++) {
            double v = 0.0;
            for (size_t i = 0; i < m; i++) v = v + x[i * n + q];
            want[q] = v;
        }
        if (!same(cols, want, n)) fail("tn_colsum: not the plain loop's bits");
        tn_rowsum(x, rows, m, n);
        for (size_t i = 0; i < m; i++) {
            double v = 0.0;
            for (size_t q = 0; q < n; q++) v = v + x[i * n + q];
            want[i] = v;
        }
        if (!same(rows, want, m)) fail("tn_rowsum: not the plain loop's bits");
        double total = tn_sum(x, m * n), v = 0.0;
        for (size_t i = 0; i < m * n; i++) v = v + x[i];
        if (bits_of(total) != bits_of(v)) fail("tn_sum: not the plain loop's bits");
        digest_add(&d, cols, n);
        digest_add(&d, rows, m);
        digest_add(&d, &total, 1);
        free(x);
        free(cols);
        free(rows);
        free(want);
    }
    digest_print("sums", &d);
}

/* ---- the networks -------------------------------------------------------- */

#define MAX_LAYERS 16

typedef struct {
    char name[64], loss[32];
    int bias, layers;
    size_t sizes[MAX_LAYERS + 1], rows, epochs;
    double lr;
    double *x, *y, *w[MAX_LAYERS + 1], *b[MAX_LAYERS + 1];
} net;

static double read_value(FILE *in)
{
    char token[32];
    if (fscanf(in, "%31s", token) != 1) {
        fprintf(stderr, "core_driver: the nets file ends early\n");
        exit(2);
    }
    return from_bits((uint64_t) strtoull(token, NULL, 16));
}

static double *read_values(FILE *in, size_t n)
{
    double *v = need(n);
    for (size_t i = 0; i < n; i++) v[i] = read_value(in);
    return v;
}

/* the nets of FILE, *count of them */
static net *read_nets(const char *path, int *count)
{
    FILE *in = fopen(path, "r");
    char word[64];
    int version;
    net *nets = NULL;
    *count = 0;
    if (in == NULL || fscanf(in, "%63s %d", word, &version) != 2 || strcmp(word, "twinnet-nets") != 0
        || version != 1) {
        fprintf(stderr, "core_driver: %s is not a nets file (twinnet-nets 1)\n", path);
        exit(2);
    }
    while (fscanf(in, "%63s", word) == 1 && strcmp(word, "net") == 0) {
        net *grown = realloc(nets, (size_t) (*count + 1) * sizeof(net));
        if (grown == NULL) exit(3);
        nets = grown;
        net *t = &nets[(*count)++];
        memset(t, 0, sizeof *t);
        if (fscanf(in, "%63s %31s %d %d", t->name, t->loss, &t->bias, &t->layers) != 4 || t->layers < 1
            || t->layers > MAX_LAYERS) {
            fprintf(stderr, "core_driver: a bad net header in %s\n", path);
            exit(2);
        }
        for (int l = 0; l <= t->layers; l++)
            if (fscanf(in, "%zu", &t->sizes[l]) != 1) exit(2);
        if (fscanf(in, "%zu %zu", &t->rows, &t->epochs) != 2) exit(2);
        t->lr = read_value(in);
        t->x = read_values(in, t->rows * t->sizes[0]);
        t->y = read_values(in, t->rows * t->sizes[t->layers]);
        for (int l = 1; l <= t->layers; l++) {
            t->w[l] = read_values(in, t->sizes[l - 1] * t->sizes[l]);
            t->b[l] = t->bias ? read_values(in, t->sizes[l]) : NULL;
        }
    }
    if (strcmp(word, "end") != 0) {
        fprintf(stderr, "core_driver: %s does not end with 'end'\n", path);
        exit(2);
    }
    fclose(in);
    return nets;
}

/* the results of training: loss history, then W_1, b_1, ..., W_L, b_L */
typedef struct {
    double *values;
    size_t count;
} trained;

static trained train(const net *t)
{
    const int L = t->layers;
    const size_t m = t->rows, *sz = t->sizes, out_n = sz[L], size = m * sz[L];
    double *w[MAX_LAYERS + 1], *b[MAX_LAYERS + 1], *a[MAX_LAYERS + 1];
    double *gw[MAX_LAYERS + 1], *gb[MAX_LAYERS + 1];
    size_t widest = 0, params = 0;
    for (int l = 0; l <= L; l++) widest = sz[l] > widest ? sz[l] : widest;
    for (int l = 1; l <= L; l++) {
        w[l] = need(sz[l - 1] * sz[l]);
        memcpy(w[l], t->w[l], sz[l - 1] * sz[l] * sizeof(double));
        b[l] = need(sz[l]);
        if (t->bias) memcpy(b[l], t->b[l], sz[l] * sizeof(double));
        a[l] = need(m * sz[l]);
        gw[l] = need(sz[l - 1] * sz[l]);
        gb[l] = need(sz[l]);
        params += sz[l - 1] * sz[l] + (t->bias ? sz[l] : 0);
    }
    a[0] = t->x;
    double *g = need(m * widest), *g2 = need(m * widest), *sq = need(size);
    trained r;
    r.count = t->epochs + params;
    r.values = need(r.count);
    for (size_t epoch = 0; epoch < t->epochs; epoch++) {
        /* forward: Z = A %*% W; Z = Z + b; A = 1 / (exp(-Z) + 1) */
        for (int l = 1; l <= L; l++) {
            const size_t n = sz[l];
            double *z = a[l];
            tn_matmul(a[l - 1], w[l], z, m, sz[l - 1], n);
            if (t->bias)
                for (size_t i = 0; i < m; i++)
                    for (size_t q = 0; q < n; q++) z[i * n + q] = z[i * n + q] + b[l][q];
            for (size_t i = 0; i < m * n; i++) z[i] = -z[i];
            tn_exp_array(z, z, m * n);
            for (size_t i = 0; i < m * n; i++) z[i] = z[i] + 1.0;
            for (size_t i = 0; i < m * n; i++) z[i] = 1.0 / z[i];
        }
        /* the loss, from E = Y - A_L, summed column by column */
        const double *out = a[L];
        for (size_t q = 0; q < out_n; q++)
            for (size_t i = 0; i < m; i++) {
                const double e = t->y[i * out_n + q] - out[i * out_n + q];
                sq[q * m + i] = e * e;
            }
        double value = tn_sum(sq, size);
        if (strcmp(t->loss, "half_sse") == 0) value = value / 2.0;
        if (strcmp(t->loss, "mse") == 0) value = value / (double) size;
        r.values[epoch] = 0.0 + value * ((double) m / (double) m);
        /* the loss's descent direction, negated: -dLoss/dA */
        for (size_t i = 0; i < size; i++) {
            const double e = t->y[i] - out[i];
            if (strcmp(t->loss, "half_sse") == 0)
                g[i] = -e;
            else if (strcmp(t->loss, "sse") == 0)
                g[i] = -(2.0 * e);
            else
                g[i] = -((2.0 * e) / (double) size);
        }
        /* backward, from the weights before the update */
        for (int l = L; l >= 1; l--) {
            const size_t n = sz[l];
            for (size_t i = 0; i < m * n; i++) {
                const double slope = (1.0 - a[l][i]) * a[l][i];
                g[i] = g[i] * slope;
            }
            tn_crossprod(a[l - 1], g, gw[l], sz[l - 1], m, n);
            tn_colsum(g, gb[l], m, n);
            if (l > 1) {
                tn_tcrossprod(g, w[l], g2, m, n, sz[l - 1]);
                double *swap = g;
                g = g2;
                g2 = swap;
            }
        }
        /* the update: p = p - g * lr */
        for (int l = 1; l <= L; l++) {
            for (size_t i = 0; i < sz[l - 1] * sz[l]; i++) {
                const double step = gw[l][i] * t->lr;
                w[l][i] = w[l][i] - step;
            }
            if (t->bias)
                for (size_t q = 0; q < sz[l]; q++) {
                    const double step = gb[l][q] * t->lr;
                    b[l][q] = b[l][q] - step;
                }
        }
    }
    size_t at = t->epochs;
    for (int l = 1; l <= L; l++) {
        memcpy(r.values + at, w[l], sz[l - 1] * sz[l] * sizeof(double));
        at += sz[l - 1] * sz[l];
        if (t->bias) {
            memcpy(r.values + at, b[l], sz[l] * sizeof(double));
            at += sz[l];
        }
        free(w[l]);
        free(b[l]);
        free(a[l]);
        free(gw[l]);
        free(gb[l]);
    }
    free(g);
    free(g2);
    free(sq);
    return r;
}

/* train each net with 1 and with 2 threads; fail if they differ */
static trained train_checked(const net *t)
{
    tn_set_threads(1);
    trained one = train(t);
    tn_set_threads(2);
    trained two = train(t);
    tn_set_threads(1);
    if (!same(one.values, two.values, one.count)) {
        char what[128];
        snprintf(what, sizeof what, "net %s: 2 threads differ from 1", t->name);
        fail(what);
    }
    free(two.values);
    return one;
}

static void group_nets(const char *path, int print_values)
{
    int count;
    net *nets = read_nets(path, &count);
    for (int i = 0; i < count; i++) {
        trained r = train_checked(&nets[i]);
        if (print_values) {
            printf("net %s %zu %zu\n", nets[i].name, nets[i].epochs, r.count);
            for (size_t v = 0; v < r.count; v++) printf("%016" PRIx64 "\n", bits_of(r.values[v]));
        } else {
            char group[96];
            digest d;
            digest_start(&d);
            digest_add(&d, r.values, r.count);
            snprintf(group, sizeof group, "net %s", nets[i].name);
            digest_print(group, &d);
        }
        free(r.values);
        free(nets[i].x);
        free(nets[i].y);
        for (int l = 1; l <= nets[i].layers; l++) {
            free(nets[i].w[l]);
            free(nets[i].b[l]);
        }
    }
    free(nets);
}

/* ---- the elementary functions on standard input ---------------------------- */

static int run_function(array_fn f)
{
    static double x[CHUNK];
    static double y[CHUNK];
    char line[64];
    size_t n = 0;
    for (;;) {
        int more = fgets(line, sizeof line, stdin) != NULL;
        if (more) x[n++] = from_bits((uint64_t) strtoull(line, NULL, 16));
        if (n == CHUNK || (!more && n > 0)) {
            f(x, y, n);
            for (size_t i = 0; i < n; i++) printf("%016" PRIx64 "\n", bits_of(y[i]));
            n = 0;
        }
        if (!more) break;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *usage = "usage: core_driver exp|log|log1p|tanh < inputs.hex\n"
                        "       core_driver suite [NETS]\n"
                        "       core_driver epochs NETS\n";
    if (argc == 2 && strcmp(argv[1], "exp") == 0) return run_function(tn_exp_array);
    if (argc == 2 && strcmp(argv[1], "log") == 0) return run_function(tn_log_array);
    if (argc == 2 && strcmp(argv[1], "log1p") == 0) return run_function(tn_log1p_array);
    if (argc == 2 && strcmp(argv[1], "tanh") == 0) return run_function(tn_tanh_array);
    if ((argc == 2 || argc == 3) && strcmp(argv[1], "suite") == 0) {
        group_math();
        group_products();
        group_sums();
        if (argc == 3) group_nets(argv[2], 0);
    } else if (argc == 3 && strcmp(argv[1], "epochs") == 0) {
        group_nets(argv[2], 1);
    } else {
        fputs(usage, stderr);
        return 2;
    }
    if (failures) {
        fprintf(stderr, "core_driver: %d check(s) FAILED\n", failures);
        return 1;
    }
    return 0;
}
