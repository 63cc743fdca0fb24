import Foundation
import RS4A

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
                                              : try NpyFile.read(inputPath)
    let perImage = Array(array.shape.suffix(3))
    guard array.values.count % dim == 0, array.values.count > 0,
          perImage == network.inputShape || array.shape.last == dim else {
        throw DemoError("\(inputPath) has shape \(array.shape); the model takes N×\(network.inputShape.map(String.init).joined(separator: "×"))")
    }
    let count = array.values.count / dim
    var labels: [Int]?
    if let labelPath {
        let l = try NpyFile.read(labelPath)
        guard l.values.count == count else { throw DemoError("\(labelPath) has \(l.values.count) labels for \(count) inputs") }
        labels = l.values.map { Int($0) }
    }
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
    let results = try certify(network, array.values, noise: noise, n0: options.n0, n: options.n, alpha: options.alpha,
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
        // One ρ, three adversaries (the radius for adv came with the certificate).
        let l1 = try noise.certify(r.rhoLowerBound, adv: 1)
        let l2 = try noise.certify(r.rhoLowerBound, adv: 2)
        let linf = try noise.certify(r.rhoLowerBound, adv: .infinity)
        certified += 1
        if let labels, labels[i] == c {
            correct += 1
            radiusSum += r.radius
        }
        print("input \(String(i).padding(3)) \(label.padding(5))  \(String(c).padding(9))  \(format(r.rhoLowerBound, 4))"
              + "    \(format(l1, 4).padding(10))  \(format(l2, 4).padding(10))  \(format(linf, 5))")
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

extension String {
    /// Left-aligned in a column of `width` characters.
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

do {
    try run(try DemoOptions(Array(CommandLine.arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("rs4a-demo: error: \(error)\n".utf8))
    exit(1)
}
