/* twinnet's exact core: the elementary functions exp, log, log1p and tanh in
 * plain IEEE-754 binary64 arithmetic (+, -, *, / and integer operations on the
 * bits), with no call into the platform's libm, so that every platform and
 * compiler that rounds each operation to binary64 returns the same bits.
 *
 * exp, log and log1p are ports of fdlibm 5.3 as kept in FreeBSD's msun
 * (lib/msun/src/e_exp.c, e_log.c, s_log1p.c); their notice follows. The ports
 * keep the algorithms and constants; they change only the bit access (memcpy
 * to uint64_t), the special values (returned as fixed bit patterns, so no
 * result depends on a platform's default NaN or on raising flags) and drop
 * the x87-only STRICT_ASSIGN and volatile tricks (FLT_EVAL_METHOD must be 0).
 *
 * tanh is twinnet's own (fdlibm's s_tanh.c claims 2.5 ULP, more than the 1 ULP
 * twinnet asks): tanh(x) = t / (t + 2) with t = expm1(2|x|) computed in
 * double-double arithmetic (a table of 2^(j/32) to 106 bits, a degree-9
 * Taylor polynomial on |r| <= ln2/64, Dekker's exact product without FMA),
 * and the quotient taken in double-double too, rounded once at the end.
 *
 * Measured accuracy (python/benchmarks/core_accuracy.py, `make accuracy`,
 * against mpmath): see docs/parity.md, "The exact core's elementary functions".
 *
 * ====================================================
 * Copyright (C) 1993, 2004 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#pragma STDC FP_CONTRACT OFF

#include <stdint.h>
#include <string.h>

#include "tn_core.h"

/* ---- bits ---- */

static inline uint64_t tn_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double tn_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static inline uint32_t tn_high(double x) { return (uint32_t) (tn_bits(x) >> 32); }
static inline uint32_t tn_low(double x) { return (uint32_t) tn_bits(x); }

static inline double tn_with_high(double x, uint32_t hi)
{
    return tn_from_bits(((uint64_t) hi << 32) | (tn_bits(x) & 0xffffffffu));
}

static inline double tn_words(uint32_t hi, uint32_t lo)
{
    return tn_from_bits(((uint64_t) hi << 32) | lo);
}

#define TN_POS_INF tn_from_bits(0x7ff0000000000000u)
#define TN_NEG_INF tn_from_bits(0xfff0000000000000u)
/* the one NaN the core makes (from a non-NaN argument): positive, quiet */
#define TN_NAN tn_from_bits(0x7ff8000000000000u)

/* ---- exp: fdlibm e_exp.c ----
 * x = k*ln2 + r, |r| <= 0.5*ln2; exp(r) = 1 + r + r*R1(r)/(2 - R1(r)) with a
 * degree-5 rational-function remainder (error of the polynomial <= 2^-59);
 * exp(x) = 2^k * exp(r). fdlibm's error analysis: always less than 1 ulp. */

static const double
    exp_halF[2] = {0.5, -0.5},
    exp_o_threshold = 7.09782712893383973096e+02,  /* 0x40862E42, 0xFEFA39EF */
    exp_u_threshold = -7.45133219101941108420e+02, /* 0xc0874910, 0xD52D3051 */
    exp_ln2HI[2] = {6.93147180369123816490e-01,    /* 0x3fe62e42, 0xfee00000 */
                    -6.93147180369123816490e-01},  /* 0xbfe62e42, 0xfee00000 */
    exp_ln2LO[2] = {1.90821492927058770002e-10,    /* 0x3dea39ef, 0x35793c76 */
                    -1.90821492927058770002e-10},  /* 0xbdea39ef, 0x35793c76 */
    exp_invln2 = 1.44269504088896338700e+00,       /* 0x3ff71547, 0x652b82fe */
    exp_P1 = 1.66666666666666019037e-01,           /* 0x3FC55555, 0x5555553E */
    exp_P2 = -2.77777777770155933842e-03,          /* 0xBF66C16C, 0x16BEBD93 */
    exp_P3 = 6.61375632143793436117e-05,           /* 0x3F11566A, 0xAF25DE2C */
    exp_P4 = -1.65339022054652515390e-06,          /* 0xBEBBBD41, 0xC5D26BF1 */
    exp_P5 = 4.13813679705723846039e-08,           /* 0x3E663769, 0x72BEA4D0 */
    exp_twom1000 = 9.33263618503218878990e-302;    /* 2**-1000=0x01700000,0 */

