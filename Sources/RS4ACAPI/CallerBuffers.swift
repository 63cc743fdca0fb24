#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

// Sizes of the caller's buffers, checked before anything is read or allocated: a count that
// overflows, or that no process could hold, is RS4A_ERR_SHAPE instead of a trap. The library
// cannot check that a buffer really holds its count (that is the caller's contract).

/// No 64-bit address space in use spans more bytes (x86-64 with 5-level paging: 2^56; 4-level:
/// 2^47; AArch64: at most 2^52), so a buffer claiming more is a wrong count, not a big input.
let maxBufferBytes = 1 << 56

/// `rows × perRow` values of `T` starting at `address`, or RS4A_ERR_SHAPE naming `name`; a
/// negative row count is RS4A_ERR_INVALID_ARGUMENT.
func checkedCount<T>(_ rows: Int64, _ perRow: Int, of type: T.Type, at address: UnsafeRawPointer?, _ name: String) throws -> Int {
    guard rows >= 0 else { throw CAPIError(.invalidArgument, "\(name): count must be ≥ 0, got \(rows)") }
    let (values, overflow) = Int(rows).multipliedReportingOverflow(by: perRow)
    let (bytes, byteOverflow) = values.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    let end = UInt(bitPattern: address).addingReportingOverflow(UInt(bitPattern: bytes))
    guard !overflow, !byteOverflow, bytes <= maxBufferBytes, !end.overflow else {
        throw CAPIError(.shape, "\(name): \(rows) × \(perRow) values of \(MemoryLayout<T>.size) bytes cannot be a buffer "
                        + "(more than 2^56 bytes); check the count")
    }
    return values
}

/// The caller's input buffer of `rows × perRow` values, read in place.
func callerInput<T>(_ pointer: UnsafePointer<T>, rows: Int64, perRow: Int, _ name: String) throws -> UnsafeBufferPointer<T> {
    UnsafeBufferPointer(start: pointer, count: try checkedCount(rows, perRow, of: T.self, at: pointer, name))
}

/// The caller's input images of `rows × perRow` values, read in place, after checking that every
/// value is finite (NaN or ±∞ in an image is RS4A_ERR_INVALID_ARGUMENT naming the first one).
func finiteCallerInput(_ pointer: UnsafePointer<Float>, rows: Int64, perRow: Int, _ name: String) throws
    -> UnsafeBufferPointer<Float> {
    let values = try callerInput(pointer, rows: rows, perRow: perRow, name)
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
        throw CAPIError(.invalidArgument, "\(name) must be finite; \(name)[\(bad)] = \(values[bad])")
    }
    return values
}

/// The caller's output buffer of `rows × perRow` values.
func callerOutput<T>(_ pointer: UnsafeMutablePointer<T>, rows: Int64, perRow: Int, _ name: String) throws
    -> UnsafeMutableBufferPointer<T> {
    UnsafeMutableBufferPointer(start: pointer, count: try checkedCount(rows, perRow, of: T.self, at: pointer, name))
}

/// Results are gathered here and copied to the caller's output only when the whole call
/// succeeds ("output parameters are written only on success"). malloc, not Swift's allocate,
/// so that a size the machine cannot provide is an error instead of a trap.
final class Scratch<T> {
    let values: UnsafeMutableBufferPointer<T>

    /// Room for `count` values (already checked with `checkedCount`).
    init(count: Int, _ name: String) throws {
        guard let raw = malloc(max(1, count * MemoryLayout<T>.stride)) else {
            throw CAPIError(.shape, "\(name): cannot allocate \(count) values; check the count")
        }
        values = UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
    }

    deinit { free(values.baseAddress) }

    /// Copies every value to `out` (of the same count).
    func copy(to out: UnsafeMutableBufferPointer<T>) {
        guard let from = values.baseAddress, let to = out.baseAddress, !values.isEmpty else { return }
        to.update(from: from, count: values.count)
    }
}
