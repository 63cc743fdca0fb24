import RS4A

// Smoothing section of include/rs4a.h: the C calls map onto the Swift smoothing functions.

/// Everything a smoothing call needs, checked: the loaded network, the noise (same dim),
/// the inputs copied into an array, and the options.
private struct SmoothingCall {
    let network: Network
    let noise: any Noise
    let x: [Float]
    let inputs: Int
    let options: SmoothingOptions

    init(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
         _ options: UnsafeRawPointer?) throws {
        let m = try modelHandle(model)
        let n = try noiseHandle(noise).noise
        let x = try required(x, "x")
        let network = try m.loadedNetwork()
        guard n.dim == network.inputDimension else {
            throw CAPIError(.shape, "the noise has dim = \(n.dim) but the model takes \(network.inputDimension) values per image")
        }
        let count = try elementCount(nInputs, network.inputDimension, "x")
        self.network = network
        self.noise = n
        self.x = Array(UnsafeBufferPointer(start: x, count: count))
        self.inputs = Int(nInputs)
        self.options = try (options.map(CSmoothOptions.init) ?? CSmoothOptions()).smoothingOptions(modelThreads: m.threads)
    }
}

@_cdecl("rs4a_smooth_predict")
public func rs4a_smooth_predict(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?,
                                _ nInputs: Int64, _ nSamples: Int64, _ soft: Int32, _ options: UnsafeRawPointer?,
                                _ probs: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_smooth_predict") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let probs = try required(probs, "probs")
        guard soft == 0 || soft == 1 else { throw CAPIError(.invalidArgument, "soft must be 0 or 1, got \(soft)") }
        guard nSamples >= 1 else { throw CAPIError(.invalidArgument, "n_samples must be ≥ 1, got \(nSamples)") }
        guard call.inputs > 0 else { return }
        let rows = soft == 1
            ? try smoothPredictSoft(call.network, call.x, noise: call.noise, samples: Int(nSamples), options: call.options)
            : try smoothPredictHard(call.network, call.x, noise: call.noise, samples: Int(nSamples), options: call.options)
        let k = call.network.classes
        for (i, row) in rows.enumerated() { for (j, p) in row.enumerated() { probs[i * k + j] = p } }
    }
}

@_cdecl("rs4a_certify_prob_lb")
public func rs4a_certify_prob_lb(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?,
                                 _ nInputs: Int64, _ classes: UnsafePointer<Int64>?, _ alpha: Double, _ nSamples: Int64,
                                 _ options: UnsafeRawPointer?, _ probLB: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_certify_prob_lb") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let classes = try required(classes, "classes"), probLB = try required(probLB, "prob_lb")
        guard nSamples >= 1 else { throw CAPIError(.invalidArgument, "n_samples must be ≥ 1, got \(nSamples)") }
        guard alpha > 0, alpha < 1 else { throw CAPIError(.invalidArgument, "alpha must be in (0, 1), got \(alpha)") }
        guard call.inputs > 0 else { return }
        let k = Int64(call.network.classes)
        var chosen: [Int] = []
        for i in 0..<call.inputs {
            guard classes[i] >= 0, classes[i] < k else {
                throw CAPIError(.invalidArgument, "classes[\(i)] = \(classes[i]) is not in 0..<\(k)")
            }
            chosen.append(Int(classes[i]))
        }
        let bounds = try certifyProbLB(call.network, call.x, classes: chosen, alpha: alpha, noise: call.noise,
                                       samples: Int(nSamples), options: call.options)
        for (i, b) in bounds.enumerated() { probLB[i] = b }
    }
}

@_cdecl("rs4a_certify")
public func rs4a_certify(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
                         _ n0: Int64, _ n: Int64, _ alpha: Double, _ adv: Double, _ options: UnsafeRawPointer?,
                         _ classes: UnsafeMutablePointer<Int64>?, _ radius: UnsafeMutablePointer<Double>?,
                         _ probLB: UnsafeMutablePointer<Double>?) -> Int32 {
    capiCall("rs4a_certify") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let classes = try required(classes, "classes"), radius = try required(radius, "radius")
        guard n0 >= 1, n >= 1 else { throw CAPIError(.invalidArgument, "n0 and n must be ≥ 1, got \(n0) and \(n)") }
        let results = try certify(call.network, call.x, noise: call.noise, n0: Int(n0), n: Int(n), alpha: alpha, adv: adv,
                                  options: call.options)
        for (i, r) in results.enumerated() {
            classes[i] = Int64(r.predictedClass ?? -1)
            radius[i] = r.radius
            probLB?[i] = r.rhoLowerBound
        }
    }
}

@_cdecl("rs4a_predict")
public func rs4a_predict(_ model: OpaquePointer?, _ noise: OpaquePointer?, _ x: UnsafePointer<Float>?, _ nInputs: Int64,
                         _ n: Int64, _ alpha: Double, _ options: UnsafeRawPointer?,
                         _ classes: UnsafeMutablePointer<Int64>?) -> Int32 {
    capiCall("rs4a_predict") {
        let call = try SmoothingCall(model, noise, x, nInputs, options)
        let classes = try required(classes, "classes")
        guard n >= 1 else { throw CAPIError(.invalidArgument, "n must be ≥ 1, got \(n)") }
        let results = try predict(call.network, call.x, noise: call.noise, n: Int(n), alpha: alpha, options: call.options)
        for (i, c) in results.enumerated() { classes[i] = Int64(c ?? -1) }
    }
}
