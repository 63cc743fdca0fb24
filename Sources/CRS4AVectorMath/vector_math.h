// Header-only vector math for RS4ANumerics' bulk samplers.
//
// Swift's `squareRoot()` on Linux goes through libm's sqrtf semantics (errno on negative
// input), so on SIMD vectors it is scalarised into sqrtf calls. Clang's elementwise builtin
// lowers to the LLVM sqrt intrinsic, i.e. one vector instruction (sqrtps on x86-64, fsqrt
// on arm64), correctly rounded. Static inline: clang inlines it into the Swift caller.
#ifndef CRS4A_VECTOR_MATH_H
#define CRS4A_VECTOR_MATH_H

typedef float rs4a_float4 __attribute__((ext_vector_type(4)));   // imported as SIMD4<Float>

/// Correctly rounded √x in each lane (NaN for negative lanes, no errno).
static inline __attribute__((always_inline)) rs4a_float4 rs4a_sqrt_float4(rs4a_float4 x) {
#if __has_builtin(__builtin_elementwise_sqrt)
    return __builtin_elementwise_sqrt(x);
#else
    rs4a_float4 r = { __builtin_sqrtf(x.x), __builtin_sqrtf(x.y), __builtin_sqrtf(x.z), __builtin_sqrtf(x.w) };
    return r;
#endif
}

#endif
