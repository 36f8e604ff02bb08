import Agent
import Dataset
import Foundation
import Imaging
import NN
import Policy
import Primitives
import SafeTensors
import TestSupport
import Testing

/// `mimic model init`, `mimic model forward`, `mimic predict` and `mimic bench train-step`, run as a user would.
@Suite("model commands")
struct CommandTests {
    static let tiny = ["--image", "16", "--patch", "4", "--d-model", "16", "--heads", "2", "--layers", "2", "--mlp", "32",
                       "--history", "2", "--bins", "8"]

    @Test("model init writes a seeded model and refuses to overwrite one")
    func initModel() throws {
        let folder = TemporaryFolder("mimic-cli")
        let path = folder.file("models/m.safetensors")
        let first = try run(BuiltProducts.mimic, ["model", "init", "--out", path, "--seed", "3"] + Self.tiny)
        #expect(first.status == 0, "\(first.stderr)")
        let model = try PolicyModel.load(path: path)
        #expect(model.config.width == 16 && model.config.layers == 2 && model.vocabulary == .standard)
        let expected = try PolicyModel(config: model.config, seed: 3)
        #expect(model.parameters.flat.values == expected.parameters.flat.values)
        let again = try run(BuiltProducts.mimic, ["model", "init", "--out", path] + Self.tiny)
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        let bad = try run(BuiltProducts.mimic, ["model", "init", "--out", folder.file("x.safetensors"), "--heads", "3"])
        #expect(bad.status != 0 && bad.stderr.contains("heads"), "\(bad.stderr)")
    }

    @Test("model forward writes logits, loss and every gradient, equal to the library's")
    func forward() throws {
        let folder = TemporaryFolder("mimic-cli")
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 1)
        try model.save(to: folder.file("m.safetensors"))
        let batch = tinyBatch(config)
        try PolicyInputs.file(from: batch, config: config).write(to: folder.file("x.safetensors"))
        let result = try run(BuiltProducts.mimic, ["model", "forward", "--model", folder.file("m.safetensors"),
                                                   "--inputs", folder.file("x.safetensors"), "--out", folder.file("y.safetensors")])
        #expect(result.status == 0, "\(result.stderr)")
        let out = try SafeTensorsFile.read(path: folder.file("y.safetensors"))
        let logits = try model.forward(batch, allOffsets: true)
        let loss = try model.lossAndGradients(batch)
        #expect(try out.floats("logits.type") == logits.type)
        #expect(try out.shape("logits.offset") == [6, 16, 16])
        #expect(try out.floats("loss") == [Float(loss.total)])
        #expect(try out.floats("grad.blocks.1.mlp.fc2.weight") == model.gradients["blocks.1.mlp.fc2.weight"].values)
        #expect(out.names.filter { $0.hasPrefix("grad.") }.count == model.parameters.layout.names.count)

        // Without targets: logits only.
        var plain = batch
        plain.targets = nil
        try PolicyInputs.file(from: plain, config: config).write(to: folder.file("plain.safetensors"))
        let logitsOnly = try run(BuiltProducts.mimic, ["model", "forward", "--model", folder.file("m.safetensors"),
                                                       "--inputs", folder.file("plain.safetensors"), "--out", folder.file("z.safetensors")])
        #expect(logitsOnly.status == 0)
        #expect(try SafeTensorsFile.read(path: folder.file("z.safetensors")).names.allSatisfy { $0.hasPrefix("logits.") })

