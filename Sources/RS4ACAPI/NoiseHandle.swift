import Foundation
import RS4A

// The object behind an rs4a_noise: an immutable noise and its short name as a C string.

final class NoiseHandle {
    let noise: any Noise
    let cName: UnsafeMutablePointer<CChar>

    init(_ noise: any Noise) {
        self.noise = noise
        self.cName = strdup(noise.kind.shortName)
    }

    deinit { Foundation.free(cName) }
}

func noiseHandle(_ handle: OpaquePointer?) throws -> NoiseHandle {
    try HandleRegistry.shared.lookup(handle, .noise, as: NoiseHandle.self, name: "noise")
}
