// Hand-vectorised kernels of the rs4a network engine, compiled for AVX2+FMA and AVX-512 and
// chosen at run time from the CPU's features (the Swift code itself targets baseline x86-64).
// Internal to the rs4a binaries: hidden, so librs4a.so exports only include/rs4a.h's functions.
#ifndef RS4A_KERNELS_H
#define RS4A_KERNELS_H

#include <stddef.h>

#define RS4A_KERNELS_INTERNAL __attribute__((visibility("hidden")))

/// CPU and OS support AVX-512 F, DQ, BW and VL (including the OS saving zmm and opmask state),
/// and AVX2 and FMA.
RS4A_KERNELS_INTERNAL int rs4a_cpu_has_avx512(void);
/// CPU and OS support AVX2 and FMA3 (including the OS saving ymm state).
RS4A_KERNELS_INTERNAL int rs4a_cpu_has_avx2_fma(void);

/// Floats per vector of the direct convolution kernels on this CPU: 16 (AVX-512), 8 (AVX2 + FMA),
/// or 0 when neither is available (callers then use im2col + GEMM). Chosen on the first call; the
/// environment variable RS4A_DIRECT_CONV_ISA (case-insensitive) caps it: "avx2" at 8, "none" at 0,
/// "avx512" (the default) leaves it; other values are ignored with a warning on stderr.
RS4A_KERNELS_INTERNAL int rs4a_direct_conv_vector_width(void);

/// A stride-1, ungrouped convolution of CNHW activations: input [channels][batch][height][width],
/// zero padding `padding` on every side, output [out_channels][batch][out_h][out_w] with
/// out_h = height + 2·padding − kernel_h + 1 (likewise out_w), or, with `pool`, its 2×2 stride-2
/// max-pool [out_channels][batch][out_h/2][out_w/2] (out_h and out_w must then be even).
typedef struct {
    int channels, batch, height, width;
    int out_channels, kernel_h, kernel_w, padding;
} rs4a_direct_conv_shape;

/// Floats of the channel-vectorised weight layout (see rs4a_direct_conv_pack) for this CPU's vector width.
RS4A_KERNELS_INTERNAL size_t rs4a_direct_conv_packed_count(int out_channels, int channels, int kernel_h, int kernel_w);

/// Repacks PyTorch-ordered weights [out][in][kh][kw] into blocks of `vector width` output
/// channels, [block][in][kh][kw][lane], zero-filling the lanes past out_channels.
RS4A_KERNELS_INTERNAL void rs4a_direct_conv_pack(const float *weight, int out_channels, int channels, int kernel_h,
                                                 int kernel_w, float *packed);

/// Floats of scratch memory rs4a_direct_conv needs for `shape` (a padded copy of one image and a
/// few output rows).
RS4A_KERNELS_INTERNAL size_t rs4a_direct_conv_scratch_count(const rs4a_direct_conv_shape *shape, int pool);

/// The convolution (see rs4a_direct_conv_shape), then + bias[channel] (bias may be NULL), then
/// ReLU when `relu` is nonzero, then the 2×2 max-pool when `pool` is nonzero. Bias and ReLU are
/// applied after pooling, which is exact: rounding is monotone and both commute with max. The
/// pool propagates NaN like PyTorch's. `weight` is PyTorch-ordered, `packed` its
/// rs4a_direct_conv_pack layout. Returns 0, or −1 (nothing written) when no kernel is available
/// or the shape is invalid (non-positive sizes, odd extents with `pool`).
RS4A_KERNELS_INTERNAL int rs4a_direct_conv(const rs4a_direct_conv_shape *shape, const float *input,
                                           const float *weight, const float *packed, const float *bias, int relu,
                                           int pool, float *output, float *scratch);

#endif
