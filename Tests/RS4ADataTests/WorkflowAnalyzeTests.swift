import Foundation
import RS4AData
import XCTest

/// `rs4a-cli analyze` over two experiments (Uniform and Gaussian at σ = 0.5 with the demo model).
final class WorkflowAnalyzeTests: XCTestCase {
    func testAnalyzeWritesCSVTableAndPlots() throws {
        let out = try CLI.scratch("analyze")
        for (noise, name) in [("UniformNoise", "digits_UniformNoise_0.5"), ("GaussianNoise", "digits_GaussianNoise_0.5")] {
            let r = try CLI.run(CLI.testArguments(output: out, name: name, noise: noise))
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try FileManager.default.createDirectory(at: out.appendingPathComponent("not-an-experiment"), withIntermediateDirectories: true)
        let a = try CLI.run(["analyze", "--dir", out.path, "--adv", "1"])
        XCTAssertEqual(a.status, 0, a.stderr)
        // The table: both noises, the eight radii.
        XCTAssertTrue(a.stdout.contains("Uniform") && a.stdout.contains("Gaussian") && a.stdout.contains("r=4"), a.stdout)

        let csv = try String(contentsOf: out.appendingPathComponent("results_digits_l1.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(csv[0], ["experiment_name", "sigma", "noise", "eps", "top_1_acc_train", "top_1_acc_cert", "top_1_acc_pred"])
        XCTAssertEqual(csv.count, 1 + 2 * 81)
        // Rows sorted by noise; eps = linspace(0, 5, 81).
        XCTAssertEqual(csv[1][2], "Gaussian")
        XCTAssertEqual(csv[82][2], "Uniform")
        for k in 0..<81 { XCTAssertEqual(Double(csv[1 + k][3])!, 5.0 * Double(k) / 80, accuracy: 1e-12) }
        // Certified accuracy recomputed from the experiment's arrays.
        let dir = out.appendingPathComponent("digits_UniformNoise_0.5")
        let preds = try NpyFormat.read(dir.appendingPathComponent("preds.npy")).doubles()
        let labels = try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints()
        let radius = try NpyFormat.read(dir.appendingPathComponent("radius_l1.npy")).doubles()
        var top = [Int]()
        for i in 0..<labels.count {
            var best = 0
            for c in 1..<10 where preds[i * 10 + c] > preds[i * 10 + best] { best = c }
            top.append(best)
        }
        for k in [0, 4, 8, 13, 80] {
            let eps = 5.0 * Double(k) / 80
            var hits = 0
            for i in 0..<labels.count where top[i] == labels[i] && radius[i] >= eps { hits += 1 }
            let expected = Double(hits) / Double(labels.count)
            XCTAssertEqual(Double(csv[82 + k][5])!, expected, accuracy: 1e-12, "eps \(eps)")
        }
        let clean = Double(zip(top, labels).filter { $0.0 == $0.1 }.count) / Double(labels.count)
        XCTAssertEqual(Double(csv[82][6])!, clean, accuracy: 1e-12)
        XCTAssertGreaterThan(clean, 0.8)
        let accTrain = try NpyFormat.read(dir.appendingPathComponent("acc_train.npy")).doubles()[0]
        XCTAssertEqual(Double(csv[82][4])!, accTrain, accuracy: 1e-12)
        // Curves never increase with the radius.
        for e in 0..<2 { for k in 1..<81 { XCTAssertLessThanOrEqual(Double(csv[1 + e * 81 + k][5])!, Double(csv[e * 81 + k][5])!) } }

        // Plots: PNG files of plausible size that decode.
        for f in ["certified_accuracies_l1.png", "per_sigma_l1.png", "train_test_accuracies.png"] {
            let data = try Data(contentsOf: out.appendingPathComponent(f))
            let image = try ImageCodecs.decode(data, file: f)
            XCTAssertGreaterThan(image.width, 400, f)
            XCTAssertGreaterThan(image.height, 250, f)
            XCTAssertGreaterThan(Set(image.pixels).count, 8, "\(f) has drawn content")
        }
    }

    func testAnalyzeErrors() throws {
        let empty = try CLI.scratch("analyze-empty")
        let r = try CLI.run(["analyze", "--dir", empty.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("no finished experiments"), r.stderr)
        let bad = try CLI.run(["analyze", "--dir", empty.path, "--adv", "3"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--adv"), bad.stderr)
    }
}