double tn_exp(double x)
{
    double y, hi = 0.0, lo = 0.0, c, t, twopk;
    int32_t k = 0, xsb;
    uint32_t hx;

    hx = tn_high(x);
    xsb = (int32_t) ((hx >> 31) & 1); /* sign bit of x */
    hx &= 0x7fffffff;                 /* high word of |x| */

    /* filter out non-finite argument */
    if (hx >= 0x40862E42) { /* if |x|>=709.78... */
        if (hx >= 0x7ff00000) {
            if (((hx & 0xfffff) | tn_low(x)) != 0) return x; /* NaN: the same NaN */
            return (xsb == 0) ? x : 0.0;                   /* exp(+-inf)={inf,0} */
        }
        if (x > exp_o_threshold) return TN_POS_INF; /* overflow */
        if (x < exp_u_threshold) return 0.0;        /* underflow */
    }

    /* argument reduction */
    if (hx > 0x3fd62e42) {     /* if  |x| > 0.5 ln2 */
        if (hx < 0x3FF0A2B2) { /* and |x| < 1.5 ln2 */
            hi = x - exp_ln2HI[xsb];
            lo = exp_ln2LO[xsb];
            k = 1 - xsb - xsb;
        } else {
            k = (int32_t) (exp_invln2 * x + exp_halF[xsb]);
            t = k;
            hi = x - t * exp_ln2HI[0]; /* t*ln2HI is exact here */
            lo = t * exp_ln2LO[0];
        }
        x = hi - lo;
    } else if (hx < 0x3e300000) { /* when |x|<2**-28 */
        return 1.0 + x;
    } else {
        k = 0;
    }

    /* x is now in primary range */
    t = x * x;
    if (k >= -1021)
        twopk = tn_words(0x3ff00000u + ((uint32_t) k << 20), 0);
    else
        twopk = tn_words(0x3ff00000u + ((uint32_t) (k + 1000) << 20), 0);
    c = x - t * (exp_P1 + t * (exp_P2 + t * (exp_P3 + t * (exp_P4 + t * exp_P5))));
    if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    if (k >= -1021) {
        if (k == 1024) return y * 2.0 * 0x1p1023;
        return y * twopk;
    }
    return y * twopk * exp_twom1000; /* one rounding into the subnormals */
}

/* ---- log: fdlibm e_log.c ----
 * x = 2^k * (1+f), sqrt(2)/2 < 1+f < sqrt(2); s = f/(2+f),
 * log(1+f) = 2s + s*R(s*s) with a degree-14 polynomial (error <= 2^-58.45);
 * log(x) = k*ln2_hi + (f - (hfsq - (s*(hfsq+R) + k*ln2_lo))).
 * fdlibm's error analysis: always less than 1 ulp. */

static const double
    log_ln2_hi = 6.93147180369123816490e-01, /* 3fe62e42 fee00000 */
    log_ln2_lo = 1.90821492927058770002e-10, /* 3dea39ef 35793c76 */
    log_two54 = 1.80143985094819840000e+16,  /* 43500000 00000000 */
    Lg1 = 6.666666666666735130e-01,          /* 3FE55555 55555593 */
    Lg2 = 3.999999999940941908e-01,          /* 3FD99999 9997FA04 */
    Lg3 = 2.857142874366239149e-01,          /* 3FD24924 94229359 */
    Lg4 = 2.222219843214978396e-01,          /* 3FCC71C5 1D8E78AF */
    Lg5 = 1.818357216161805012e-01,          /* 3FC74664 96CB03DE */
    Lg6 = 1.531383769920937332e-01,          /* 3FC39A09 D078C69F */
    Lg7 = 1.479819860511658591e-01;          /* 3FC2F112 DF3E5244 */

