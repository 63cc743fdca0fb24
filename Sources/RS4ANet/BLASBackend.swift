// Which OpenBLAS kernels the engine runs on, for benchmarks and diagnostics.
import CRS4ABLASCore

/// The OpenBLAS kernel set in use and how it was chosen.
///
/// OpenBLAS picks its kernels per CPU when it loads. Where it picks its AVX2 kernels ("Haswell",
/// "Zen") on a CPU with AVX-512 F/DQ/BW/VL, rs4a switches it to its AVX-512 ones ("SkylakeX",
/// about 1.8× the sgemm throughput) once, at load time — unless `OPENBLAS_CORETYPE` is set
/// (a user's explicit choice is kept) or `RS4A_OPENBLAS_KEEP_CORETYPE` is set (opt-out).
public enum BLASBackend {
    /// OpenBLAS's current kernel set, e.g. "SkylakeX", "Cooperlake" or "Haswell" ("unknown" if
    /// this OpenBLAS cannot say).
    public static var coreName: String {
        _ = rs4a_blas_core_select()
        return String(cString: rs4a_blas_core_name())
    }

    /// Why the kernel set is what it is, in words (e.g. "switched from AVX2 to AVX-512 kernels").
    public static var selection: String {
        switch rs4a_blas_core_select() {
        case RS4A_BLAS_CORE_SWITCHED: return "switched by rs4a from OpenBLAS's AVX2 choice to its AVX-512 kernels"
        case RS4A_BLAS_CORE_USER_SETTING: return "set by OPENBLAS_CORETYPE in the environment (kept)"
        case RS4A_BLAS_CORE_NO_AVX512: return "OpenBLAS's own choice (no AVX-512 F/DQ/BW/VL on this CPU)"
        case RS4A_BLAS_CORE_ALREADY_SUITABLE: return "OpenBLAS's own choice"
        case RS4A_BLAS_CORE_OPTED_OUT: return "OpenBLAS's own choice (RS4A_OPENBLAS_KEEP_CORETYPE set)"
        default: return "OpenBLAS's own choice (this build cannot switch kernels)"
        }
    }
}
