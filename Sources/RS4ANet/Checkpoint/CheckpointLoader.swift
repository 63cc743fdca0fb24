import Foundation

/// Entry point: reads a PyTorch or safetensors checkpoint into a `StateDict`,
/// without Python and without executing anything the file names.
public enum CheckpointLoader {
    /// Reads the file at `url`; see `load(data:)`.
    public static func load(contentsOf url: URL) throws -> StateDict {
        // Zip archives are read entry by entry from the file; other formats are read whole.
        if let handle = try? FileHandle(forReadingFrom: url) {
            let head = (try? handle.read(upToCount: 4)) ?? nil
            let size = (try? handle.seekToEnd()) ?? 0
            try? handle.close()
            if let head, TorchZipFormat.looksZip(head) {
                return try TorchZipFormat.load(contentsOf: url, fileSize: Int(size))
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try load(data: data)
    }

    /// Detects the format from the bytes (PyTorch zip, PyTorch legacy pre-1.6, safetensors).
    /// Unwraps a state dict nested under a key ("state_dict", "model", "model_state_dict", "net")
    /// when the top-level object is a dict whose values are not all tensors
    /// (e.g. `{"arch": …, "state_dict": …, "epoch": …}`).
    ///
    /// Zip bytes are staged in a private temporary file (removed afterwards) because
    /// ZIPFoundation's in-memory backend is not safe on corrupt archives; prefer
    /// `load(contentsOf:)` for files, which reads zip records straight from disk.
    /// - Throws: `CheckpointError` for unrecognized, truncated, malformed or unsupported content.
    public static func load(data: Data) throws -> StateDict {
        // Work on a zero-based copy-free view so offsets are plain byte positions.
        let bytes = data.startIndex == 0 ? data : Data(data)
        switch detect(bytes) {
        case .torchZip: return try TorchZipFormat.load(bytes)
        case .torchLegacy: return try TorchLegacyFormat.load(bytes)
        case .safetensors: return try SafetensorsFormat.load(bytes)
        case .torchTar:
            throw CheckpointError.unsupported("tar-format checkpoint (written by torch < 0.4); re-save it with a newer torch")
        case .unknown:
            throw CheckpointError.unrecognizedFormat
        }
    }

    enum Format: Equatable {
        case torchZip, torchLegacy, safetensors, torchTar, unknown
    }

    /// Sniffs the leading bytes: zip local-header signature, the legacy magic-number
    /// pickle, a safetensors header length followed by "{", or a tar "ustar" header.
    static func detect(_ data: Data) -> Format {
        if TorchZipFormat.looksZip(data) { return .torchZip }
        if TorchLegacyFormat.looksLegacy(data) { return .torchLegacy }
        if SafetensorsFormat.looksSafetensors(data) { return .safetensors }
        if data.count >= 262, data[257 ..< 262].elementsEqual("ustar".utf8) { return .torchTar }
        return .unknown
    }
}