double tn_log(double x)
{
    double hfsq, f, s, z, R, w, t1, t2, dk;
    int32_t k, hx, i, j;
    uint32_t lx;

    hx = (int32_t) tn_high(x);
    lx = tn_low(x);

    k = 0;
    if (hx < 0x00100000) { /* x < 2**-1022  */
        if (((hx & 0x7fffffff) | lx) == 0) return TN_NEG_INF; /* log(+-0)=-inf */
        if (hx < 0) {
            if ((hx & 0x7fffffff) >= 0x7ff00000 && ((hx & 0xfffff) | lx) != 0)
                return x; /* a NaN with the sign bit: the same NaN */
            return TN_NAN; /* log(-#) = NaN */
        }
        k -= 54;
        x *= log_two54; /* subnormal number, scale up x */
        hx = (int32_t) tn_high(x);
    }
    if (hx >= 0x7ff00000) return x; /* +inf, or a NaN: itself */
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    i = (hx + 0x95f64) & 0x100000;
    x = tn_with_high(x, (uint32_t) (hx | (i ^ 0x3ff00000))); /* normalize x or x/2 */
    k += (i >> 20);
    f = x - 1.0;
    if ((0x000fffff & (2 + hx)) < 3) { /* -2**-20 <= f < 2**-20 */
        if (f == 0.0) {
            if (k == 0) return 0.0;
            dk = (double) k;
            return dk * log_ln2_hi + dk * log_ln2_lo;
        }
        R = f * f * (0.5 - 0.33333333333333333 * f);
        if (k == 0) return f - R;
        dk = (double) k;
        return dk * log_ln2_hi - ((R - dk * log_ln2_lo) - f);
    }
    s = f / (2.0 + f);
    dk = (double) k;
    z = s * s;
    i = hx - 0x6147a;
    w = z * z;
    j = 0x6b851 - hx;
    t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    R = t2 + t1;
    if (i > 0) {
        hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + R));
        return dk * log_ln2_hi - ((hfsq - (s * (hfsq + R) + dk * log_ln2_lo)) - f);
    }
    if (k == 0) return f - s * (f - R);
    return dk * log_ln2_hi - ((s * (f - R) - dk * log_ln2_lo) - f);
}

/* ---- log1p: fdlibm s_log1p.c ----
 * 1+x = 2^k * (1+f) with a correction term c/u for the rounding of u = 1+x,
 * then log1p(f) as in log. fdlibm's error analysis: less than 1 ulp. */

static const double
    Lp1 = 6.666666666666735130e-01, /* 3FE55555 55555593 */
    Lp2 = 3.999999999940941908e-01, /* 3FD99999 9997FA04 */
    Lp3 = 2.857142874366239149e-01, /* 3FD24924 94229359 */
    Lp4 = 2.222219843214978396e-01, /* 3FCC71C5 1D8E78AF */
    Lp5 = 1.818357216161805012e-01, /* 3FC74664 96CB03DE */
    Lp6 = 1.531383769920937332e-01, /* 3FC39A09 D078C69F */
    Lp7 = 1.479819860511658591e-01; /* 3FC2F112 DF3E5244 */

