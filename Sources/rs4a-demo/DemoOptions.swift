import Foundation
import RS4A

// Command-line options of rs4a-demo (no arguments: the README example on the shipped model).

struct DemoOptions {
    var architecture = "LeNet"
    var dataset = "mnist"
    var checkpoint: String?
    var input: String?
    var labels: String?
    var noise = "Uniform"
    var sigma: Double? = nil
    var lambd: Double? = nil
    var k: Double?, j: Double?, a: Double?, p: Double?
    var n0 = 64
    var n = 10_000
    var alpha = 0.001
    var adv = 1.0
    var seed: UInt64 = 0
    var threads = Parallel.defaultThreadCount
    var batch = 512
    var twoSided = false

    static let usage = """
        usage: rs4a-demo [--arch NAME --dataset NAME --checkpoint FILE.pt --input FILE.npy|FILE.png|FILE.jpg [--labels FILE.npy]]
                         [--noise NAME] [--sigma S | --lambd L] [--k K] [--j J] [--a A] [--p P]
                         [--n0 64] [--n 10000] [--alpha 0.001] [--adv 1] [--seed 0] [--threads T]
                         [--batch 512] [--two-sided]
        With no arguments: the shipped LeNet on ckpts/demo/examples.npy, Uniform noise sigma 0.5.
        Inputs are .npy arrays (float32/float64/uint8…) of shape N×C×H×W or C×H×W, or one PNG/JPEG image
        (converted to the model's channels and resized to its H×W, values in [0, 1]).
        """

    init(_ arguments: [String]) throws {
        var it = arguments.makeIterator()
        func value(_ flag: String) throws -> String {
            guard let v = it.next() else { throw DemoError("\(flag) needs a value\n\(Self.usage)") }
            return v
        }
        func number<T: LosslessStringConvertible>(_ flag: String, _ type: T.Type) throws -> T {
            let text = try value(flag)
            guard let v = T(text) else { throw DemoError("\(flag): '\(text)' is not a valid \(T.self)") }
            return v
        }
        while let flag = it.next() {
            switch flag {
            case "--arch", "--architecture": architecture = try value(flag)
            case "--dataset": dataset = try value(flag)
            case "--checkpoint": checkpoint = try value(flag)
            case "--input": input = try value(flag)
            case "--labels": labels = try value(flag)
            case "--noise": noise = try value(flag)
            case "--sigma": sigma = try number(flag, Double.self)
            case "--lambd", "--lambda": lambd = try number(flag, Double.self)
            case "--k": k = try number(flag, Double.self)
            case "--j": j = try number(flag, Double.self)
            case "--a": a = try number(flag, Double.self)
            case "--p": p = try number(flag, Double.self)
            case "--n0": n0 = try number(flag, Int.self)
            case "--n": n = try number(flag, Int.self)
            case "--alpha": alpha = try number(flag, Double.self)
            case "--adv":
                let text = try value(flag)
                guard let v = text.lowercased().hasPrefix("inf") ? Double.infinity : Double(text) else {
                    throw DemoError("--adv: '\(text)' is not a number (1, 2, inf, …)")
                }
                adv = v
            case "--seed": seed = try number(flag, UInt64.self)
            case "--threads": threads = try number(flag, Int.self)
            case "--batch": batch = try number(flag, Int.self)
            case "--two-sided": twoSided = true
            case "-h", "--help": throw DemoHelpRequested()
            default: throw DemoError("unknown option \(flag)\n\(Self.usage)")
            }
        }
        if sigma == nil && lambd == nil { sigma = 0.5 }
        guard n0 >= 1, n >= 1 else { throw DemoError("--n0 and --n must be ≥ 1 (got \(n0) and \(n))") }
        guard alpha > 0, alpha < 1 else { throw DemoError("--alpha must be in (0, 1) (got \(alpha))") }
        guard threads >= 1, batch >= 1 else { throw DemoError("--threads and --batch must be ≥ 1 (got \(threads) and \(batch))") }
        if (checkpoint == nil) != (input == nil) {
            throw DemoError("give both --checkpoint and --input (or neither, for the shipped example)")
        }
    }
}

/// `--help`: the demo prints the usage on standard output and exits with status 0.
struct DemoHelpRequested: Error {}

/// A message for the user; the demo prints it and exits with status 1.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
