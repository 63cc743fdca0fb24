import RS4A

// struct rs4a_smooth_options, read field by field at its C offsets (LP64 layout):
//   0 int64_t noise_batch_size, 8 uint64_t seed, 16 int32_t threads, 20 int32_t two_sided,
//   24 rs4a_progress_fn progress, 32 void *progress_user_data; 40 bytes in all.
// bindings/c/test_capi.c checks these offsets against the C compiler's.

typealias ProgressFunction = @convention(c) (Int64, Int64, UnsafeMutableRawPointer?) -> Int32

/// The C options as read from the caller's struct.
struct CSmoothOptions {
    var noiseBatchSize: Int64 = 512
    var seed: UInt64 = 0
    var threads: Int32 = 0
    var twoSided: Int32 = 0
    var progress: ProgressFunction?
    var userData: UnsafeMutableRawPointer?

    init() {}

    init(_ raw: UnsafeRawPointer) {
        noiseBatchSize = raw.loadUnaligned(fromByteOffset: 0, as: Int64.self)
        seed = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        threads = raw.loadUnaligned(fromByteOffset: 16, as: Int32.self)
        twoSided = raw.loadUnaligned(fromByteOffset: 20, as: Int32.self)
        progress = raw.load(fromByteOffset: 24, as: ProgressFunction?.self)
        userData = raw.load(fromByteOffset: 32, as: UnsafeMutableRawPointer?.self)
    }

    func write(_ raw: UnsafeMutableRawPointer) {
        raw.storeBytes(of: noiseBatchSize, toByteOffset: 0, as: Int64.self)
        raw.storeBytes(of: seed, toByteOffset: 8, as: UInt64.self)
        raw.storeBytes(of: threads, toByteOffset: 16, as: Int32.self)
        raw.storeBytes(of: twoSided, toByteOffset: 20, as: Int32.self)
        raw.storeBytes(of: progress, toByteOffset: 24, as: ProgressFunction?.self)
        raw.storeBytes(of: userData, toByteOffset: 32, as: UnsafeMutableRawPointer?.self)
    }

    /// The Swift options; `modelThreads` is used when `threads` is 0.
    func smoothingOptions(modelThreads: Int) throws -> SmoothingOptions {
        guard noiseBatchSize >= 1 else {
            throw CAPIError(.invalidArgument, "options->noise_batch_size must be ≥ 1, got \(noiseBatchSize)")
        }
        guard threads >= 0 else {
            throw CAPIError(.invalidArgument, "options->threads must be ≥ 1, or 0 for the model's setting; got \(threads)")
        }
        guard twoSided == 0 || twoSided == 1 else {
            throw CAPIError(.invalidArgument, "options->two_sided must be 0 or 1, got \(twoSided)")
        }
        var options = SmoothingOptions(
            noiseBatchSize: Int(truncatingIfNeeded: noiseBatchSize), seed: seed,
            threads: threads > 0 ? Int(threads) : modelThreads, bound: twoSided == 1 ? .twoSided : .oneSided)
        if let progress {
            let userData = userData
            options.progress = { done, total in progress(Int64(done), Int64(total), userData) == 0 }
        }
        return options
    }
}

@_cdecl("rs4a_smooth_options_init")
public func rs4a_smooth_options_init(_ options: UnsafeMutableRawPointer?) {
    guard let options else { return }
    CSmoothOptions().write(options)
}