        // Bad inputs: the error names the file and the tensor, exit status non-zero.
        var broken = SafeTensorsFile()
        broken.add("frames", uint8s: batch.frames, shape: [6, 16, 16, 3])
        try broken.write(to: folder.file("broken.safetensors"))
        let failure = try run(BuiltProducts.mimic, ["model", "forward", "--model", folder.file("m.safetensors"),
                                                    "--inputs", folder.file("broken.safetensors"), "--out", folder.file("w.safetensors")])
        #expect(failure.status != 0)
        #expect(failure.stderr.contains(folder.file("broken.safetensors")) && failure.stderr.contains("hist_type"), "\(failure.stderr)")
    }

    @Test("predict prints an action in screenshot pixels with its probability")
    func predict() throws {
        let folder = TemporaryFolder("mimic-cli")
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 1)
        model.parameters["head.type.bias"][Int(ActionType.click.rawValue)] = 50  // make it click
        try model.save(to: folder.file("m.safetensors"))
        var image = RGBImage(width: 64, height: 48, fill: (200, 200, 200))
        for y in 10..<20 { for x in 30..<40 { image[x, y] = (255, 0, 0) } }
        try Data(PNG.encode(image)).write(to: URL(fileURLWithPath: folder.file("shot.png")))
        let result = try run(BuiltProducts.mimic, ["predict", "--model", folder.file("m.safetensors"), "--frame", folder.file("shot.png"),
                                                   "--history", "click@10,40", "--history", "key:Return", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["action"] as? String == "click")
        let x = json?["x"] as? Int ?? -1, y = json?["y"] as? Int ?? -1
        #expect((0..<64).contains(x) && (0..<48).contains(y))
        let text = try run(BuiltProducts.mimic, ["predict", "--model", folder.file("m.safetensors"), "--frame", folder.file("shot.png")])
        #expect(text.stdout.hasPrefix("click at (") && text.stdout.contains("probability"))
        let bad = try run(BuiltProducts.mimic, ["predict", "--model", folder.file("m.safetensors"), "--frame", folder.file("shot.png"),
                                                "--history", "key:NoSuchKey"])
        #expect(bad.status != 0 && bad.stderr.contains("NoSuchKey"))
        let missing = try run(BuiltProducts.mimic, ["predict", "--model", folder.file("m.safetensors"), "--frame", folder.file("none.png")])
        #expect(missing.status != 0 && missing.stderr.contains("none.png"))
    }

    @Test("predict answers what the agent decides on the same frame: the model's stored preprocessing, its geometry")
    func predictIsTheAgentsDecision() throws {
        let folder = TemporaryFolder("mimic-cli")
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 2)
        model.parameters["head.type.bias"][Int(ActionType.click.rawValue)] = 50  // make it click
        // A crop and a stretch, as `mimic train` stores them: a whole-frame mapping would answer elsewhere.
        let preprocessing = Preprocessing(size: ImageSize(width: config.imageWidth, height: config.imageHeight),
                                          fit: .stretch, crop: Rect(x: 8, y: 4, width: 48, height: 40))
        let json = String(decoding: try JSONEncoder().encode(preprocessing), as: UTF8.self)
        try model.save(to: folder.file("m.safetensors"), extraMetadata: ["preprocessing": json])
        var image = RGBImage(width: 64, height: 48, fill: (200, 200, 200))
        for y in 10..<20 { for x in 30..<40 { image[x, y] = (255, 0, 0) } }
        try Data(PNG.encode(image)).write(to: URL(fileURLWithPath: folder.file("shot.png")))

        let result = try run(BuiltProducts.mimic, ["predict", "--model", folder.file("m.safetensors"), "--frame", folder.file("shot.png"),
                                                   "--history", "click@10,40", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        let agent = try TrainedModel.load(folder.file("m.safetensors"))
        #expect(agent.preprocessing == preprocessing)
        let decision = try agent.decide(screen: image, history: [Dataset.Action(.click, t: 0, x: 10, y: 40)])
        #expect(printed["action"] as? String == decision.action.type.name)
        #expect(printed["x"] as? Int == decision.action.x && printed["y"] as? Int == decision.action.y,
                "predict \(printed["x"] ?? "-"),\(printed["y"] ?? "-"), agent \(decision.action.x),\(decision.action.y)")
        #expect((8..<56).contains(decision.action.x) && (4..<44).contains(decision.action.y), "inside the crop")
        let probability = try #require(printed["probability"] as? Double)
        #expect(abs(probability - Double(decision.probability)) < 1e-6)
    }

    @Test("bench train-step runs and prints its figures (tiny config)")
    func bench() throws {
        let result = try run(BuiltProducts.mimic, ["bench", "train-step", "--batch", "2", "--steps", "1", "--rounds", "1",
                                                   "--inferences", "3"] + Self.tiny)
        #expect(result.status == 0, "\(result.stderr)")
        for figure in ["samples/s", "GFLOP/s", "whole step vs sgemm", "inference, batch 1"] {
            #expect(result.stdout.contains(figure), "missing '\(figure)' in:\n\(result.stdout)")
        }
    }
}
