// The public Swift API: `import RS4A` brings the numerics, the noise library
// and the network engine along with the smoothing layer.
@_exported import RS4ANumerics
@_exported import RS4ANoises
@_exported import RS4ANet
