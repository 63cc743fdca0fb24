// The direct convolution kernels, written once over GNU vector types of V floats and included by
// direct_conv.c once per instruction set (V = 16 under AVX-512, V = 8 under AVX2 + FMA) with
// every function compiled for that set. Expects V, CBMAX (output channels per spatial block),
// PMAX (pixels per channel block), EVEN_LANES / ODD_LANES (the indices 0, 2, …, 2V − 2 and
// 1, 3, …, 2V − 1) and SUFFIX(name) to be defined by the includer.
//
// Two register-blocked strategies, chosen per layer by rs4a_direct_conv from lane utilisation:
// - spatial (few output channels, e.g. LeNet's 1 → 6 layer): vectors run along an output row,
//   2 vectors × up to CBMAX output channels of accumulators, weights broadcast as scalars;
// - channel (output channels a multiple of V, e.g. LeNet's 6 → 16 layer): vectors run across V
//   output channels, up to PMAX pixels of one output row as accumulators, input pixels broadcast.
// Both read a zero-padded copy of the current image, so no tap needs a bounds check, and write a
// few output rows to a small tile from which the epilogue applies pooling, bias and ReLU while
// storing into the CNHW output. Products accumulate with fused multiply-adds.

typedef float SUFFIX(vf) __attribute__((vector_size(V * 4)));
typedef float SUFFIX(vfu) __attribute__((vector_size(V * 4), aligned(4)));
typedef int SUFFIX(vi) __attribute__((vector_size(V * 4)));
#define VF SUFFIX(vf)
#define VI SUFFIX(vi)
#define LOADU(p) (*(const SUFFIX(vfu) *)(p))
#define STOREU(p, v) (*(SUFFIX(vfu) *)(p) = (v))

/// Every lane = s. (Not {0} + s: adding +0 is no identity for −0, so the compiler would keep the add.)
static inline __attribute__((always_inline)) VF SUFFIX(splat)(float s) {
    VF v;
    for (int i = 0; i < V; i++) v[i] = s;
    return v;
}

/// max(a, b) lane-wise where a NaN in b wins, as in the scalar pick() (PyTorch's max-pool propagates NaN).
static inline __attribute__((always_inline)) VF SUFFIX(pick)(VF a, VF b) {
    VI m = (b > a) | (b != b);
    return (VF)(((VI)b & m) | ((VI)a & ~m));
}

/// ReLU as max(v, 0) in the im2col path: v ≤ 0 (including −0) becomes +0, NaN stays NaN.
static inline __attribute__((always_inline)) VF SUFFIX(relu)(VF v) {
    VF zero = {0};
    return (VF)((VI)v & ~(v <= zero));
}

/// One output row segment [x0, x0 + 2V) of CB output channels (spatial strategy): row `tile`
/// of channel j is written at tile + j·tile_stride.
static inline __attribute__((always_inline)) void SUFFIX(spatial_block)(
    const float *padded, int hp, int wp, int cin, int kh, int kw, const float *weight, int wstride, int y, int x0,
    float *tile, int tile_stride, const int CB) {
    VF acc[CBMAX][2];
    for (int j = 0; j < CB; j++) acc[j][0] = acc[j][1] = (VF){0};
    for (int c = 0; c < cin; c++) {
        for (int ky = 0; ky < kh; ky++) {
            const float *row = padded + ((size_t)c * hp + y + ky) * wp + x0;
            const float *wrow = weight + ((size_t)c * kh + ky) * kw;
            for (int kx = 0; kx < kw; kx++) {
                VF a0 = LOADU(row + kx), a1 = LOADU(row + kx + V);
                for (int j = 0; j < CB; j++) {
                    float s = wrow[(size_t)j * wstride + kx];
                    acc[j][0] = __builtin_elementwise_fma(a0, SUFFIX(splat)(s), acc[j][0]);
                    acc[j][1] = __builtin_elementwise_fma(a1, SUFFIX(splat)(s), acc[j][1]);
                }
            }
        }
    }
    for (int j = 0; j < CB; j++) {
        STOREU(tile + (size_t)j * tile_stride + x0, acc[j][0]);
        STOREU(tile + (size_t)j * tile_stride + x0 + V, acc[j][1]);
    }
}

/// P output pixels [x0, x0 + P) of row y for the V output channels of one packed block (channel
/// strategy), written to tile[(x0 + p)·V + lane].
static inline __attribute__((always_inline)) void SUFFIX(channel_block)(
    const float *padded, int hp, int wp, int cin, int kh, int kw, const float *packed, int y, int x0, float *tile,
    const int P) {
    VF acc[PMAX];
    for (int p = 0; p < P; p++) acc[p] = (VF){0};
    for (int c = 0; c < cin; c++) {
        for (int ky = 0; ky < kh; ky++) {
            const float *row = padded + ((size_t)c * hp + y + ky) * wp + x0;
            const float *wv = packed + ((size_t)c * kh + ky) * kw * V;
            for (int kx = 0; kx < kw; kx++) {
                VF w = LOADU(wv + (size_t)kx * V);
                for (int p = 0; p < P; p++) acc[p] = __builtin_elementwise_fma(w, SUFFIX(splat)(row[p + kx]), acc[p]);
            }
        }
    }
    for (int p = 0; p < P; p++) STOREU(tile + (size_t)(x0 + p) * V, acc[p]);
}

#define SPATIAL_CASE(CB) \
    case CB: SUFFIX(spatial_block)(padded, g->hp, g->wp, cin, kh, kw, w, wstride, y, x0, t, tile_stride, CB); break;
