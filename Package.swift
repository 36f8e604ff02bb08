// swift-tools-version: 6.0
// Mimic: record X11 desktop work, build datasets, train a vision-action Transformer on CPU, act.
// Targets follow the parts in docs/architecture.md; dependencies point downward only.
import PackageDescription

let package = Package(
    name: "mimic",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mimic", targets: ["mimic"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System-library shims.
        .systemLibrary(name: "CX11", pkgConfig: "x11 xtst xext xfixes"),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas"),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16")]),

        // Pure parts: build and test without a display.
        .target(name: "Imaging", dependencies: ["CPNG"]),
        .target(name: "Episode", dependencies: ["Imaging"]),
        .target(name: "SafeTensors"),

        // X11: screen grabs and the input tap (Capture); input injection (Control).
        .target(name: "Capture", dependencies: ["CX11", "Episode", "Imaging"]),

        // The command line.
        .executableTarget(
            name: "mimic",
            dependencies: [
                "Capture", "Episode", "Imaging", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helper programs the tests start as child processes (not installed for users).
        .executableTarget(name: "mimic-test-fixtures", dependencies: ["Episode", "Imaging", "TestSupport"]),

        .target(name: "TestSupport", dependencies: ["Episode", "Imaging"], path: "Tests/TestSupport"),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "TestSupport"]),
        .testTarget(
            name: "EpisodeTests",
            dependencies: ["Episode", "Imaging", "TestSupport", "mimic-test-fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
