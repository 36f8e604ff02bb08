import SafeTensors
import ArgumentParser
import Foundation
import NN
import Policy

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Create a policy model, or run it on an inputs file.",
        discussion: """
            The model and its files are described in docs/model.md.

            Examples:
              mimic model init --out models/first.safetensors
              mimic model forward --model models/first.safetensors \\
                  --inputs batch.safetensors --out result.safetensors
            """,
        subcommands: [ModelInit.self, ModelForward.self]
    )
}

struct ModelInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a model with seeded initial weights.",
        discussion: """
            Writes one .safetensors file holding every weight (PyTorch names and [out, in] layout), \
            with the config and the key vocabulary in its metadata. The same seed and flags always \
            give the same file. Unset config flags keep the defaults of docs/model.md.

            Examples:
              mimic model init --out models/first.safetensors
              mimic model init --out models/small.safetensors --seed 7 --layers 2 \\
                  --d-model 64 --mlp 256
            """
    )

    @Option(help: ArgumentHelp("Where to write the model (a .safetensors file).", valueName: "file"))
    var out: String

    @Option(help: "Seed of the initialization.")
    var seed: UInt64 = 0

    @Flag(help: "Replace --out if it exists.")
    var force = false

    @OptionGroup(title: "Model config")
    var model: ModelConfigOptions

    func run() throws {
        let (config, vocabulary) = try model.resolve()
        if FileManager.default.fileExists(atPath: out) && !force {
            throw CommandFailure("\(out) already exists; pass --force to replace it")
        }
        let directory = (out as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let policy = try libraryCall { () throws(PolicyError) in try PolicyModel(config: config, vocabulary: vocabulary, seed: seed) }
        try libraryCall { () throws(PolicyError) in try policy.save(to: out, extraMetadata: ["seed": String(seed)]) }
        let count = policy.parameters.layout.elementCount
        print("wrote \(out): \(count) parameters (\(String(format: "%.2f", Double(count) / 1e6))M), seed \(seed)")
        print("config \(config.json())")
    }
}

struct ModelForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run a model on an inputs file; write logits, and the loss and gradients when targets are given.",
        discussion: """
            Inputs (.safetensors): frames U8 [B,H,W,3] at the model's size; hist_type, hist_x, hist_y, \
            hist_key I32 [B,K] (oldest action first). Optional targets, all five together: type I32 [B], \
            x and y F32 [B] (normalized to [0,1)), key I32 [B], mods F32 [B,4] (ctrl shift alt super).

            Output (.safetensors): logits.type [B,10], logits.key [B,V], logits.mods [B,4], \
            logits.patch [B,N], logits.offset [B,N,C] (every patch token's offset logits). With targets \
            also: loss and its terms (loss.type, loss.patch, loss.offset, loss.key, loss.mods), and \
            grad.<weight name> for every weight. This is how to check the model against another \
            framework; tools/reference/policy_numpy.py computes the same file with numpy.

            Examples:
              mimic model forward --model m.safetensors --inputs x.safetensors \\
                  --out y.safetensors
              python3 tools/reference/policy_numpy.py --model m.safetensors \\
                  --inputs x.safetensors --out numpy.safetensors
            """
    )

    @Option(help: ArgumentHelp("The model (.safetensors from `mimic model init` or training).", valueName: "file"))
    var model: String

    @Option(help: ArgumentHelp("The inputs file.", valueName: "file"))
    var inputs: String

    @Option(help: ArgumentHelp("Where to write the outputs.", valueName: "file"))
    var out: String

    @OptionGroup var threads: ThreadOptions

    func run() throws {
        threads.apply()
        let policy = try libraryCall { () throws(PolicyError) in try PolicyModel.load(path: model) }
        let file = try libraryCall { () throws(SafeTensorsError) in try SafeTensorsFile.read(path: inputs) }
        let batch = try libraryCall { () throws(PolicyError) in try PolicyInputs.batch(from: file, path: inputs, config: policy.config) }
        let logits = try libraryCall { () throws(PolicyError) in try policy.forward(batch, allOffsets: true) }
        let c = policy.config, b = batch.size
        var output = SafeTensorsFile()
        output.metadata["model"] = model
        output.metadata["config"] = c.json()
        output.add("logits.type", floats: logits.type, shape: [b, c.actionTypes])
        output.add("logits.key", floats: logits.key, shape: [b, c.keyCount])
        output.add("logits.mods", floats: logits.modifiers, shape: [b, c.modifiers])
        output.add("logits.patch", floats: logits.patch, shape: [b, c.patchCount])
        output.add("logits.offset", floats: logits.offset!, shape: [b, c.patchCount, c.offsetClasses])
        if batch.targets != nil {
            let loss = try libraryCall { () throws(PolicyError) in try policy.lossAndGradients(batch) }
            output.add("loss", floats: [Float(loss.total)], shape: [])
            output.add("loss.type", floats: [Float(loss.type)], shape: [])
            output.add("loss.patch", floats: [Float(loss.patch)], shape: [])
            output.add("loss.offset", floats: [Float(loss.offset)], shape: [])
            output.add("loss.key", floats: [Float(loss.key)], shape: [])
            output.add("loss.mods", floats: [Float(loss.modifiers)], shape: [])
            for (i, name) in policy.gradients.layout.names.enumerated() {
                output.add("grad." + name, policy.gradients.tensors[i])
            }
            print(String(format: "loss %.6f (type %.4f, patch %.4f, offset %.4f, key %.4f, mods %.4f)",
                         loss.total, loss.type, loss.patch, loss.offset, loss.key, loss.modifiers))
        }
        try libraryCall { () throws(SafeTensorsError) in try output.write(to: out) }
        print("wrote \(out): logits for \(b) samples\(batch.targets != nil ? ", loss and \(policy.gradients.layout.names.count) gradients" : "")")
    }
}