#define CHANNEL_CASE(P) \
    case P: SUFFIX(channel_block)(padded, g->hp, g->wp, cin, kh, kw, pw, y, x0, t, P); break;

/// The whole convolution for one instruction set (see rs4a_direct_conv; `g` from layout()).
static void SUFFIX(direct_conv)(const rs4a_direct_conv_shape *s, const conv_layout *g, const float *input,
                                const float *weight, const float *packed, const float *bias, int relu, int pool,
                                float *output, float *scratch) {
    const int cin = s->channels, batch = s->batch, cout = s->out_channels, kh = s->kernel_h, kw = s->kernel_w;
    const int rows = pool ? 2 : 1;  // conv rows per output row
    float *padded = scratch, *tile = scratch + g->padded_count;
    clear_padded(padded, g);
    for (int n = 0; n < batch; n++) {
        copy_interior(input, n, s, g, padded);
        if (g->channel_strategy) {
            const size_t block_stride = (size_t)cin * kh * kw * V;
            for (int b = 0; b * V < cout; b++) {
                const float *pw = packed + (size_t)b * block_stride;
                const int lanes = cout - b * V < V ? cout - b * V : V;
                float bias_lanes[V] = {0};
                for (int l = 0; l < lanes; l++) bias_lanes[l] = bias ? bias[b * V + l] : 0.0f;
                const VF bv = LOADU(bias_lanes);
                for (int oy = 0; oy < g->out_h; oy++) {
                    for (int r = 0; r < rows; r++) {
                        const int y = oy * rows + r;
                        float *t = tile + (size_t)r * g->conv_w * V;
                        for (int x0 = 0; x0 < g->conv_w; x0 += g->pixels_per_block) {
                            const int remaining = g->conv_w - x0;
                            switch (remaining < g->pixels_per_block ? remaining : g->pixels_per_block) {
                                CHANNEL_CASES
                            }
                        }
                    }
                    // Epilogue: pool (whole vectors: the tile holds V channels per pixel), bias, ReLU,
                    // then each lane to its channel's plane.
                    for (int ox = 0; ox < g->out_w; ox++) {
                        VF v;
                        if (pool) {
                            const float *t0 = tile + (size_t)2 * ox * V, *t1 = t0 + (size_t)g->conv_w * V;
                            v = SUFFIX(pick)(SUFFIX(pick)(LOADU(t0), LOADU(t0 + V)), SUFFIX(pick)(LOADU(t1), LOADU(t1 + V)));
                        } else {
                            v = LOADU(tile + (size_t)ox * V);
                        }
                        v = v + bv;
                        if (relu) v = SUFFIX(relu)(v);
                        float lane_values[V];
                        STOREU(lane_values, v);
                        for (int l = 0; l < lanes; l++) {
                            output[(((size_t)(b * V + l) * batch + n) * g->out_h + oy) * g->out_w + ox] = lane_values[l];
                        }
                    }
                }
            }
        } else {
            const int wstride = cin * kh * kw;
            const int tile_stride = rows * g->pitch;
            for (int co0 = 0; co0 < cout; co0 += CBMAX) {
                const int cb = cout - co0 < CBMAX ? cout - co0 : CBMAX;
                const float *w = weight + (size_t)co0 * wstride;
                for (int oy = 0; oy < g->out_h; oy++) {
                    for (int r = 0; r < rows; r++) {
                        const int y = oy * rows + r;
                        float *t = tile + (size_t)r * g->pitch;
                        for (int x0 = 0; x0 < g->pitch; x0 += 2 * V) {
                            switch (cb) {
                                SPATIAL_CASES
                            }
                        }
                    }
                    for (int j = 0; j < cb; j++) {
                        const int co = co0 + j;
                        const VF bv = SUFFIX(splat)(bias ? bias[co] : 0.0f);
                        const float *t0 = tile + (size_t)j * tile_stride, *t1 = t0 + g->pitch;
                        float *o = output + (((size_t)co * batch + n) * g->out_h + oy) * g->out_w;
                        // Whole vectors: the tile's pitch is a multiple of 2V. Its columns past conv_w
                        // (windows over the right padding and the last real columns, so possibly
                        // Inf or NaN) are computed but never stored.
                        for (int ox = 0; ox < g->out_w; ox += V) {
                            VF v;
                            if (pool) {
                                const VF a = SUFFIX(pick)(LOADU(t0 + 2 * ox), LOADU(t1 + 2 * ox));
                                const VF c = SUFFIX(pick)(LOADU(t0 + 2 * ox + V), LOADU(t1 + 2 * ox + V));
                                v = SUFFIX(pick)(__builtin_shufflevector(a, c, EVEN_LANES),
                                                 __builtin_shufflevector(a, c, ODD_LANES));
                            } else {
                                v = LOADU(t0 + ox);
                            }
                            v = v + bv;
                            if (relu) v = SUFFIX(relu)(v);
                            if (g->out_w - ox >= V) {
                                STOREU(o + ox, v);
                            } else {
                                float lane_values[V];
                                STOREU(lane_values, v);
                                memcpy(o + ox, lane_values, (size_t)(g->out_w - ox) * sizeof(float));
                            }
                        }
                    }
                }
            }
        }
    }
}

#undef SPATIAL_CASE
#undef CHANNEL_CASE
#undef VF
#undef VI
#undef LOADU
#undef STOREU
