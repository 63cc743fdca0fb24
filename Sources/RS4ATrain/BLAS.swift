// OpenBLAS GEMM with transposes. Training parallelises over images itself (Parallel.forEachChunk),
// so OpenBLAS runs single-threaded (as RS4ANet does) to avoid oversubscribing the cores.
import COpenBLAS

enum TrainBLAS {
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Sets OpenBLAS to one thread (idempotent).
    static func ensureSingleThreaded() { _ = singleThreaded }

    /// C[m×n] = op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n.
    @inline(__always)
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// Worker threads the training layers split a batch over (default 2: this project's machines).
public enum TrainingThreads {
    nonisolated(unsafe) private static var value = 2
    /// Threads used by convolutions; set before training (not while a step runs).
    public static var count: Int {
        get { value }
        set { value = max(1, newValue) }
    }
}
