import SafeTensors
import Dataset
import Foundation
import NN
import Policy
import Testing
import TestSupport

@Suite("the policy model: layout, files, inputs, inference")
struct ModelTests {
    @Test("default config: every weight name and shape of docs/model.md, in PyTorch [out, in] layout")
    func defaultLayout() throws {
        let c = PolicyConfig()
        #expect(c.tokens == 261 && c.patchCount == 256 && c.patchValues == 192 && c.offsetClasses == 64 && c.keyCount == 77)
        let layout = PolicyModel.layout(c)
        var expected: [(String, [Int])] = [
            ("patch_embed.weight", [128, 192]), ("patch_embed.bias", [128]), ("pos_embed", [256, 128]), ("act_token", [128]),
            ("hist.type.weight", [10, 128]), ("hist.x.weight", [64, 128]), ("hist.y.weight", [64, 128]),
            ("hist.key.weight", [77, 128]), ("hist.pos", [4, 128]),
        ]
        for i in 0..<4 {
            expected += [
                ("blocks.\(i).ln1.weight", [128]), ("blocks.\(i).ln1.bias", [128]),
                ("blocks.\(i).attn.qkv.weight", [384, 128]), ("blocks.\(i).attn.qkv.bias", [384]),
                ("blocks.\(i).attn.proj.weight", [128, 128]), ("blocks.\(i).attn.proj.bias", [128]),
                ("blocks.\(i).ln2.weight", [128]), ("blocks.\(i).ln2.bias", [128]),
                ("blocks.\(i).mlp.fc1.weight", [512, 128]), ("blocks.\(i).mlp.fc1.bias", [512]),
                ("blocks.\(i).mlp.fc2.weight", [128, 512]), ("blocks.\(i).mlp.fc2.bias", [128]),
            ]
        }
        expected += [
            ("ln_f.weight", [128]), ("ln_f.bias", [128]),
            ("head.type.weight", [10, 128]), ("head.type.bias", [10]), ("head.key.weight", [77, 128]), ("head.key.bias", [77]),
            ("head.mods.weight", [4, 128]), ("head.mods.bias", [4]), ("head.patch.weight", [1, 128]), ("head.patch.bias", [1]),
            ("head.offset.weight", [64, 128]), ("head.offset.bias", [64]),
        ]
        #expect(layout.names == expected.map(\.0))
        #expect(layout.shapes == expected.map(\.1))
        #expect(layout.elementCount == 899_100)
    }

    @Test("seeded initialization: same seed same bits; LayerNorm weights 1, biases 0, std as configured")
    func initialization() throws {
        let (config, vocabulary) = tinyConfig(initStd: 0.02)
        let a = try PolicyModel(config: config, vocabulary: vocabulary, seed: 9)
        let b = try PolicyModel(config: config, vocabulary: vocabulary, seed: 9)
        let c = try PolicyModel(config: config, vocabulary: vocabulary, seed: 10)
        #expect(a.parameters.flat.values == b.parameters.flat.values)
        #expect(a.parameters.flat.values != c.parameters.flat.values)
        #expect(a.parameters["blocks.1.ln2.weight"].values.allSatisfy { $0 == 1 })
        #expect(a.parameters["blocks.0.attn.qkv.bias"].values.allSatisfy { $0 == 0 })
        let big = try PolicyModel(seed: 1).parameters["blocks.0.mlp.fc1.weight"].values
        let std = (big.map { Double($0 * $0) }.reduce(0, +) / Double(big.count)).squareRoot()
        #expect(abs(std - 0.02) < 0.001)
    }

