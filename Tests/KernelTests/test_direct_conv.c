// The direct convolution kernels (Sources/CRS4AKernels) against a double-precision reference on
// many shapes: both strategies, several output-channel blocks with a partial last one, every
// pixel-block width, padding 0–3, non-square kernels, odd maps, batches, bias/ReLU/pool on and
// off, NaN propagation (also in each position of a pool window), and guard elements after every buffer. `make test-c` runs it once with
// the CPU's widest kernels and once with RS4A_DIRECT_CONV_ISA=avx2.
//
// Tolerance: every output is a sum of `depth` products plus a bias, accumulated in Float32 with
// fused multiply-adds, so its error is at most γ(depth + 1)·(Σ|w·x| + |b|) with
// γ(n) = n·u / (1 − n·u), u = 2⁻²⁴ (the standard bound for recursive summation). Max-pool and
// ReLU are 1-Lipschitz, so the bound of a pooled output is the largest of its window. A wrong
// offset, channel or weight gives errors of the size of the values themselves.
#include "rs4a_kernels.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0, cases = 0;
static uint64_t rng = 0x853c49e6748fea9bULL;

static double uniform(void) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0;
}

#define GUARD 64
static const float sentinel = 12345.678f;

static float *guarded(size_t count) {
    float *p = malloc((count + GUARD) * sizeof(float));
    if (!p) { perror("malloc"); exit(2); }
    for (size_t i = 0; i < GUARD; i++) p[count + i] = sentinel;
    return p;
}

static int guards_intact(const float *p, size_t count) {
    for (size_t i = 0; i < GUARD; i++) if (p[count + i] != sentinel) return 0;
    return 1;
}

/// Reference convolution at one output position: value and Σ|terms|.
static void reference(const rs4a_direct_conv_shape *s, const float *x, const float *w, const float *bias, int co,
                      int n, int y, int xx, double *value, double *magnitude) {
    double sum = bias ? bias[co] : 0, mag = bias ? fabs(bias[co]) : 0;
    for (int c = 0; c < s->channels; c++)
        for (int ky = 0; ky < s->kernel_h; ky++)
            for (int kx = 0; kx < s->kernel_w; kx++) {
                int iy = y + ky - s->padding, ix = xx + kx - s->padding;
                if (iy < 0 || ix < 0 || iy >= s->height || ix >= s->width) continue;
                double t = (double)w[((co * s->channels + c) * s->kernel_h + ky) * s->kernel_w + kx] *
                           x[((c * s->batch + n) * s->height + iy) * s->width + ix];
                sum += t;
                mag += fabs(t);
            }
    *value = sum;
    *magnitude = mag;
}

static double pick(double a, double b) { return (b > a || b != b) ? b : a; }

/// One shape; `nan_at` ≥ 0 poisons that input element.
static void run_case(rs4a_direct_conv_shape s, int with_bias, int relu, int pool, long nan_at) {
    cases++;
    const int ho = s.height + 2 * s.padding - s.kernel_h + 1, wo = s.width + 2 * s.padding - s.kernel_w + 1;
    const int oh = pool ? ho / 2 : ho, ow = pool ? wo / 2 : wo;
    const size_t in_count = (size_t)s.channels * s.batch * s.height * s.width;
    const size_t w_count = (size_t)s.out_channels * s.channels * s.kernel_h * s.kernel_w;
    const size_t out_count = (size_t)s.out_channels * s.batch * oh * ow;
    float *x = guarded(in_count), *w = guarded(w_count), *b = guarded(s.out_channels);
    for (size_t i = 0; i < in_count; i++) x[i] = (float)(uniform() * 2 - 0.7);
    if (nan_at >= 0) x[nan_at] = NAN;
    for (size_t i = 0; i < w_count; i++) w[i] = (float)(uniform() - 0.5);
    for (int i = 0; i < s.out_channels; i++) b[i] = (float)(uniform() - 0.5);
    const size_t packed_count = rs4a_direct_conv_packed_count(s.out_channels, s.channels, s.kernel_h, s.kernel_w);
    const size_t scratch_count = rs4a_direct_conv_scratch_count(&s, pool);
    float *packed = guarded(packed_count), *scratch = guarded(scratch_count), *out = guarded(out_count);
    rs4a_direct_conv_pack(w, s.out_channels, s.channels, s.kernel_h, s.kernel_w, packed);
    for (size_t i = 0; i < out_count; i++) out[i] = sentinel;
    const float *bias = with_bias ? b : NULL;
    char label[200];
    snprintf(label, sizeof label, "cin %d cout %d batch %d %dx%d kernel %dx%d pad %d bias %d relu %d pool %d nan %ld",
             s.channels, s.out_channels, s.batch, s.height, s.width, s.kernel_h, s.kernel_w, s.padding, with_bias,
             relu, pool, nan_at);
    int status = rs4a_direct_conv(&s, x, w, packed, bias, relu, pool, out, scratch);
    if (status != 0) {
        printf("FAIL %s: status %d\n", label, status);
        failures++;
        goto done;
    }
    if (!guards_intact(out, out_count) || !guards_intact(scratch, scratch_count) || !guards_intact(packed, packed_count)) {
        printf("FAIL %s: wrote past a buffer\n", label);
        failures++;
    }
    const double gamma = (s.channels * s.kernel_h * s.kernel_w + 1) * 0x1p-24 /
                         (1 - (s.channels * s.kernel_h * s.kernel_w + 1) * 0x1p-24);
    int bad = 0;
    double worst = 0;
    for (int co = 0; co < s.out_channels; co++)
        for (int n = 0; n < s.batch; n++)
            for (int y = 0; y < oh; y++)
                for (int xx = 0; xx < ow; xx++) {
                    double value, bound = 0;
                    if (pool) {
                        double v[4], m[4];
                        for (int k = 0; k < 4; k++) {
                            reference(&s, x, w, NULL, co, n, 2 * y + k / 2, 2 * xx + k % 2, &v[k], &m[k]);
                            if (m[k] > bound) bound = m[k];
                        }
                        value = pick(pick(v[0], v[1]), pick(v[2], v[3]));
                        if (bias) { value += bias[co]; bound += fabs(bias[co]); }
                    } else {
                        reference(&s, x, w, bias, co, n, y, xx, &value, &bound);
                    }
                    if (relu && value <= 0) value = 0;
                    const float got = out[(((size_t)co * s.batch + n) * oh + y) * ow + xx];
                    if (isnan(value) || isnan(got)) {
                        if (isnan(value) != isnan(got)) bad++;
                        continue;
                    }
                    const double err = fabs(got - value), tol = gamma * bound + 1e-37;
                    if (err > tol) bad++;
                    if (bound > 0 && err / bound > worst) worst = err / bound;
                    if (relu && got < 0) bad++;
                }
    if (bad) {
        printf("FAIL %s: %d of %zu outputs outside the bound (worst error %.3g of Σ|terms|)\n", label, bad, out_count, worst);
        failures++;
    }
done:
    free(x); free(w); free(b); free(packed); free(scratch); free(out);
}

