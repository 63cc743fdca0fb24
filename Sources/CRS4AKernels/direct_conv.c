// Direct (im2col-free) convolution for layers with few channels, where im2col + GEMM spends
// most of its time copying and packing instead of multiplying (LeNet: GEMMs with 6 or 16 rows
// and 25 or 150 columns of depth). The kernels themselves are in direct_conv_body.h, compiled
// here once for AVX-512 and once for AVX2 + FMA; the CPU picks one at run time.
#include "rs4a_kernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/// Where the pieces of one call live (sizes in floats), fixed by the shape and the vector width.
typedef struct {
    int hp, wp;            // padded image plane: rows, row pitch
    int pitch;             // spatial strategy: tile row pitch (conv_w rounded up to 2 vectors)
    int conv_h, conv_w;    // convolution output extents
    int out_h, out_w;      // stored output extents (halved by the pool)
    size_t padded_count;   // floats of the padded image (all channels)
    int channel_strategy;  // 1: vectors across output channels; 0: along output rows
    int pixels_per_block;  // channel strategy: pixels of one register block
} conv_layout;

/// Output channels per register block of the spatial strategy, pixels per block of the channel
/// strategy: accumulators plus operands fit the 32 zmm (AVX-512) or 16 ymm (AVX2) registers.
enum { CBMAX_AVX512 = 8, CBMAX_AVX2 = 6, PMAX_ANY = 12 };

static pthread_once_t width_once = PTHREAD_ONCE_INIT;
static int width = 0;

static void choose_width(void) {
    const char *isa = getenv("RS4A_DIRECT_CONV_ISA");
    int cap = 16;
    if (isa && strcasecmp(isa, "avx2") == 0) cap = 8;
    else if (isa && strcasecmp(isa, "none") == 0) cap = 0;
    else if (isa && strcasecmp(isa, "avx512") != 0 && isa[0] != '\0')
        fprintf(stderr, "rs4a: ignoring RS4A_DIRECT_CONV_ISA=%s (expected avx512, avx2 or none)\n", isa);
    if (cap >= 16 && rs4a_cpu_has_avx512()) width = 16;
    else if (cap >= 8 && rs4a_cpu_has_avx2_fma()) width = 8;
    else width = 0;
}

int rs4a_direct_conv_vector_width(void) {
    pthread_once(&width_once, choose_width);
    return width;
}

static int round_up(int x, int m) { return (x + m - 1) / m * m; }

/// The layout of `s` for vector width v, or 0 if the shape is invalid.
static int layout(const rs4a_direct_conv_shape *s, int pool, int v, conv_layout *g) {
    if (s->channels < 1 || s->batch < 0 || s->height < 1 || s->width < 1 || s->out_channels < 1 ||
        s->kernel_h < 1 || s->kernel_w < 1 || s->padding < 0 || v < 1) return 0;
    g->conv_h = s->height + 2 * s->padding - s->kernel_h + 1;
    g->conv_w = s->width + 2 * s->padding - s->kernel_w + 1;
    if (g->conv_h < 1 || g->conv_w < 1) return 0;
    if (pool && (g->conv_h % 2 != 0 || g->conv_w % 2 != 0)) return 0;
    g->out_h = pool ? g->conv_h / 2 : g->conv_h;
    g->out_w = pool ? g->conv_w / 2 : g->conv_w;
    g->hp = s->height + 2 * s->padding;
    g->pitch = round_up(g->conv_w, 2 * v);
    g->wp = g->pitch + s->kernel_w - 1;  // covers the spatial strategy's overrun past conv_w
    g->padded_count = (size_t)s->channels * g->hp * g->wp;
    // Lane utilisation: output channels over whole vectors, or row pixels over whole 2-vector blocks.
    const double channel_use = (double)s->out_channels / round_up(s->out_channels, v);
    const double spatial_use = (double)g->conv_w / g->pitch;
    g->channel_strategy = channel_use >= spatial_use;
    const int blocks = (g->conv_w + PMAX_ANY - 1) / PMAX_ANY;
    g->pixels_per_block = (g->conv_w + blocks - 1) / blocks;
    return 1;
}

/// Zeroes the whole padded image once per call (simpler than its borders alone, and small next to
/// the convolution); copy_interior then overwrites only the interior, image after image.
static void clear_padded(float *padded, const conv_layout *g) {
    memset(padded, 0, g->padded_count * sizeof(float));
}

