// Status codes and errors section of include/rs4a.h.

/// `const char *rs4a_last_error(void)`: the calling thread's last error message ("" if none).
@_cdecl("rs4a_last_error")
public func rs4a_last_error() -> UnsafePointer<CChar> {
    LastError.current
}

/// `const char *rs4a_status_name(rs4a_status)`: the constant's name; "RS4A_UNKNOWN_STATUS" for
/// a value outside the enum.
@_cdecl("rs4a_status_name")
public func rs4a_status_name(_ status: Int32) -> UnsafePointer<CChar> {
    guard let known = RS4AStatus(rawValue: status) else { return unknownStatusName }
    return statusNames[Int(known.rawValue)]
}

/// One static C string per status, allocated once and never freed.
nonisolated(unsafe) private let statusNames: [UnsafePointer<CChar>] = RS4AStatus.allCases.map { staticCString($0.name) }
nonisolated(unsafe) private let unknownStatusName = staticCString("RS4A_UNKNOWN_STATUS")

/// A C copy of `text` that lives for the whole process.
func staticCString(_ text: String) -> UnsafePointer<CChar> {
    let bytes = Array(text.utf8CString)
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    buffer.initialize(from: bytes, count: bytes.count)
    return UnsafePointer(buffer)
}