int main(void) {
    const int v = rs4a_direct_conv_vector_width();
    if (v == 0) {
        printf("test_direct_conv: skipped (this CPU has neither AVX2 + FMA nor AVX-512)\n");
        return 0;
    }
    const char *isa = getenv("RS4A_DIRECT_CONV_ISA");
    if (isa && strcmp(isa, "avx2") == 0 && v != 8) {
        printf("FAIL: RS4A_DIRECT_CONV_ISA=avx2 gave vector width %d\n", v);
        return 1;
    }
    // LeNet's layers first (MNIST and CIFAR sizes), then a sweep.
    run_case((rs4a_direct_conv_shape){1, 3, 28, 28, 6, 5, 5, 2}, 1, 1, 1, -1);
    run_case((rs4a_direct_conv_shape){6, 3, 14, 14, 16, 5, 5, 0}, 1, 1, 1, -1);
    run_case((rs4a_direct_conv_shape){3, 2, 32, 32, 6, 5, 5, 2}, 1, 1, 1, -1);
    run_case((rs4a_direct_conv_shape){3, 2, 32, 32, 16, 3, 3, 1}, 1, 0, 0, -1);  // a CIFAR input layer
    // A NaN in each of the four positions of a pool window, through 1×1 kernels (so it reaches one
    // convolution output only): the pool must return NaN whichever position holds it, on both
    // strategies (1 output channel: spatial; 16: channel).
    for (int cout = 1; cout <= 16; cout += 15)
        for (int position = 0; position < 4; position++)
            run_case((rs4a_direct_conv_shape){1, 2, 4, 6, cout, 1, 1, 0}, 1, position % 2, 1,
                     (1 * 4 + position / 2) * 6 + 2 + position % 2);  // image 1, pool window (0, 1)
    const int couts[] = {1, 5, 6, 7, 8, 9, 13, 16, 17, 24};
    const int sides[] = {1, 2, 3, 5, 8, 11, 14, 17, 26, 33, 40};
    for (int i = 0; i < 240; i++) {
        rs4a_direct_conv_shape s;
        s.channels = 1 + (int)(uniform() * 6);
        s.out_channels = couts[(int)(uniform() * 10)];
        s.batch = 1 + (int)(uniform() * 3);
        s.kernel_h = 1 + (int)(uniform() * 5);
        s.kernel_w = 1 + (int)(uniform() * 5);
        s.padding = (int)(uniform() * 4);
        s.height = sides[(int)(uniform() * 11)];
        s.width = sides[(int)(uniform() * 11)];
        const int ho = s.height + 2 * s.padding - s.kernel_h + 1, wo = s.width + 2 * s.padding - s.kernel_w + 1;
        if (ho < 1 || wo < 1) continue;
        const int poolable = ho % 2 == 0 && wo % 2 == 0;
        const int pool = poolable && uniform() < 0.6;
        const long in_count = (long)s.channels * s.batch * s.height * s.width;
        const long nan_at = uniform() < 0.15 ? (long)(uniform() * in_count) : -1;
        run_case(s, uniform() < 0.8, uniform() < 0.6, pool, nan_at);
        if (!poolable) {
            // Odd extents cannot be pooled: refused, nothing written.
            float out = sentinel, scratch[1];
            if (rs4a_direct_conv(&s, NULL, NULL, NULL, NULL, 0, 1, &out, scratch) != -1 || out != sentinel) {
                printf("FAIL: pooling a %dx%d map was not refused\n", ho, wo);
                failures++;
            }
        }
    }
    // Invalid shapes are refused.
    rs4a_direct_conv_shape empty = {1, 1, 2, 2, 1, 5, 5, 0};
    float dummy[4] = {0};
    if (rs4a_direct_conv(&empty, dummy, dummy, dummy, NULL, 0, 0, dummy, dummy) != -1) {
        printf("FAIL: a kernel larger than the padded map was not refused\n");
        failures++;
    }
    printf("test_direct_conv: vector width %d, %d cases, %d failures\n", v, cases, failures);
    return failures ? 1 : 0;
}