/// Copies image n's planes into the interior of the padded image.
static void copy_interior(const float *input, int n, const rs4a_direct_conv_shape *s, const conv_layout *g,
                          float *padded) {
    for (int c = 0; c < s->channels; c++) {
        const float *src = input + ((size_t)c * s->batch + n) * s->height * s->width;
        float *dst = padded + ((size_t)c * g->hp + s->padding) * g->wp + s->padding;
        for (int y = 0; y < s->height; y++) memcpy(dst + (size_t)y * g->wp, src + (size_t)y * s->width, s->width * sizeof(float));
    }
}

#define V 16
#define CBMAX CBMAX_AVX512
#define PMAX PMAX_ANY
#define SUFFIX(name) name##_avx512
#define EVEN_LANES 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define ODD_LANES 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
#define SPATIAL_CASES SPATIAL_CASE(1) SPATIAL_CASE(2) SPATIAL_CASE(3) SPATIAL_CASE(4) SPATIAL_CASE(5) \
    SPATIAL_CASE(6) SPATIAL_CASE(7) SPATIAL_CASE(8)
#define CHANNEL_CASES CHANNEL_CASE(1) CHANNEL_CASE(2) CHANNEL_CASE(3) CHANNEL_CASE(4) CHANNEL_CASE(5) \
    CHANNEL_CASE(6) CHANNEL_CASE(7) CHANNEL_CASE(8) CHANNEL_CASE(9) CHANNEL_CASE(10) CHANNEL_CASE(11) CHANNEL_CASE(12)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma"))), apply_to = function)
#include "direct_conv_body.h"
#pragma clang attribute pop
#undef V
#undef CBMAX
#undef SUFFIX
#undef SPATIAL_CASES
#undef EVEN_LANES
#undef ODD_LANES

#define V 8
#define CBMAX CBMAX_AVX2
#define SUFFIX(name) name##_avx2
#define EVEN_LANES 0, 2, 4, 6, 8, 10, 12, 14
#define ODD_LANES 1, 3, 5, 7, 9, 11, 13, 15
#define SPATIAL_CASES SPATIAL_CASE(1) SPATIAL_CASE(2) SPATIAL_CASE(3) SPATIAL_CASE(4) SPATIAL_CASE(5) SPATIAL_CASE(6)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#include "direct_conv_body.h"
#pragma clang attribute pop
#undef V
#undef CBMAX
#undef PMAX
#undef SUFFIX

size_t rs4a_direct_conv_packed_count(int out_channels, int channels, int kernel_h, int kernel_w) {
    const int v = rs4a_direct_conv_vector_width();
    if (v == 0 || out_channels < 1 || channels < 1 || kernel_h < 1 || kernel_w < 1) return 0;
    return (size_t)round_up(out_channels, v) * channels * kernel_h * kernel_w;
}

void rs4a_direct_conv_pack(const float *weight, int out_channels, int channels, int kernel_h, int kernel_w,
                           float *packed) {
    const int v = rs4a_direct_conv_vector_width();
    if (v == 0) return;
    const size_t taps = (size_t)channels * kernel_h * kernel_w;
    for (int b = 0; b * v < out_channels; b++) {
        for (size_t t = 0; t < taps; t++) {
            for (int l = 0; l < v; l++) {
                const int co = b * v + l;
                packed[((size_t)b * taps + t) * v + l] = co < out_channels ? weight[(size_t)co * taps + t] : 0.0f;
            }
        }
    }
}

size_t rs4a_direct_conv_scratch_count(const rs4a_direct_conv_shape *shape, int pool) {
    const int v = rs4a_direct_conv_vector_width();
    conv_layout g;
    if (v == 0 || !layout(shape, pool, v, &g)) return 0;
    const size_t spatial_tile = (size_t)(v == 16 ? CBMAX_AVX512 : CBMAX_AVX2) * 2 * g.pitch;
    const size_t channel_tile = (size_t)2 * g.conv_w * v;
    return g.padded_count + (spatial_tile > channel_tile ? spatial_tile : channel_tile);
}

int rs4a_direct_conv(const rs4a_direct_conv_shape *shape, const float *input, const float *weight,
                     const float *packed, const float *bias, int relu, int pool, float *output, float *scratch) {
    const int v = rs4a_direct_conv_vector_width();
    conv_layout g;
    if (v == 0 || !layout(shape, pool, v, &g)) return -1;
    if (v == 16) {
        direct_conv_avx512(shape, &g, input, weight, packed, bias, relu, pool, output, scratch);
    } else {
        direct_conv_avx2(shape, &g, input, weight, packed, bias, relu, pool, output, scratch);
    }
    return 0;
}
