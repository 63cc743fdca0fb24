/// Builds any noise by name — the entry point of the CLI, the C ABI and the Python package.
///
/// - Parameters:
///   - name: a short or seed name, case-insensitive (`"ExpInf"`, `"expinfnoise"`, `"PowerInfNoise"`, …).
///   - dim: input dimension d ≥ 1.
///   - sigma, lambd: exactly one of them (ignored by `Clean`).
///   - k, j, a, p: shape parameters; `nil` takes the spec default (Pareto a = 3; ExpInf, Exp1,
///     Exp2, Pow2 k = 1; ExpInf, Exp2 j = 0; Pow2 a = d + 10). PowInf needs `a`, Expp needs `p`.
///     A parameter the noise does not take is an error (so typos do not pass silently).
/// - Throws: `NoiseError.invalidParameter` naming the parameter and its allowed range.
public func makeNoise(name: String, dim: Int, sigma: Double? = nil, lambd: Double? = nil,
                      k: Double? = nil, j: Double? = nil, a: Double? = nil, p: Double? = nil) throws -> any Noise {
    let kind = try NoiseKind(name: name)
    let given: [(String, Double?)] = [("k", k), ("j", j), ("a", a), ("p", p)]
    let accepted: Set<String>
    switch kind {
    case .clean, .uniform, .gaussian, .laplace, .uniformBall: accepted = []
    case .pareto, .powInf: accepted = ["a"]
    case .expInf, .exp2: accepted = ["k", "j"]
    case .exp1: accepted = ["k"]
    case .pow2: accepted = ["k", "a"]
    case .expp: accepted = ["p"]
    }
    for (parameter, value) in given where value != nil && !accepted.contains(parameter) {
        let takes = accepted.isEmpty ? "no shape parameters" : "only " + accepted.sorted().joined(separator: ", ")
        throw NoiseError.invalidParameter("\(kind.shortName) does not take parameter \(parameter) (it takes \(takes))")
    }
    switch kind {
    case .clean: return try CleanNoise(dim: dim)
    case .uniform: return try UniformNoise(dim: dim, sigma: sigma, lambd: lambd)
    case .gaussian: return try GaussianNoise(dim: dim, sigma: sigma, lambd: lambd)
    case .laplace: return try LaplaceNoise(dim: dim, sigma: sigma, lambd: lambd)
    case .uniformBall: return try UniformBallNoise(dim: dim, sigma: sigma, lambd: lambd)
    case .pareto: return try ParetoNoise(dim: dim, sigma: sigma, lambd: lambd, a: a ?? 3)
    case .powInf:
        guard let a else { throw NoiseError.invalidParameter("PowInf: parameter a is required (a > d + 2 = \(dim + 2))") }
        return try PowInfNoise(dim: dim, sigma: sigma, lambd: lambd, a: a)
    case .expInf: return try ExpInfNoise(dim: dim, sigma: sigma, lambd: lambd, k: k ?? 1, j: j ?? 0)
    case .exp1: return try Exp1Noise(dim: dim, sigma: sigma, lambd: lambd, k: k ?? 1)
    case .exp2: return try Exp2Noise(dim: dim, sigma: sigma, lambd: lambd, k: k ?? 1, j: j ?? 0)
    case .pow2: return try Pow2Noise(dim: dim, sigma: sigma, lambd: lambd, k: k ?? 1, a: a)
    case .expp:
        guard let p else { throw NoiseError.invalidParameter("Expp: parameter p is required (p > 0)") }
        return try ExppNoise(dim: dim, sigma: sigma, lambd: lambd, p: p)
    }
}