double tn_log1p(double x)
{
    double hfsq, f = 0.0, c = 0.0, s, z, R, u;
    int32_t k, hx, hu = 0, ax;

    hx = (int32_t) tn_high(x);
    ax = hx & 0x7fffffff;

    if (ax >= 0x7ff00000 && ((ax & 0xfffff) | tn_low(x)) != 0) return x; /* NaN: itself */

    k = 1;
    if (hx < 0x3FDA827A) {       /* 1+x < sqrt(2)+ */
        if (ax >= 0x3ff00000) {  /* x <= -1.0 */
            if (x == -1.0) return TN_NEG_INF; /* log1p(-1)=-inf */
            return TN_NAN;                    /* log1p(x<-1)=NaN */
        }
        if (ax < 0x3e200000) {   /* |x| < 2**-29 */
            if (ax < 0x3c900000) /* |x| < 2**-54 */
                return x;
            return x - x * x * 0.5;
        }
        if (hx > 0 || hx <= ((int32_t) 0xbfd2bec4)) {
            k = 0;
            f = x;
            hu = 1;
        } /* sqrt(2)/2- <= 1+x < sqrt(2)+ */
    }
    if (hx >= 0x7ff00000) return x; /* +inf */
    if (k != 0) {
        if (hx < 0x43400000) {
            u = 1.0 + x;
            hu = (int32_t) tn_high(u);
            k = (hu >> 20) - 1023;
            c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0); /* correction term */
            c /= u;
        } else {
            u = x;
            hu = (int32_t) tn_high(u);
            k = (hu >> 20) - 1023;
            c = 0;
        }
        hu &= 0x000fffff;
        /* The approximation to sqrt(2) used in thresholds is not critical.
         * However, the ones used above must give less strict bounds than the
         * one here so that the k==0 case is never reached from here, since
         * here we have committed to using the correction term but don't use
         * it if k==0. (fdlibm) */
        if (hu < 0x6a09e) { /* u ~< sqrt(2) */
            u = tn_with_high(u, (uint32_t) (hu | 0x3ff00000)); /* normalize u */
        } else {
            k += 1;
            u = tn_with_high(u, (uint32_t) (hu | 0x3fe00000)); /* normalize u/2 */
            hu = (0x00100000 - hu) >> 2;
        }
        f = u - 1.0;
    }
    hfsq = 0.5 * f * f;
    if (hu == 0) { /* |f| < 2**-20 */
        if (f == 0.0) {
            if (k == 0) return 0.0;
            c += k * log_ln2_lo;
            return k * log_ln2_hi + c;
        }
        R = hfsq * (1.0 - 0.66666666666666666 * f);
        if (k == 0) return f - R;
        return k * log_ln2_hi - ((R - (k * log_ln2_lo + c)) - f);
    }
    s = f / (2.0 + f);
    z = s * s;
    R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return k * log_ln2_hi - ((hfsq - (s * (hfsq + R) + (k * log_ln2_lo + c))) - f);
}

/* ---- tanh: twinnet's, in double-double ----
 * Double-double: a value a_hi + a_lo with |a_lo| <= ulp(a_hi)/2. The exact
 * sum and product of two doubles (Knuth's TwoSum, Dekker's split and product,
 * T. J. Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971) need no FMA, only rounded +, -, *. */

static inline void tn_two_sum(double a, double b, double *s, double *e)
{
    double sum = a + b;
    double bb = sum - a;
    *e = (a - (sum - bb)) + (b - bb);
    *s = sum;
}

static inline void tn_fast_two_sum(double a, double b, double *s, double *e) /* |a| >= |b| */
{
    double sum = a + b;
    *e = b - (sum - a);
    *s = sum;
}

static inline void tn_split(double a, double *hi, double *lo)
{
    double c = 134217729.0 * a; /* 2^27 + 1 */
    double h = c - (c - a);
    *hi = h;
    *lo = a - h;
}

static inline void tn_two_prod(double a, double b, double *p, double *e)
{
    double ah, al, bh, bl, prod = a * b;
    tn_split(a, &ah, &al);
    tn_split(b, &bh, &bl);
    *e = ((ah * bh - prod) + ah * bl + al * bh) + al * bl;
    *p = prod;
}

/* 2^(j/32) = tanh_T[j][0] + tanh_T[j][1] to 106 bits (mpmath, 300 bits) */
static const double tanh_T[32][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};

static const double
    tanh_invL = 0x1.71547652b82fep+5, /* 32/ln2 */
    tanh_L1 = 0x1.62e42fefa3800p-6,   /* ln2/32, top 42 bits: k*L1 exact for k < 2^11 */
    tanh_L2 = 0x1.ef35793c76730p-50;  /* ln2/32 - L1, rounded */

/* expm1(y) for 2^-27 <= y <= 44 as a double-double, relative error below
 * about 2^-63: y = k*ln2/32 + r, |r| <= ln2/64 (plus rounding of k);
 * e^y - 1 = 2^(k>>5) * 2^((k&31)/32) * (1 + p) - 1, p = e^r - 1 by its Taylor
 * series to r^9/9! (truncation below 2^-80 relative), the first two terms
 * exact in double-double. */
