// Thin wrapper over OpenBLAS's single-precision GEMM, row-major.
import COpenBLAS
import CRS4ABLASCore

/// C[m×n] = A[m×k] · B[k×n] (+ C when `accumulate`), all row-major with the given leading dimensions.
@inline(__always)
func sgemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool = false
) {
    cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans,
        Int32(m), Int32(n), Int32(k),
        1, a, Int32(lda), b, Int32(ldb),
        accumulate ? 1 : 0, c, Int32(ldc))
}

/// The engine parallelises over images itself, so OpenBLAS must not start its own threads on
/// top (that would oversubscribe the cores). Set once, before the first GEMM, together with the
/// kernel-set choice (`BLASBackend`; normally already made when the library loaded).
enum BLASThreading {
    private static let singleThreaded: Void = {
        _ = rs4a_blas_core_select()
        openblas_set_num_threads(1)
    }()

    static func ensureSingleThreaded() { _ = singleThreaded }
}
