// Chooses OpenBLAS's AVX-512 kernels where the CPU has AVX-512 but OpenBLAS's runtime dispatch
// picked its AVX2 ones (OpenBLAS 0.3.21 does so on AMD Zen 4: "Haswell", about 0.55× the sgemm
// throughput of its "SkylakeX" kernels on the same core).
#ifndef RS4A_BLAS_CORE_H
#define RS4A_BLAS_CORE_H

// Internal to the rs4a binaries: hidden, so librs4a.so exports only the functions of
// include/rs4a.h (`make test-c` compares the two sets).
#define RS4A_BLAS_CORE_INTERNAL __attribute__((visibility("hidden")))

/// What `rs4a_blas_core_select` did (the same answer on every call).
typedef enum {
    /// Switched OpenBLAS from its AVX2 kernels to "SkylakeX" (AVX-512).
    RS4A_BLAS_CORE_SWITCHED = 1,
    /// Left alone: the user set OPENBLAS_CORETYPE explicitly.
    RS4A_BLAS_CORE_USER_SETTING = 2,
    /// Left alone: the CPU (or the OS) lacks AVX-512 F/DQ/BW/VL.
    RS4A_BLAS_CORE_NO_AVX512 = 3,
    /// Left alone: OpenBLAS already uses a kernel set other than Haswell/Zen.
    RS4A_BLAS_CORE_ALREADY_SUITABLE = 4,
    /// Left alone: this OpenBLAS cannot switch (not a DYNAMIC_ARCH build, or no SkylakeX kernels).
    RS4A_BLAS_CORE_UNSUPPORTED = 5,
    /// Left alone: RS4A_OPENBLAS_KEEP_CORETYPE is set (opt-out).
    RS4A_BLAS_CORE_OPTED_OUT = 6,
} rs4a_blas_core_decision;

/// Selects OpenBLAS's SkylakeX kernels once per process when (all of) OPENBLAS_CORETYPE and
/// RS4A_OPENBLAS_KEEP_CORETYPE are unset, the CPU and OS support AVX-512 F/DQ/BW/VL, OpenBLAS is a
/// DYNAMIC_ARCH build that contains them, and it picked Haswell or Zen. Runs automatically when the
/// library loads; later calls return the first call's decision. Thread-safe.
RS4A_BLAS_CORE_INTERNAL rs4a_blas_core_decision rs4a_blas_core_select(void);

/// OpenBLAS's current kernel set ("SkylakeX", "Haswell", …), or "unknown".
RS4A_BLAS_CORE_INTERNAL const char *rs4a_blas_core_name(void);

#endif