static void tn_expm1_dd(double y, double *hi, double *lo)
{
    int32_t k = (int32_t) (y * tanh_invL + 0.5);
    double dk = (double) k;
    double rh, rl, sh, sl, ph, pl, q;

    /* r = y - k*L1 - k*L2: y - k*L1 exact (k*L1 exact, Sterbenz for k >= 1) */
    tn_two_sum(y - dk * tanh_L1, -(dk * tanh_L2), &rh, &rl);

    /* p = rh + rh^2/2 + (rl + rh*rl + rh^3*(1/6 + rh/24 + ... + rh^6/9!)) */
    tn_two_prod(rh, rh, &sh, &sl);
    sh *= 0.5;
    sl *= 0.5;
    q = 1.0 / 6.0 + rh * (1.0 / 24.0 + rh * (1.0 / 120.0 + rh * (1.0 / 720.0 +
        rh * (1.0 / 5040.0 + rh * (1.0 / 40320.0 + rh * (1.0 / 362880.0))))));
    tn_two_sum(rh, sh, &ph, &pl);
    pl = pl + (sl + (rl + (rh * rl + ((rh * sh) * 2.0) * q)));
    tn_fast_two_sum(ph, pl, &ph, &pl);
    if (k == 0) {
        *hi = ph;
        *lo = pl;
        return;
    }
    {
        /* F = T * (1 + p) = Th + Tl + Th*ph + (Th*pl + Tl*ph) */
        const double th = tanh_T[k & 31][0], tl = tanh_T[k & 31][1];
        double p1, p2, f1, f2, scale, u1, u2;
        tn_two_prod(th, ph, &p1, &p2);
        tn_fast_two_sum(th, p1, &f1, &f2);
        f2 = f2 + (p2 + (tl + (th * pl + tl * ph)));
        tn_fast_two_sum(f1, f2, &f1, &f2);
        /* times 2^(k>>5), exact; then minus 1 */
        scale = tn_words(0x3ff00000u + ((uint32_t) (k >> 5) << 20), 0);
        f1 *= scale;
        f2 *= scale;
        tn_two_sum(f1, -1.0, &u1, &u2);
        u2 = u2 + f2;
        tn_fast_two_sum(u1, u2, hi, lo);
    }
}

double tn_tanh(double x)
{
    uint64_t ux = tn_bits(x);
    uint64_t ax = ux & 0x7fffffffffffffffu;
    double t1, t2, d1, d2, q1, p1, p2, rem, r;

    if (ax > 0x7ff0000000000000u) return x;  /* NaN: itself */
    if (ax >= 0x4036000000000000u)           /* |x| >= 22 (and +-inf): 1 - tanh < 2^-62 */
        return (ux >> 63) ? -1.0 : 1.0;
    if (ax < 0x3e40000000000000u) return x;  /* |x| < 2^-27: x^3/3 < x * 2^-55.5 */

    /* t = expm1(2|x|) (2|x| is exact), tanh|x| = t / (t + 2) */
    tn_expm1_dd(2.0 * tn_from_bits(ax), &t1, &t2);
    tn_two_sum(t1, 2.0, &d1, &d2);
    d2 = d2 + t2;
    tn_fast_two_sum(d1, d2, &d1, &d2);
    q1 = t1 / d1;
    tn_two_prod(q1, d1, &p1, &p2);
    rem = (((t1 - p1) - p2) + t2) - q1 * d2; /* t1 - p1 exact (Sterbenz) */
    r = q1 + rem / d1;
    return (ux >> 63) ? -r : r;
}

/* ---- arrays: y[i] = f(x[i]); y may be x ---- */

void tn_exp_array(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = tn_exp(x[i]);
}

void tn_log_array(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = tn_log(x[i]);
}

void tn_log1p_array(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = tn_log1p(x[i]);
}

void tn_tanh_array(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = tn_tanh(x[i]);
}
