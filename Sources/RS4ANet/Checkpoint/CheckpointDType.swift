/// Element types a checkpoint tensor can have.
public enum CheckpointDType: String, Sendable {
    case float32, float16, bfloat16, float64, int64, int32, int16, int8, uint8, bool

    /// Bytes per element.
    public var elementSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// True for the floating-point dtypes.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64: return true
        default: return false
        }
    }

    /// The dtype of a legacy typed storage class (`torch.FloatStorage`, …), or nil.
    static func fromTorchStorageName(_ name: String) -> CheckpointDType? {
        switch name {
        case "FloatStorage": return .float32
        case "HalfStorage": return .float16
        case "BFloat16Storage": return .bfloat16
        case "DoubleStorage": return .float64
        case "LongStorage": return .int64
        case "IntStorage": return .int32
        case "ShortStorage": return .int16
        case "CharStorage": return .int8
        case "ByteStorage": return .uint8
        case "BoolStorage": return .bool
        default: return nil
        }
    }

    /// The storage class name torch uses when pickling this dtype.
    var torchStorageName: String {
        switch self {
        case .float32: return "FloatStorage"
        case .float16: return "HalfStorage"
        case .bfloat16: return "BFloat16Storage"
        case .float64: return "DoubleStorage"
        case .int64: return "LongStorage"
        case .int32: return "IntStorage"
        case .int16: return "ShortStorage"
        case .int8: return "CharStorage"
        case .uint8: return "ByteStorage"
        case .bool: return "BoolStorage"
        }
    }

    /// The dtype named by a safetensors header string, or nil.
    static func fromSafetensorsName(_ name: String) -> CheckpointDType? {
        switch name {
        case "F32": return .float32
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "F64": return .float64
        case "I64": return .int64
        case "I32": return .int32
        case "I16": return .int16
        case "I8": return .int8
        case "U8": return .uint8
        case "BOOL": return .bool
        default: return nil
        }
    }
}