    @Test("save and load: weights, config and vocabulary survive; PyTorch-style names in the file")
    func roundTrip() throws {
        let (config, vocabulary) = tinyConfig()
        let folder = TemporaryFolder("mimic-policy")
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 2)
        try model.save(to: folder.file("m.safetensors"), extraMetadata: ["step": "12"])
        let file = try SafeTensorsFile.read(path: folder.file("m.safetensors"))
        #expect(file.metadata["step"] == "12" && file.metadata["format"] == "mimic.policy")
        #expect(try file.shape("blocks.1.attn.qkv.weight") == [48, 16])
        let back = try PolicyModel.load(path: folder.file("m.safetensors"))
        #expect(back.config == config && back.vocabulary == vocabulary)
        #expect(back.parameters.flat.values == model.parameters.flat.values)
        let batch = tinyBatch(config)
        #expect(try back.forward(batch).type == (try model.forward(batch).type))
    }

    @Test("bad model files are refused with the file's name and what is wrong")
    func badFiles() throws {
        let (config, vocabulary) = tinyConfig()
        let folder = TemporaryFolder("mimic-policy")
        let good = try PolicyModel(config: config, vocabulary: vocabulary, seed: 2).weightsFile()
        let path = folder.file("bad.safetensors")
        func refusal(_ edit: (inout SafeTensorsFile) -> Void) throws -> String {
            var file = good
            edit(&file)
            try file.write(to: path)
            do {
                _ = try PolicyModel.load(path: path)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(try refusal { $0.metadata["config"] = nil }.contains("no 'config'"))
        #expect(try refusal { $0.metadata["config"] = "{nope" }.contains("not a readable config"))
        #expect(try refusal { $0.metadata["key_vocabulary"] = "[\"a\"]" }.contains("key_vocabulary"))
        #expect(try refusal { $0.metadata["format_version"] = "9" }.contains("format_version 9"))
        #expect(try refusal { $0.add("ln_f.weight", floats: [1, 2], shape: [2]) }.contains("ln_f.weight"))
        #expect(try refusal { $0.add("extra", floats: [1], shape: [1]) }.contains("unexpected tensor 'extra'"))
        let missing = try refusal { file in
            var copy = SafeTensorsFile(metadata: file.metadata)
            for e in file.entries where e.name != "head.key.bias" { copy.add(e.name, dtype: e.dtype, shape: e.shape, bytes: e.bytes) }
            file = copy
        }
        #expect(missing.contains(path) && missing.contains("head.key.bias"))
        #expect(throws: PolicyError.self) { try PolicyModel.load(path: folder.file("absent.safetensors")) }
    }

    @Test("inputs files: batch round trip, and clear errors for missing, misshapen or partial tensors")
    func inputsFiles() throws {
        let (config, _) = tinyConfig()
        let batch = tinyBatch(config)
        let file = PolicyInputs.file(from: batch, config: config)
        let back = try PolicyInputs.batch(from: try SafeTensorsFile.decode(file.encoded()), path: "x.safetensors", config: config)
        #expect(back.frames == batch.frames && back.historyKey == batch.historyKey && back.targets?.modifiers == batch.targets?.modifiers)
        func error(_ edit: (inout SafeTensorsFile) -> Void) -> String {
            var f = file
            edit(&f)
            do { _ = try PolicyInputs.batch(from: f, path: "x.safetensors", config: config); return "accepted" } catch { return error.description }
        }
        #expect(error { $0.add("hist_x", int32s: [0], shape: [1]) }.contains("'hist_x' has shape [1]"))
        #expect(error { $0.add("frames", uint8s: [0, 0, 0], shape: [1, 1, 1, 3]) }.contains("expected [B, 16, 16, 3]"))
        #expect(error { $0.add("hist_type", floats: Array(repeating: 0, count: 12), shape: [6, 2]) }.contains("expected I32"))
        #expect(error { $0.add("key", int32s: Array(repeating: 99, count: 6), shape: [6]) }.contains("value 99 outside 0..<6"))
        #expect(error { f in
            var copy = SafeTensorsFile()
            for e in f.entries where e.name != "mods" { copy.add(e.name, dtype: e.dtype, shape: e.shape, bytes: e.bytes) }
            f = copy
        }.contains("not 'mods'"))
        #expect(error { $0.add("x", floats: [2, 0, 0, 0, 0, 0], shape: [6]) }.contains("not a normalized coordinate"))
    }

    @Test("pointer codec: model pixel → (patch, offset) → the same pixel", arguments: [(16, 16, 4), (128, 128, 8), (24, 16, 8)])
    func pointerCodec(width: Int, height: Int, patch: Int) {
        var c = PolicyConfig()
        c.imageWidth = width; c.imageHeight = height; c.patchSize = patch
        for py in 0..<height {
            for px in 0..<width {
                let x = (Float(px) + 0.5) / Float(width), y = (Float(py) + 0.5) / Float(height)
                let (p, o) = PointerCodec.encode(x: x, y: y, config: c)
                #expect(p == (py / patch) * (width / patch) + px / patch && o == (py % patch) * patch + px % patch)
                let back = PointerCodec.decode(patch: p, offset: o, config: c)
                #expect(back.pixelX == px && back.pixelY == py && back.x == x && back.y == y)
            }
        }
        #expect(PointerCodec.encode(x: 1, y: 1, config: c).patch == c.patchCount - 1)
    }

    @Test("history: last K actions, oldest first, left-padded with wait; positions binned")
    func history() {
        var c = PolicyConfig()
        c.historyLength = 3; c.positionBins = 4
        let (t, x, y, k) = HistoryAction.encode([HistoryAction(type: .click, x: 0.99, y: 0.3), HistoryAction(type: .key, x: 0.5, y: 0.5, key: 7)], config: c)
        #expect(t == [0, 2, 9] && x == [0, 3, 0] && y == [0, 1, 0] && k == [0, 0, 7])
        let many = (0..<5).map { HistoryAction(type: .move, x: Float($0) / 5, y: 0) }
        #expect(HistoryAction.encode(many, config: c).1 == [1, 2, 3])
    }

    @Test("predict agrees with forward's logits and decodes a pointer or a key")
    func predict() throws {
        let (config, vocabulary) = tinyConfig()
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 3)
        let batch = tinyBatch(config, size: 1)
        let history = [HistoryAction(type: .click, x: 0.2, y: 0.7)]
        let single = PolicyBatch(frame: batch.frames, history: history, config: config)
        let logits = try model.forward(single, allOffsets: true)
        let p = try model.predict(frame: batch.frames, history: history)
        let best = logits.type.indices.max { logits.type[$0] < logits.type[$1] }!
        #expect(p.type.rawValue == best)
        #expect(p.probability > 0 && p.probability <= p.typeProbability)
        // Force each kind through the type head's bias and check the decoding.
        let bias = model.parameters["head.type.bias"]
        bias[Int(ActionType.click.rawValue)] = 100
        let click = try model.predict(frame: batch.frames, history: history)
        let patchLogits = try model.forward(single, allOffsets: true)
        let patch = patchLogits.patch.indices.max { patchLogits.patch[$0] < patchLogits.patch[$1] }!
        let offsets = Array(patchLogits.offset![(patch * 16)..<(patch * 16 + 16)])
        let offset = offsets.indices.max { offsets[$0] < offsets[$1] }!
        #expect(click.type == .click && click.pointer?.patch == patch && click.pointer?.offset == offset)
        bias[Int(ActionType.click.rawValue)] = 0
        bias[Int(ActionType.key.rawValue)] = 100
        let key = try model.predict(frame: batch.frames, history: history)
        #expect(key.type == .key && key.key != nil && key.pointer == nil)
        #expect(key.key!.name == vocabulary.name(at: key.key!.index))
    }

    @Test("configs that do not fit together are refused, naming the field")
    func badConfig() {
        var c = PolicyConfig()
        c.heads = 3
        #expect(throws: PolicyError.invalidConfig(field: "heads", reason: "3 heads do not divide d_model 128")) { try c.validate() }
        c = PolicyConfig()
        c.patchSize = 7
        #expect(throws: PolicyError.self) { try c.validate() }
        c = PolicyConfig()
        c.keyCount = 5
        #expect(throws: PolicyError.self) { try PolicyModel(config: c, seed: 0) }
        let json = #"{"d_model": 64, "heads": 2}"#
        let decoded = try! JSONDecoder().decode(PolicyConfig.self, from: Data(json.utf8))
        #expect(decoded.width == 64 && decoded.heads == 2 && decoded.layers == 4)
    }

    @Test("a conv stem is optional: default JSON and layout unchanged; a stem adds stem.i weights, round-trips, is validated")
    func stem() throws {
        let plain = PolicyConfig()
        #expect(!plain.json().contains("stem"))
        #expect(!PolicyModel.layout(plain).names.contains { $0.hasPrefix("stem.") })
        var c = PolicyConfig()
        c.stemChannels = [24, 48]; c.patchSize = 16
        #expect(c.stemStride == 4 && c.featurePatchSize == 4 && c.patchValues == 4 * 4 * 48 && c.patchCount == 64)
        let layout = PolicyModel.layout(c)
        #expect(Array(layout.names.prefix(5)) == ["stem.0.weight", "stem.0.bias", "stem.1.weight", "stem.1.bias", "patch_embed.weight"])
        #expect(layout.shape(of: "stem.1.weight") == [48, 24, 3, 3] && layout.shape(of: "patch_embed.weight") == [128, 768])
        let decoded = try JSONDecoder().decode(PolicyConfig.self, from: Data(c.json().utf8))
        #expect(decoded == c)
        // An old file's config (no stem_channels) reads as no stem.
        let old = try JSONDecoder().decode(PolicyConfig.self, from: Data(plain.json().utf8))
        #expect(old.stemChannels.isEmpty && old == plain)
        // Weights survive a save and load with the stem.
        let (tiny, vocabulary) = tinyConfig()
        var t = tiny
        t.stemChannels = [4]
        let model = try PolicyModel(config: t, vocabulary: vocabulary, seed: 5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mimic-stem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.safetensors").path
        try model.save(to: path)
        let loaded = try PolicyModel.load(path: path)
        #expect(loaded.config == t && loaded.parameters["stem.0.weight"].values == model.parameters["stem.0.weight"].values)
        let batch = tinyBatch(t)
        #expect(try loaded.loss(batch).total == (try model.loss(batch).total))
        // Three stride-2 convolutions shrink 8x, which does not divide patch 4.
        t.stemChannels = [4, 4, 4]
        #expect(throws: PolicyError.self) { try t.validate() }
        t.stemChannels = [0]
        #expect(throws: PolicyError.self) { try t.validate() }
    }

    @Test("the pointer query's row maxima are optional: JSON and layout only when used; they need the query")
    func patchQueryRows() throws {
        var c = PolicyConfig()
        c.patchQuery = 64
        #expect(!c.json().contains("rows") && !PolicyModel.layout(c).names.contains { $0.contains("row_key") })
        c.patchQueryRows = true
        #expect(PolicyModel.layout(c).names.last == "head.pointer_row_key.weight")
        #expect(PolicyModel.layout(c).shape(of: "head.pointer_row_key.weight") == [64, 128])
        #expect(try JSONDecoder().decode(PolicyConfig.self, from: Data(c.json().utf8)) == c)
        c.patchQuery = 0
        #expect(throws: PolicyError.invalidConfig(field: "patch_query_rows", reason: "adds to the pointer query's keys, but patch_query is 0")) {
            try c.validate()
        }
    }
}
