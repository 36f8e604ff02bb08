// swift-tools-version: 6.0
// Mimic: record X11 desktop work, build datasets, train a vision-action Transformer on CPU, act.
// Targets follow the parts in docs/architecture.md; dependencies point downward only.
import PackageDescription

// NN's kernels (softmax, GELU, LayerNorm) are written as 8-wide SIMD: on x86-64 build them for AVX2,
// which every x86 machine Mimic runs on has (about 2x faster than the SSE2 baseline).
#if arch(x86_64)
let nnSwiftSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let nnSwiftSettings: [SwiftSetting] = []
#endif

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
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),

        // Pure parts: build and test without a display.
        // Primitives every part shares: geometry, the seeded generator, statistics.
        .target(name: "Primitives"),
        .target(name: "Imaging", dependencies: ["Primitives", "CPNG"]),
        .target(name: "Episode", dependencies: ["Primitives", "Imaging"]),
        .target(name: "SafeTensors"),
        .target(name: "Dataset", dependencies: ["Primitives", "Episode", "Imaging", "SafeTensors"]),
        // HTML that several parts write: escaping, SVG charts, the evaluation report (eval.json) and its page.
        .target(name: "Report", dependencies: ["Episode"], resources: [.embedInCode("Resources")]),
        // `mimic view`: HTML pages of episodes, datasets, training runs and evaluations.
        .target(name: "Viewer", dependencies: ["Report", "Episode", "Dataset", "Imaging", "Training"], resources: [.embedInCode("Resources")]),

        // X11: the one Xlib connection type, its error and the process's non-fatal X error handlers (X11);
        // screen grabs and the input tap (Capture); input injection (Control).
        .target(name: "X11", dependencies: ["CX11"]),
        .target(name: "Capture", dependencies: ["Primitives", "CX11", "X11", "Episode", "Imaging"]),
        // Synthetic X workloads (a changing screen, an input storm) for benchmarks.
        .target(name: "Workloads", dependencies: ["Primitives", "CX11", "X11", "Imaging"]),
        .target(name: "Control", dependencies: ["CX11", "X11", "Episode"]),
        // Replay of episodes onto a display, timed and verified against the recorded screen (`mimic replay`).
        .target(name: "Replay", dependencies: ["Primitives", "Control", "Capture", "Episode", "Imaging"]),
        // The closed-loop agent: grab, decide (a model or a baseline), act through XTest (`mimic run`).
        .target(name: "Agent", dependencies: ["Primitives", "Control", "Capture", "Dataset", "Episode", "Imaging", "NN", "Policy", "SafeTensors"]),
        // Built-in X11 tasks, their scripted experts and success checks (`mimic gym`).
        .target(name: "Gym", dependencies: ["Primitives", "CX11", "X11", "Control", "Capture", "Episode", "Imaging"]),
        .target(name: "NN", dependencies: ["Primitives", "CBLAS", "SafeTensors"], swiftSettings: nnSwiftSettings),
        .target(name: "Policy", dependencies: ["Primitives", "NN", "Dataset", "SafeTensors"]),
        // The training loop, schedules, checkpoints, metrics and the run report (`mimic train`).
        .target(name: "Training", dependencies: ["Report", "Primitives", "Dataset", "Episode", "Imaging", "NN", "Policy", "SafeTensors"], resources: [.embedInCode("Resources")]),
        // A model against the random agent and the expert on the built-in tasks; offline scores (`mimic eval`, `mimic score`).
        .target(name: "Evaluation", dependencies: ["Primitives", "Report", "Capture", "Control", "Dataset", "Episode", "Gym", "Agent", "Policy", "Training", "Viewer"]),
        // The benchmarks behind `mimic bench`: each takes its options and returns its figures, and formats them as lines.
        .target(name: "Benchmarks", dependencies: ["Primitives", "Workloads", "Imaging", "Episode", "Dataset", "CBLAS", "NN", "Policy", "Training", "Capture", "Control", "Gym", "Agent"]),
        // `mimic demo`'s pipeline and recipe: expert demonstrations on private displays, dataset, training, evaluation.
        .target(name: "Demo", dependencies: ["Capture", "Dataset", "Evaluation", "Gym", "Report", "Training"]),

        // The command line.
        .executableTarget(
            name: "mimic",
            dependencies: [
                "Primitives", "Agent", "Benchmarks", "Capture", "Control", "Dataset", "Demo", "Episode", "Evaluation", "Gym", "Imaging", "NN", "Replay", "Report", "SafeTensors", "Policy", "Training", "Viewer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helper programs the tests start as child processes (not installed for users).
        .executableTarget(name: "mimic-test-fixtures", dependencies: ["CX11", "Episode", "Imaging", "TestSupport"]),

        .target(name: "TestSupport", dependencies: ["Episode", "Imaging"], path: "Tests/TestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "ImagingTests", dependencies: ["Primitives", "Imaging", "TestSupport"]),
        .testTarget(name: "DatasetTests", dependencies: ["Primitives", "Dataset", "Episode", "Imaging", "SafeTensors", "TestSupport", "mimic"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Dataset", "Episode", "Gym", "TestSupport", "mimic"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "TestSupport"]),
        .testTarget(name: "ViewerTests", dependencies: ["Viewer", "Report", "Training", "Dataset", "Episode", "Imaging", "TestSupport", "mimic"]),
        .testTarget(
            name: "RecorderTests",
            dependencies: ["Capture", "Episode", "Imaging", "TestSupport", "mimic", "mimic-test-fixtures"]
        ),
        .testTarget(name: "AgentTests", dependencies: ["Primitives", "Agent", "Dataset", "Episode"]),
        .testTarget(name: "ControlTests", dependencies: ["Control", "Capture", "Episode", "TestSupport", "mimic-test-fixtures"]),
        .testTarget(
            name: "ReplayTests",
            dependencies: ["Replay", "Control", "Capture", "Episode", "Imaging", "TestSupport", "mimic", "mimic-test-fixtures"]
        ),
        .testTarget(name: "GymTests", dependencies: ["Primitives", "Gym", "Capture", "Control", "Episode", "Dataset", "Imaging", "TestSupport", "mimic"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Primitives", "Report", "Evaluation", "Gym", "Agent", "Capture", "Control", "Episode", "Dataset", "Imaging", "NN", "Policy", "Training", "Viewer", "TestSupport", "mimic"]
        ),
        .testTarget(name: "ReportTests", dependencies: ["Report"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Agent", "Dataset", "NN"]),
        // Tensor comparisons and finite differences that NNTests and PolicyTests share.
        .target(name: "NumericChecks", dependencies: ["Primitives", "NN"], path: "Tests/NumericChecks"),
        .testTarget(name: "NNTests", dependencies: ["Primitives", "NN", "NumericChecks", "SafeTensors"]),
        .testTarget(name: "PolicyTests", dependencies: ["Primitives", "Agent", "NumericChecks", "Policy", "Dataset", "NN", "SafeTensors", "Imaging", "TestSupport", "mimic"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Policy", "NN", "SafeTensors", "Dataset", "Imaging", "TestSupport", "mimic"]),
        .testTarget(
            name: "EpisodeTests",
            dependencies: ["Episode", "Imaging", "TestSupport", "mimic", "mimic-test-fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
