import Foundation
import RS4AData
import XCTest

/// The whole experiment workflow on real data small enough for CI (the shipped handwritten
/// digits): `rs4a-cli train` a LeNet for a few epochs under Uniform noise, `rs4a-cli test` with a
/// few hundred certification draws, `rs4a-cli analyze` — the model must learn and every file
/// must be complete and consistent.
final class WorkflowEndToEndTests: XCTestCase {
    func testTrainTestAnalyzeOnDigits() throws {
        let out = try CLI.scratch("e2e")
        let name = "digits_UniformNoise_0.5"
        let common = ["--dataset", "digits", "--data-dir", datasetFixtures.path, "--model", "LeNet", "--noise", "UniformNoise",
                      "--sigma", "0.5", "--experiment-name", name, "--output-dir", out.path]
        let train = try CLI.run(["train"] + common + ["--num-epochs", "4", "--lr", "0.05", "--batch-size", "64", "--threads", "2", "--seed", "1",
                                                      "--save-every", "2"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let dir = out.appendingPathComponent(name)
        try assertTrainingFiles(dir, name: name)

        let test = try CLI.run(["test"] + common + ["--sample-size-cert", "300", "--noise-batch-size", "256", "--dataset-skip", "2",
                                                    "--train-dataset-skip", "10", "--seed", "5"])
        XCTAssertEqual(test.status, 0, test.stderr)
        let n = 149  // ⌈297 / 2⌉ test images
        let preds = try NpyFormat.read(dir.appendingPathComponent("preds.npy"))
        XCTAssertEqual(preds.shape, [n, 10])
        let labels = try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints()
        let truth = try DatasetLoader.load(name: "digits", split: .test, dataDir: datasetFixtures)
        XCTAssertEqual(labels, stride(from: 0, to: truth.count, by: 2).map { truth.labels[$0] })
        let p = preds.doubles()
        var top = [Int]()
        for i in 0..<n {
            var best = 0
            for c in 1..<10 where p[i * 10 + c] > p[i * 10 + best] { best = c }
            top.append(best)
        }
        // The model learned: smoothed accuracy far above chance (10 %).
        let accuracy = Double(zip(top, labels).filter { $0.0 == $0.1 }.count) / Double(n)
        XCTAssertGreaterThan(accuracy, 0.7, "smoothed test accuracy after 4 epochs")
        let rho = try NpyFormat.read(dir.appendingPathComponent("prob_lb.npy")).doubles()
        let lambda = 0.5 * 3.0.squareRoot()
        for name in ["preds_nll", "radius_l1", "radius_l2", "radius_linf"] {
            XCTAssertEqual(try NpyFormat.read(dir.appendingPathComponent("\(name).npy")).shape, [n], name)
        }
        let r1 = try NpyFormat.read(dir.appendingPathComponent("radius_l1.npy")).doubles()
        for i in 0..<n { XCTAssertEqual(r1[i], rho[i] > 0.5 ? 2 * lambda * (rho[i] - 0.5) : 0, accuracy: 1e-9) }
        XCTAssertGreaterThan(Double(r1.filter { $0 > 0 }.count) / Double(n), 0.5, "most test images certified")
        let accTrain = try NpyFormat.read(dir.appendingPathComponent("acc_train.npy")).doubles()
        XCTAssertEqual(accTrain.count, 2)
        XCTAssertGreaterThan(accTrain[0], 0.7)
        try assertCSVMatchesArrays(dir, count: n, classes: 10)

        let analyze = try CLI.run(["analyze", "--dir", out.path, "--adv", "1"])
        XCTAssertEqual(analyze.status, 0, analyze.stderr)
        XCTAssertTrue(analyze.stdout.contains("Uniform"), analyze.stdout)
        let table = try String(contentsOf: out.appendingPathComponent("results_digits_l1.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(table.count, 82)
        let first = table[1].split(separator: ",")
        XCTAssertEqual(Double(first[5])!, accuracy, accuracy: 1e-12, "certified accuracy at radius 0 = accuracy of certified-or-not top classes with radius ≥ 0")
        XCTAssertEqual(Double(first[4])!, accTrain[0], accuracy: 1e-12)
        for f in ["certified_accuracies_l1.png", "per_sigma_l1.png", "train_test_accuracies.png"] {
            XCTAssertNoThrow(try ImageCodecs.decode(try Data(contentsOf: out.appendingPathComponent(f)), file: f))
        }
    }

    /// What `train` leaves: the final and periodic checkpoints (every 2nd epoch: after epochs 2
    /// and 4, in folders 1/ and 3/ as the reference names them), args.json with the flags, and the
    /// loss log (24 batches per epoch, logged at iterations 0 and 20).
    private func assertTrainingFiles(_ dir: URL, name: String) throws {
        for f in ["model_ckpt.torch", "1/model_ckpt.torch", "3/model_ckpt.torch"] {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            XCTAssertEqual(Array(data.prefix(2)), [0x50, 0x4B], "\(f) is a zip (PyTorch) checkpoint")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("0/model_ckpt.torch").path))
        XCTAssertNotEqual(try Data(contentsOf: dir.appendingPathComponent("1/model_ckpt.torch")),
                          try Data(contentsOf: dir.appendingPathComponent("3/model_ckpt.torch")))
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("3/model_ckpt.torch")),
                       try Data(contentsOf: dir.appendingPathComponent("model_ckpt.torch")), "epoch 4 is the final model")
        let args = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("args.json"))) as? [String: Any] ?? [:]
        XCTAssertEqual(args["model"] as? String, "LeNet")
        XCTAssertEqual(args["dataset"] as? String, "digits")
        XCTAssertEqual(args["model_dataset"] as? String, "mnist")
        XCTAssertEqual(args["noise"] as? String, "UniformNoise")
        XCTAssertEqual(args["sigma"] as? Double, 0.5)
        XCTAssertEqual(args["num_epochs"] as? Int, 4)
        XCTAssertEqual(args["lr"] as? Double, 0.05)
        XCTAssertEqual(args["batch_size"] as? Int, 64)
        XCTAssertEqual(args["save_every"] as? Int, 2)
        XCTAssertEqual(args["seed"] as? Int, 1)
        XCTAssertEqual(args["experiment_name"] as? String, name)
        let losses = try NpyFormat.read(dir.appendingPathComponent("losses_train.npy"))
        XCTAssertEqual(losses.shape, [8])
        let l = losses.doubles()
        XCTAssertTrue(l.allSatisfy { $0.isFinite && $0 > 0 }, "\(l)")
        XCTAssertLessThan(l[6...].reduce(0, +), l[..<2].reduce(0, +), "the loss falls")
    }

    /// results.csv holds exactly the values of the .npy files (and the per-class frequencies of preds.npy).
    private func assertCSVMatchesArrays(_ dir: URL, count n: Int, classes k: Int) throws {
        let lines = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, n + 1)
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        func column(_ name: String) -> [Double] {
            guard let c = header.firstIndex(of: name) else { XCTFail("no column \(name)"); return [] }
            return rows.map { $0[c] }
        }
        XCTAssertEqual(column("index"), (0..<n).map(Double.init))
        XCTAssertEqual(column("label"), try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints().map(Double.init))
        for name in ["prob_lb", "preds_nll", "radius_l1", "radius_l2", "radius_linf"] {
            XCTAssertEqual(column(name), try NpyFormat.read(dir.appendingPathComponent("\(name).npy")).doubles(), name)
        }
        let preds = try NpyFormat.read(dir.appendingPathComponent("preds.npy")).doubles()
        for c in 0..<k {
            XCTAssertEqual(column("preds_\(c)"), (0..<n).map { preds[$0 * k + c] }, "preds_\(c)")
        }
        // pred is the first most frequent class of preds.
        XCTAssertEqual(column("pred"), (0..<n).map { i in
            let row = Array(preds[(i * k)..<((i + 1) * k)])
            return Double(row.firstIndex(of: row.max()!)!)
        })
    }

    /// The CIFAR-10 route through the commands: train one epoch on the python batches, test on
    /// the binary batches (the same images), with the CIFAR geometry of the model.
    func testCIFARFilesThroughTrainAndTest() throws {
        let out = try CLI.scratch("e2e-cifar")
        let common = ["--dataset", "cifar", "--model", "LeNet", "--noise", "GaussianNoise", "--sigma", "0.25",
                      "--experiment-name", "cifar_GaussianNoise_0.25", "--output-dir", out.path]
        let train = try CLI.run(["train", "--data-dir", datasetFixtures.appendingPathComponent("cifar-py").path, "--num-epochs", "1",
                                 "--batch-size", "4"] + common)
        XCTAssertEqual(train.status, 0, train.stderr)
        let test = try CLI.run(["test", "--data-dir", datasetFixtures.appendingPathComponent("cifar-bin").path,
                                "--sample-size-cert", "100", "--noise-batch-size", "64"] + common)
        XCTAssertEqual(test.status, 0, test.stderr)
        let dir = out.appendingPathComponent("cifar_GaussianNoise_0.25")
        XCTAssertEqual(try NpyFormat.read(dir.appendingPathComponent("preds.npy")).shape, [3, 10])
        let expected = try NpzFormat.read(datasetFixtures.appendingPathComponent("cifar_expected.npz"))
        XCTAssertEqual(try NpyFormat.read(dir.appendingPathComponent("labels.npy")).ints(), try expected["y_test"]!.ints())
        let rho = try NpyFormat.read(dir.appendingPathComponent("prob_lb.npy")).doubles()
        let r2 = try NpyFormat.read(dir.appendingPathComponent("radius_l2.npy")).doubles()
        XCTAssertEqual(r2.count, 3)
        // Gaussian ℓ2 radius σ·Φ⁻¹(ρ) is 0 exactly when ρ ≤ ½.
        for (r, p) in zip(r2, rho) { XCTAssertEqual(r == 0, p <= 0.5) }
    }
}
