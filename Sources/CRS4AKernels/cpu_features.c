// CPU feature detection for the runtime dispatch of the vectorised kernels (and of OpenBLAS's
// kernel set, see CRS4ABLASCore). Checks the OS side too: a CPU feature is usable only when XCR0
// says the OS saves the corresponding register state on context switches.
#include "rs4a_kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

/// XCR0 (the OS-enabled state components), or 0 when xgetbv is unavailable.
static unsigned os_enabled_state(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 27))) return 0;  // OSXSAVE: xgetbv is usable
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return lo;
}

/// CPUID leaf 7 sub-leaf 0 EBX (the AVX2/AVX-512 feature bits), or 0.
static unsigned leaf7_ebx(void) {
    if (__get_cpuid_max(0, 0) < 7) return 0;
    unsigned eax, ebx, ecx, edx;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return ebx;
}

int rs4a_cpu_has_avx2_fma(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 12))) return 0;                    // FMA3
    if ((os_enabled_state() & 0x6u) != 0x6u) return 0;    // SSE and AVX state
    return (leaf7_ebx() & (1u << 5)) != 0;                // AVX2
}

int rs4a_cpu_has_avx512(void) {
    // AVX2 and FMA too: code compiled for AVX-512 also uses them (real CPUs with AVX-512 F have
    // both, a virtual machine may hide them).
    if (!rs4a_cpu_has_avx2_fma()) return 0;
    if ((os_enabled_state() & 0xE6u) != 0xE6u) return 0;  // SSE, AVX, opmask, zmm state
    const unsigned need = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F, DQ, BW, VL
    return (leaf7_ebx() & need) == need;
}
#else
int rs4a_cpu_has_avx2_fma(void) { return 0; }
int rs4a_cpu_has_avx512(void) { return 0; }
#endif
