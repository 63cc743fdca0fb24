import Foundation
import RS4A
import RS4AData

// rs4a-demo: the README example end to end. Loads a model, certifies every input with Cohen's
// CERTIFY (n0 selection draws, n estimation draws, one-sided Clopper–Pearson at level alpha),
// and prints per input the true label, the prediction, ρ and the ℓ1/ℓ2/ℓ∞ radii.

/// The shipped demo files: relative to the working directory, else to this source tree.
func shipped(_ name: String) -> String {
    let local = "ckpts/demo/" + name
    if FileManager.default.fileExists(atPath: local) { return local }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../ckpts/demo/" + name)
        .standardized.path
}

func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

func run(_ options: DemoOptions) throws {
    let checkpoint = options.checkpoint ?? shipped("lenet_digits_uniform_050.pt")
    let inputPath = options.input ?? shipped("examples.npy")
    let labelPath = options.labels ?? (options.input == nil ? shipped("examples_labels.npy") : nil)

    let network = try Network.load(architecture: options.architecture, dataset: options.dataset,
                                   checkpoint: URL(fileURLWithPath: checkpoint), threads: 1)
    let dim = network.inputDimension
    let array = ImageInput.isImage(inputPath) ? try ImageInput.read(inputPath, shape: network.inputShape)
                                              : try NpyFormat.read(URL(fileURLWithPath: inputPath))
    let values = array.floats()
    let perImage = Array(array.shape.suffix(3))
    guard values.count % dim == 0, values.count > 0,
          perImage == network.inputShape || array.shape.last == dim else {
        throw DemoError("\(inputPath) has shape \(array.shape); the model takes N×\(network.inputShape.map(String.init).joined(separator: "×"))")
    }
    let count = values.count / dim
    let labels = try labelPath.map { try readLabels($0, count: count, classes: network.classes) }
    let noise = try makeNoise(name: options.noise, dim: dim, sigma: options.lambd == nil ? options.sigma : nil,
                              lambd: options.lambd, k: options.k, j: options.j, a: options.a, p: options.p)
    let smoothing = SmoothingOptions(noiseBatchSize: options.batch, seed: options.seed, threads: options.threads,
                                     bound: options.twoSided ? .twoSided : .oneSided)

    print("rs4a \(RS4AVersion.string) demo — randomized smoothing certificates")
    print("model:   \(options.architecture)/\(options.dataset) from \(checkpoint)")
    print("inputs:  \(count) from \(inputPath)")
    print("noise:   \(noise)")
    print("certify: n0 = \(options.n0), n = \(options.n), alpha = \(options.alpha), "
          + "\(options.twoSided ? "two" : "one")-sided Clopper–Pearson, seed = \(options.seed), threads = \(options.threads)")
    print("")
    let start = Date()
    let results = try certify(network, values, noise: noise, n0: options.n0, n: options.n, alpha: options.alpha,
                              adv: options.adv, options: smoothing)
    let seconds = Date().timeIntervalSince(start)

    print("input #   label  prediction rho       l1 radius   l2 radius   linf radius")
    var certified = 0, correct = 0, radiusSum = 0.0
    for (i, r) in results.enumerated() {
        let label = labels.map { String($0[i]) } ?? "-"
        guard let c = r.predictedClass else {
            print("input \(String(i).padding(3)) \(label.padding(5))  abstain    \(format(r.rhoLowerBound, 4))")
            continue
        }
        // One ρ, three adversaries (the radius for adv came with the certificate); "n/a" where
        // the noise has no certificate for that norm (e.g. ExpInf ℓ∞ with j ≠ 0).
        let l1 = try radiusColumn(noise, r.rhoLowerBound, adv: 1, digits: 4)
        let l2 = try radiusColumn(noise, r.rhoLowerBound, adv: 2, digits: 4)
        let linf = try radiusColumn(noise, r.rhoLowerBound, adv: .infinity, digits: 5)
        certified += 1
        if let labels, labels[i] == c {
            correct += 1
            radiusSum += r.radius
        }
        print("input \(String(i).padding(3)) \(label.padding(5))  \(String(c).padding(9))  \(format(r.rhoLowerBound, 4))"
              + "    \(l1.padding(10))  \(l2.padding(10))  \(linf)")
    }
    print("")
    var summary = "summary: \(certified)/\(count) certified (the rest abstain)"
    if labels != nil {
        summary += ", \(correct)/\(count) certified and correct"
        if correct > 0 { summary += ", mean ℓ\(options.adv.isInfinite ? "∞" : format(options.adv, 0)) radius of those \(format(radiusSum / Double(correct), 4))" }
    }
    print(summary)
    let draws = Double(count * (options.n0 + options.n))
    print("time:    \(format(seconds, 2)) s for \(Int(draws)) noisy forward passes (\(Int(draws / max(seconds, 1e-9))) per second)")
}

/// The radius against ℓ`adv` with `digits` decimals, or "n/a" when the noise has no certificate for it.
func radiusColumn(_ noise: any Noise, _ rho: Double, adv: Double, digits: Int) throws -> String {
    do {
        return format(try noise.certify(rho, adv: adv), digits)
    } catch NoiseError.noCertificate {
        return "n/a"
    }
}

/// The labels file: one finite integral label in 0..<classes per input.
func readLabels(_ path: String, count: Int, classes: Int) throws -> [Int] {
    let values = try NpyFormat.read(URL(fileURLWithPath: path)).doubles()
    guard values.count == count else { throw DemoError("\(path) has \(values.count) labels for \(count) inputs") }
    return try values.enumerated().map { i, v in
        guard v.isFinite, v.rounded() == v, v >= 0, v < Double(classes) else {
            throw DemoError("\(path): label \(i) is \(v); labels must be integers in 0..<\(classes) (the model's classes)")
        }
        return Int(v)
    }
}

extension String {
    /// Left-aligned in a column of `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

do {
    try run(try DemoOptions(Array(CommandLine.arguments.dropFirst())))
} catch is DemoHelpRequested {
    print(DemoOptions.usage)
} catch {
    FileHandle.standardError.write(Data("rs4a-demo: error: \(error)\n".utf8))
    exit(1)
}
