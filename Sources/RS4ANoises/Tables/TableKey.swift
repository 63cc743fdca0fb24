import Foundation

/// What a radius table depends on: (noise kind, shape parameters, d, adversary, method and its version).
public struct TableKey: Sendable, Hashable, CustomStringConvertible {
    public let kind: NoiseKind
    public let parameters: [String]
    public let dim: Int
    public let adversary: Double
    public let method: String
    public let version: Int

    init(kind: NoiseKind, parameters: [(name: String, value: Double)], dim: Int, adversary: Double, method: String, version: Int) {
        self.kind = kind
        // Shortest round-trip decimal of each Double: equal keys ⇔ equal values.
        self.parameters = parameters.map { "\($0.name)=\($0.value)" }
        self.dim = dim
        self.adversary = adversary
        self.method = method
        self.version = version
    }

    /// The canonical one-line key written into every cache file header.
    public var description: String {
        let adv = adversary.isInfinite ? "inf" : "\(adversary)"
        return (["rs4a-table", kind.shortName, "d=\(dim)", "adv=\(adv)"] + parameters + ["method=\(method)", "v=\(version)"])
            .joined(separator: " ")
    }

    /// A file name derived from the key: readable prefix + 64-bit FNV-1a hash of the full key.
    var fileName: String {
        let adv = adversary.isInfinite ? "inf" : "\(adversary)"
        let readable = ([kind.shortName, "d\(dim)", "adv\(adv)"] + parameters + [method, "v\(version)"]).joined(separator: "_")
        let safe = String(readable.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "=" || $0 == "-" ? $0 : "_" })
        return safe + "_" + String(format: "%016llx", FNV1a.hash(Array(description.utf8))) + ".table"
    }
}

/// 64-bit FNV-1a, used for file names and payload checksums (corruption detection, not security).
enum FNV1a {
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
