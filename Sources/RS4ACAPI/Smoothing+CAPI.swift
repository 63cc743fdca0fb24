import RS4A

// Smoothing section of include/rs4a.h: the C calls map onto the smoothing functions on caller
// buffers. Inputs are read in place (never copied whole); results are gathered in scratch
// buffers and copied to the caller's outputs only when the call succeeds.

/// Everything a smoothing call needs, checked: the loaded network, the noise (same dim) and its
/// table cache, the caller's inputs, and the options.
private struct SmoothingCall {
    let network: Network
    let noise: any Noise
    let x: UnsafeBufferPointer<Float>
    let inputs: Int
    let options: SmoothingOptions

    init(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
         _ options: UnsafeRawPointer?) throws {
        let m = try modelHandle(model)
        let noiseHandle = try noiseHandle(noise)
        let n = noiseHandle.noise
        let x = try required(x, "x")
        let network = try m.loadedNetwork()
        guard n.dim == network.inputDimension else {
            throw CAPIError(.shape, "the noise has dim = \(n.dim) but the model takes \(network.inputDimension) values per image")
        }
        self.network = network
        self.noise = n
        self.x = try callerInput(x, rows: nInputs, perRow: network.inputDimension, "x")
        self.inputs = Int(nInputs)
        var options = try (options.map(CSmoothOptions.init) ?? CSmoothOptions()).smoothingOptions(modelThreads: m.threads)
        options.tableCache = noiseHandle.tableCache
        self.options = options
    }

    /// The caller's output of `perInput` values per input, and a scratch buffer of its size.
    func output<T>(_ pointer: UnsafeMutablePointer<T>, perInput: Int, _ name: String) throws
        -> (out: UnsafeMutableBufferPointer<T>, scratch: Scratch<T>) {
        let out = try callerOutput(pointer, rows: Int64(inputs), perRow: perInput, name)
        return (out, try Scratch<T>(count: out.count, name))
    }
}

@_cdecl("rs4a_smooth_predict")
public func rs4a_smooth_predict(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?,
                                _ nInputs: Int64, _ nSamples: Int64, _ soft: Int32, _ options: UnsafeRawPointer?,
                                _ probs: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_smooth_predict") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let k = call.network.classes
        let (out, scratch) = try call.output(try required(probs, "probs"), perInput: k, "probs")
        guard soft == 0 || soft == 1 else { throw CAPIError(.invalidArgument, "soft must be 0 or 1, got \(soft)") }
        guard nSamples >= 1 else { throw CAPIError(.invalidArgument, "n_samples must be ≥ 1, got \(nSamples)") }
        guard call.inputs > 0 else { return }
        let write: (Int, [Double]) -> Void = { i, row in for (j, p) in row.enumerated() { scratch.values[i * k + j] = p } }
        if soft == 1 {
            try smoothPredictSoft(call.network, call.x, noise: call.noise, samples: Int(nSamples), options: call.options,
                                  forEachInput: write)
        } else {
            try smoothPredictHard(call.network, call.x, noise: call.noise, samples: Int(nSamples), options: call.options,
                                  forEachInput: write)
        }
        scratch.copy(to: out)
    }
}

@_cdecl("rs4a_certify_prob_lb")
public func rs4a_certify_prob_lb(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?,
                                 _ nInputs: Int64, _ classes: UnsafePointer<Int64>?, _ alpha: Double, _ nSamples: Int64,
                                 _ options: UnsafeRawPointer?, _ probLB: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_certify_prob_lb") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let chosen = try callerInput(try required(classes, "classes"), rows: nInputs, perRow: 1, "classes")
        let (out, scratch) = try call.output(try required(probLB, "prob_lb"), perInput: 1, "prob_lb")
        guard nSamples >= 1 else { throw CAPIError(.invalidArgument, "n_samples must be ≥ 1, got \(nSamples)") }
        guard alpha > 0, alpha < 1 else { throw CAPIError(.invalidArgument, "alpha must be in (0, 1), got \(alpha)") }
        guard call.inputs > 0 else { return }
        // certifyProbLB checks every class (0..<classes) before any draw.
        try certifyProbLB(call.network, call.x, classOf: { Int(chosen[$0]) }, alpha: alpha, noise: call.noise,
                          samples: Int(nSamples), options: call.options) { i, bound in scratch.values[i] = bound }
        scratch.copy(to: out)
    }
}

@_cdecl("rs4a_certify")
public func rs4a_certify(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
                         _ n0: Int64, _ n: Int64, _ alpha: Double, _ adv: Double, _ options: UnsafeRawPointer?,
                         _ classes: UnsafeMutablePointer<Int64>?, _ radius: UnsafeMutablePointer<Double>?,
                         _ probLB: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_certify") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let (classesOut, classesScratch) = try call.output(try required(classes, "classes"), perInput: 1, "classes")
        let (radiusOut, radiusScratch) = try call.output(try required(radius, "radius"), perInput: 1, "radius")
        let bounds = try probLB.map { try call.output($0, perInput: 1, "prob_lb") }
        guard n0 >= 1, n >= 1 else { throw CAPIError(.invalidArgument, "n0 and n must be ≥ 1, got \(n0) and \(n)") }
        try certify(call.network, call.x, noise: call.noise, n0: Int(n0), n: Int(n), alpha: alpha, adv: adv,
                    options: call.options) { i, r in
            classesScratch.values[i] = Int64(r.predictedClass ?? -1)
            radiusScratch.values[i] = r.radius
            bounds?.scratch.values[i] = r.rhoLowerBound
        }
        classesScratch.copy(to: classesOut)
        radiusScratch.copy(to: radiusOut)
        if let bounds { bounds.scratch.copy(to: bounds.out) }
    }
}

@_cdecl("rs4a_predict")
public func rs4a_predict(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
                         _ n: Int64, _ alpha: Double, _ options: UnsafeRawPointer?,
                         _ classes: UnsafeMutablePointer<Int64>?) -> Int32 {
    capiCall("rs4a_predict") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let (out, scratch) = try call.output(try required(classes, "classes"), perInput: 1, "classes")
        guard n >= 1 else { throw CAPIError(.invalidArgument, "n must be ≥ 1, got \(n)") }
        try predict(call.network, call.x, noise: call.noise, n: Int(n), alpha: alpha, options: call.options) { i, c in
            scratch.values[i] = Int64(c ?? -1)
        }
        scratch.copy(to: out)
    }
}
