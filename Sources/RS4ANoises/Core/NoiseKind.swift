// The closed set of noise distributions and the names they answer to.
import Foundation

/// Every distribution of the library. Each kind answers to the seed's class name
/// (`UniformNoise`, `PowerInfNoise`, …) and to a short name (`Uniform`, `PowInf`, …),
/// case-insensitively.
public enum NoiseKind: String, CaseIterable, Sendable, Hashable {
    case clean = "Clean"
    case uniform = "Uniform"
    case gaussian = "Gaussian"
    case laplace = "Laplace"
    case pareto = "Pareto"
    case uniformBall = "UniformBall"
    case expInf = "ExpInf"
    case powInf = "PowInf"
    case exp1 = "Exp1"
    case exp2 = "Exp2"
    case pow2 = "Pow2"
    case expp = "Expp"

    /// The short name (`"ExpInf"`), also used in table keys.
    public var shortName: String { rawValue }

    /// The seed's class name (`"ExpInfNoise"`; `"PowerInfNoise"` for PowInf).
    public var seedName: String {
        switch self {
        case .clean: return "Clean"
        case .powInf: return "PowerInfNoise"
        default: return rawValue + "Noise"
        }
    }

    /// Every name this kind answers to (compared case-insensitively).
    public var aliases: [String] {
        var names = [shortName, seedName]
        if self == .clean { names.append("CleanNoise") }
        if self == .powInf { names += ["PowInfNoise", "PowerInf"] }
        return names
    }

    /// Resolves a name such as `"expinf"`, `"ExpInfNoise"` or `"PowerInfNoise"`.
    /// - Throws: `NoiseError.invalidParameter` listing the known names.
    public init(name: String) throws {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        for kind in NoiseKind.allCases where kind.aliases.contains(where: { $0.lowercased() == wanted }) {
            self = kind
            return
        }
        let known = NoiseKind.allCases.map { "\($0.shortName) (\($0.seedName))" }.joined(separator: ", ")
        throw NoiseError.invalidParameter("noise name '\(name)' is unknown; known: \(known)")
    }
}
