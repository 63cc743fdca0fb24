// swift-tools-version:6.0
// rs4a — randomized smoothing of all shapes and sizes.
// Module graph (dependencies point one way):
//   RS4ANumerics ← RS4ANoises ← RS4A → RS4ANet → COpenBLAS, CRS4AKernels (C, runtime ISA dispatch)
//   RS4ACAPI → RS4A (built into librs4a.so); executables → RS4A
import PackageDescription

let package = Package(
    name: "rs4a",
    products: [
        // `swift build -c release` produces librs4a.so: the embeddable C ABI (include/rs4a.h).
        .library(name: "rs4a", type: .dynamic, targets: ["RS4ACAPI"]),
        // The Swift API for Swift users.
        .library(name: "RS4A", targets: ["RS4A"]),
        .executable(name: "rs4a-demo", targets: ["rs4a-demo"]),
        .executable(name: "rs4a-cli", targets: ["rs4a-cli"]),
        .executable(name: "rs4a-bench", targets: ["rs4a-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Header-only: a vector square root the Float32 samplers inline (see vector_math.h).
        .systemLibrary(name: "CRS4AVectorMath"),
        // CPU feature detection and the hand-vectorised kernels (direct convolution), compiled for
        // AVX2 + FMA and AVX-512 and dispatched at run time.
        .target(name: "CRS4AKernels"),
        // Picks OpenBLAS's AVX-512 kernels where its runtime dispatch chose AVX2 ones (see blas_core.c).
        .target(name: "CRS4ABLASCore", dependencies: ["COpenBLAS", "CRS4AKernels"]),
        .target(name: "RS4ANumerics", dependencies: ["CRS4AVectorMath"]),
        .target(name: "RS4ANoises", dependencies: ["RS4ANumerics"]),
        .target(
            name: "RS4ANet",
            dependencies: ["COpenBLAS", "CRS4ABLASCore", "CRS4AKernels", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(name: "RS4A", dependencies: ["RS4ANumerics", "RS4ANoises", "RS4ANet"]),
        .target(name: "RS4ATrain", dependencies: ["RS4ANet", "RS4ANoises", "RS4ANumerics", "COpenBLAS"], exclude: ["README.md"]),
        // gzip, JPEG and PNG through Debian's zlib1g-dev, libjpeg62-turbo-dev and libpng-dev.
        .target(
            name: "CRS4AImageIO",
            linkerSettings: [.linkedLibrary("z"), .linkedLibrary("jpeg"), .linkedLibrary("png16")]
        ),
        // SHA-256 through Debian's libssl-dev (libcrypto).
        .systemLibrary(name: "COpenSSLCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Dataset readers of the experiment workflow (CIFAR-10, MNIST/Fashion IDX, image folders, npy/npz).
        .target(
            name: "RS4AData",
            dependencies: ["CRS4AImageIO", "COpenSSLCrypto", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["README.md"]
        ),
        // include/rs4a.h itself, imported by RS4ACAPI for the layout of rs4a_smooth_options.
        .systemLibrary(name: "CRS4AHeader"),
        .target(
            name: "RS4ACAPI",
            dependencies: ["RS4A", "CRS4AHeader"],
            // librs4a.so.0: the ABI version programs record (NEEDED) and the loader looks for; `make
            // build` links librs4a.so.0 → librs4a.so in the build tree, `make install` installs both.
            linkerSettings: [.unsafeFlags(["-Xlinker", "-soname", "-Xlinker", "librs4a.so.0"])]
        ),
        .executableTarget(name: "rs4a-demo", dependencies: ["RS4A", "RS4AData"]),
        .executableTarget(
            name: "rs4a-cli",
            dependencies: ["RS4A", "RS4AData", "RS4ATrain", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "rs4a-bench", dependencies: ["RS4A", "RS4ATrain", "COpenBLAS"]),
        .testTarget(name: "RS4ANumericsTests", dependencies: ["RS4ANumerics"]),
        .testTarget(name: "RS4ANoisesTests", dependencies: ["RS4ANoises", "RS4ANumerics"]),
        .testTarget(name: "RS4ANetTests", dependencies: ["RS4ANet"]),
        .testTarget(name: "RS4ADataTests", dependencies: ["RS4AData"]),
        .testTarget(name: "RS4ATrainTests", dependencies: ["RS4ATrain", "RS4AData"]),
        .testTarget(name: "RS4ATests", dependencies: ["RS4A"]),
    ],
    swiftLanguageModes: [.v6]
)
