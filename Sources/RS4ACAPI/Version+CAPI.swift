import RS4A

/// `const char *rs4a_version(void)` — see include/rs4a.h.
/// The string is a static literal: never freed, valid for the life of the process.
@_cdecl("rs4a_version")
public func rs4a_version() -> UnsafePointer<CChar> {
    versionCString
}

/// Encoded once; the C side only ever reads it.
nonisolated(unsafe) private let versionCString: UnsafePointer<CChar> = {
    let bytes = Array(RS4AVersion.string.utf8CString)
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    buffer.initialize(from: bytes, count: bytes.count)
    return UnsafePointer(buffer)
}()
