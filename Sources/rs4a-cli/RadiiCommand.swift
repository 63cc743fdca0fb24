import ArgumentParser
import Foundation
import RS4A

/// `rs4a-cli radii`: certified radii of one noise over a ρ grid (or given ρ values).
struct RadiiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radii",
        abstract: "Print certified radii of a noise over a grid of prob_lb (ρ) values.",
        discussion: """
            Example: rs4a-cli radii --noise ExpInf --k 10 --j 100 --sigma 0.5 --dim 3072 --adv 1
            Radius tables (differential / level-set methods) are cached under --tables-dir,
            $RS4A_TABLES_DIR or ./tables.
            """
    )

    @Option(help: "Noise name (short or seed name, case-insensitive), e.g. Gaussian, ExpInf, PowerInfNoise.")
    var noise: String
    @Option(help: "Input dimension d (3072 for CIFAR-10, 150528 for ImageNet).")
    var dim: Int = 3072
    @Option(help: "Per-coordinate RMS σ (give exactly one of --sigma, --lambd).")
    var sigma: Double?
    @Option(help: "Scale parameter λ (give exactly one of --sigma, --lambd).")
    var lambd: Double?
    @Option(help: "Shape parameter k.") var k: Double?
    @Option(help: "Shape parameter j.") var j: Double?
    @Option(help: "Shape parameter a.") var a: Double?
    @Option(help: "Shape parameter p (Expp).") var p: Double?
    @Option(help: "Adversary ℓp norm: a number ≥ 1, or 'inf'.")
    var adv: String = "1"
    @Option(name: .customLong("prob-lb"), parsing: .upToNextOption, help: "ρ values (default: a grid from 0.5 to 0.999).")
    var probLb: [Double] = []
    @Option(help: "Certificate route: automatic, closedForm, table, direct, approximation.")
    var method: String = "automatic"
    @Option(name: .customLong("tables-dir"), help: "Folder of cached radius tables.")
    var tablesDir: String?

    func run() throws {
        let p: Double
        switch adv.lowercased() {
        case "inf", "infinity", "∞": p = .infinity
        default:
            guard let value = Double(adv) else { throw ValidationError("--adv must be a number ≥ 1 or 'inf', got '\(adv)'") }
            p = value
        }
        guard let route = CertificateMethod(rawValue: method) else {
            throw ValidationError("--method must be one of \(CertificateMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let noise = try makeNoise(name: self.noise, dim: dim, sigma: sigma, lambd: lambd, k: k, j: j, a: a, p: self.p)
        let cache = tablesDir.map { TableCache(directory: URL(fileURLWithPath: $0, isDirectory: true)) } ?? .shared
        let rhos = probLb.isEmpty ? RadiiCommand.defaultGrid : probLb
        print("# \(noise)")
        print("# adversary \(p.isInfinite ? "ℓ∞" : "ℓ\(adv)"), method \(route.rawValue)")
        print("prob_lb\tradius")
        for rho in rhos {
            let radius = try noise.certify(rho, adv: p, method: route, cache: cache)
            print(String(format: "%.10g\t%.10g", rho, radius))
        }
    }

    static let defaultGrid: [Double] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 0.995, 0.999]
}
