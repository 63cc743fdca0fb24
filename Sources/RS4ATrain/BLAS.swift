// OpenBLAS GEMM with transposes. Training parallelises over images itself (Parallel.forEachChunk),
// so OpenBLAS runs single-threaded (as RS4ANet does) to avoid oversubscribing the cores.
import COpenBLAS
import RS4ANumerics

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

    /// `gemm` with the rows of C split over `TrainingThreads.count` workers when the product is
    /// large enough to pay for the threads (each worker runs a single-threaded GEMM on its rows).
    static func parallelGemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let threads = TrainingThreads.count
        guard threads > 1, m >= 2 * threads, m * n * k >= 1 << 20 else {
            gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        nonisolated(unsafe) let ap = a, bp = b, cp = c
        Parallel.forEachChunk(count: m, threads: threads) { rows in
            // Row r of op(A) starts at A + r·lda (no transpose) or at column r of A (transpose).
            let aRows = transA ? ap + rows.lowerBound : ap + rows.lowerBound * lda
            gemm(transA: transA, transB: transB, m: rows.count, n: n, k: k, a: aRows, lda: lda, b: bp, ldb: ldb,
                 beta: beta, c: cp + rows.lowerBound * ldc, ldc: ldc)
        }
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
