internal import CRS4AHeader
import RS4A

// struct rs4a_smooth_options, read through the type imported from include/rs4a.h itself (the C
// compiler's layout, on any platform). Its first field, struct_size, is the size of the struct
// the caller's header declares; every call checks it against the sizes this library knows, so
// an uninitialised struct or one of another layout is an error, never misread.

/// The sizes of rs4a_smooth_options this library reads: this header's (the first with struct_size).
let knownSmoothOptionsSizes = [MemoryLayout<rs4a_smooth_options>.size]

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

    /// Reads the caller's struct after checking its struct_size (read alone first: an
    /// uninitialised struct must not make us read a whole struct of a size we do not know).
    init(_ raw: UnsafeRawPointer) throws {
        let size = raw.loadUnaligned(as: Int.self)
        try Self.checkSize(size, "options->struct_size")
        let c = raw.loadUnaligned(as: rs4a_smooth_options.self)
        noiseBatchSize = c.noise_batch_size
        seed = c.seed
        threads = c.threads
        twoSided = c.two_sided
        progress = c.progress
        userData = c.progress_user_data
    }

    static func checkSize(_ size: Int, _ name: String) throws {
        guard knownSmoothOptionsSizes.contains(size) else {
            throw CAPIError(.invalidArgument, "\(name) is \(size), but this library (rs4a \(RS4AVersion.string)) reads "
                            + "rs4a_smooth_options of \(knownSmoothOptionsSizes.map(String.init).joined(separator: " or ")) bytes: "
                            + "initialise options with rs4a_smooth_options_init(&options, sizeof options) and build against its rs4a.h")
        }
    }

    /// The C struct with these values.
    var cStruct: rs4a_smooth_options {
        rs4a_smooth_options(struct_size: MemoryLayout<rs4a_smooth_options>.size, noise_batch_size: noiseBatchSize,
                            seed: seed, threads: threads, two_sided: twoSided, progress: progress,
                            progress_user_data: userData)
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
public func rs4a_smooth_options_init(_ options: UnsafeMutableRawPointer?, _ structSize: Int) -> Int32 {
    capiCall("rs4a_smooth_options_init") {
        let options = try required(options, "options")
        try CSmoothOptions.checkSize(structSize, "struct_size")
        options.storeBytes(of: CSmoothOptions().cStruct, as: rs4a_smooth_options.self)
    }
}
