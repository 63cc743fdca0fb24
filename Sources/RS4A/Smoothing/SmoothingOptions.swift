import RS4ANumerics
import RS4ANoises

/// Which Clopper–Pearson lower bound `certifyProbLB` (and `certify`) uses.
public enum ConfidenceBound: Sendable, Equatable {
    /// One-sided bound B⁻¹_{k, n−k+1}(α): P[ρ ≤ p] ≥ 1 − α. The default (NOISES.md).
    case oneSided
    /// The lower end of the two-sided interval, B⁻¹_{k, n−k+1}(α/2), as the upstream code
    /// (statsmodels' proportion_confint) computed it. More conservative; for exact reproduction.
    case twoSided
}

/// Settings shared by every smoothing call.
///
/// Randomness: every draw comes from `RandomStream(seed: seed, stream: purpose)` where the
/// purpose separates selection draws (`smoothPredictHard/Soft`, the n0 draws of `certify`),
/// estimation draws (`certifyProbLB`, the n draws of `certify`) and `predict`'s draws; input i
/// of a call uses substream i, and draw j of that input substream j. So results depend only on
/// (seed, input index, draw index) — never on `threads` or `noiseBatchSize` — and selection and
/// estimation draws are independent even with the same seed.
public struct SmoothingOptions {
    /// Noisy copies per forward pass (≥ 1; default 512, as upstream; rounded up to a multiple of `unitRows(forInputDimension:)`).
    public var noiseBatchSize: Int
    /// Random seed (default 0).
    public var seed: UInt64
    /// Worker threads sharing each noise batch's units — of one input or of several (≥ 1;
    /// default `Parallel.defaultThreadCount`).
    public var threads: Int
    /// The Clopper–Pearson variant (default one-sided).
    public var bound: ConfidenceBound
    /// Called on the calling thread after every noise batch with (draws done, total draws of the
    /// call); return `false` to cancel — the call then throws `SmoothingError.cancelled`.
    public var progress: ((_ done: Int, _ total: Int) -> Bool)?
    /// Where `certify` finds (and stores) the radius tables of table-backed noises
    /// (default `TableCache.shared`: `$RS4A_TABLES_DIR`, else `./tables`).
    public var tableCache: TableCache

    public init(noiseBatchSize: Int = 512, seed: UInt64 = 0, threads: Int = Parallel.defaultThreadCount,
                bound: ConfidenceBound = .oneSided, progress: ((_ done: Int, _ total: Int) -> Bool)? = nil,
                tableCache: TableCache = .shared) {
        self.noiseBatchSize = noiseBatchSize
        self.seed = seed
        self.threads = threads
        self.bound = bound
        self.progress = progress
        self.tableCache = tableCache
    }
}

extension SmoothingOptions {
    /// Rows per classifier call for inputs of `dim` values. A network's Float32 result for one row
    /// can depend on which rows share its call (BLAS blocking), so every call covers a fixed unit —
    /// `unitRows` consecutive draws of one input counted from draw 0 (fewer at the end of its
    /// draws) — whatever the thread count and batch size. A noise batch packs whole units, of one
    /// input or of several (`noiseBatchSize` is rounded up to a multiple of the unit), and the
    /// workers share them: 64 draws of each of many inputs keep every worker busy.
    /// The unit is the largest power of two ≤ 256 with about 2¹⁸ values or fewer (256 rows for
    /// 28×28 inputs, 64 for 3×32×32, 1 for ImageNet): large enough that per-call costs of the
    /// network fade, small enough to keep batches of large images small.
    public static func unitRows(forInputDimension dim: Int) -> Int {
        var unit = 256
        while unit > 1 && unit * dim > 1 << 18 { unit /= 2 }
        return unit
    }
}

/// Stream ids separating the purposes of draws (see `SmoothingOptions`).
enum DrawPurpose: UInt64 {
    case selection = 1
    case estimation = 2
    case prediction = 3
}
