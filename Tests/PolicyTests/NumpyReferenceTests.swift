import SafeTensors
import Dataset
import Foundation
import NN
import Policy
import Testing
import TestSupport

/// The Swift model against tools/reference/policy_numpy.py, an independent float64 implementation in
/// numpy reading the same files: logits, loss terms and the gradient of every weight.
///
/// Stated tolerances, per tensor, on max |swift − numpy| relative to max(|numpy tensor|, floor):
/// logits and losses 2e-5 (floor 1), gradients 1e-4 (floor 1e-2). Measured on this code: about 1e-6
/// (float32 against float64), at most 3e-5 on head.patch.bias, whose exact gradient is 0 (a softmax's
/// logits' gradient sums to zero), so that only rounding remains.
///
/// python3 with numpy is required (tools/setup.sh installs it): when it is missing the test fails, it
/// does not skip. Set MIMIC_SKIP_NUMPY_REFERENCE=1 to leave it out deliberately on a machine without it.
@Suite("numpy reference model (tools/reference/policy_numpy.py)",
       .enabled(if: ProcessInfo.processInfo.environment["MIMIC_SKIP_NUMPY_REFERENCE"] != "1"))
struct NumpyReferenceTests {
    static let script = repositoryRoot + "/tools/reference/policy_numpy.py"

    static func compare(config: PolicyConfig, vocabulary: KeyVocabulary, batch: PolicyBatch, seed: UInt64) throws {
        let check = try run("/usr/bin/env", ["python3", "-c", "import numpy; print(numpy.__version__)"])
        try #require(check.status == 0, "python3 with numpy is needed for this test (run tools/setup.sh): \(check.stderr)")

        let folder = TemporaryFolder("mimic-numpy")
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: seed)
        try model.save(to: folder.file("model.safetensors"))
        try PolicyInputs.file(from: batch, config: config).write(to: folder.file("inputs.safetensors"))

        let result = try run("/usr/bin/env", ["python3", script, "--model", folder.file("model.safetensors"),
                                              "--inputs", folder.file("inputs.safetensors"), "--out", folder.file("numpy.safetensors")])
        try #require(result.status == 0, "policy_numpy.py failed: \(result.stderr)")
        let reference = try SafeTensorsFile.read(path: folder.file("numpy.safetensors"))

        let logits = try model.forward(batch, allOffsets: true)
        let loss = try model.lossAndGradients(batch)
        var worst: [String: Double] = [:]
        func compare(_ name: String, _ got: [Float], tolerance: Double, floor: Double) throws {
            let expected = try reference.floats(name)
            worst[name] = checkTensor(name, got, expected, tolerance: tolerance, floor: floor)
        }
        try compare("logits.type", logits.type, tolerance: 2e-5, floor: 1)
        try compare("logits.key", logits.key, tolerance: 2e-5, floor: 1)
        try compare("logits.mods", logits.modifiers, tolerance: 2e-5, floor: 1)
        try compare("logits.patch", logits.patch, tolerance: 2e-5, floor: 1)
        try compare("logits.offset", logits.offset!, tolerance: 2e-5, floor: 1)
        for (name, value) in [("loss", loss.total), ("loss.type", loss.type), ("loss.patch", loss.patch),
                              ("loss.offset", loss.offset), ("loss.key", loss.key), ("loss.mods", loss.modifiers)] {
            try compare(name, [Float(value)], tolerance: 2e-5, floor: 1)
        }
        for (i, name) in model.parameters.layout.names.enumerated() {
            try compare("grad." + name, model.gradients.tensors[i].values, tolerance: 1e-4, floor: 1e-2)
        }
        let top = worst.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \(String(format: "%.1e", $0.value))" }
        print("numpy reference (\(config.layers) layers, d \(config.width), batch \(batch.size)): \(worst.count) tensors, loss \(loss.total); largest relative differences: \(top.joined(separator: ", "))")
    }

    @Test("tiny config: logits, loss terms and every gradient match")
    func tiny() throws {
        let (config, vocabulary) = tinyConfig()
        try Self.compare(config: config, vocabulary: vocabulary, batch: tinyBatch(config, size: 8), seed: 5)
    }

    @Test("with the options of the demo preset (a stem, its pooling, colour cells, a pointer query): logits, loss terms and every gradient match")
    func stemAndColors() throws {
        var (config, vocabulary) = tinyConfig()
        config.stemChannels = [4, 6]
        config.stemPool = true
        config.colorCells = 2
        config.patchQuery = 6
        try Self.compare(config: config, vocabulary: vocabulary, batch: tinyBatch(config, size: 8), seed: 5)
    }

    @Test("with the pointer query's row maxima, with and without a stem: logits, loss terms and every gradient match",
          arguments: [[], [4, 6]] as [[Int]])
    func queryRows(stem: [Int]) throws {
        var (config, vocabulary) = tinyConfig()
        config.stemChannels = stem
        config.patchQuery = 6
        config.patchQueryRows = true
        try Self.compare(config: config, vocabulary: vocabulary, batch: tinyBatch(config, size: 8), seed: 5)
    }

    @Test("default config, batch 2: logits, loss terms and every gradient match")
    func defaultConfig() throws {
        let config = PolicyConfig()
        var batch = PolicyInputs.random(config: config, batch: 2, seed: 9)
        batch.targets!.type = [ActionType.click.rawValue, ActionType.key.rawValue]
        try Self.compare(config: config, vocabulary: .standard, batch: batch, seed: 1)
    }
}
