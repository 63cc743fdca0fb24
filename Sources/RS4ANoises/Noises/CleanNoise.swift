import RS4ANumerics

/// No noise: sampling is the identity and every certified radius is 0.
public struct CleanNoise: Noise {
    public let dim: Int
    public var kind: NoiseKind { .clean }
    /// 0: there is no noise.
    public var sigma: Double { 0 }
    /// 0: there is no noise.
    public var lambd: Double { 0 }
    public var parameters: [(name: String, value: Double)] { [] }
    public var directAdversaries: [Double] { [] }

    /// - Throws: `NoiseError.invalidParameter` if dim < 1.
    public init(dim: Int) throws {
        try ScaleResolution.checkDim(dim, noise: "Clean")
        self.dim = dim
    }

    public func directRadius(_ rho: Double, adv: Double, method: CertificateMethod, cache: TableCache) throws -> Double { 0 }

    public func fillNoiseRow(_ out: UnsafeMutableBufferPointer<Float>, stream: RandomStream) {
        out.update(repeating: 0)
    }
}
