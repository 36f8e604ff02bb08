import Dataset
import ArgumentParser
import Foundation
import NN
import Policy

/// The model config flags shared by `model init` and `bench train-step`. Unset flags keep the defaults
/// of docs/model.md.
struct ModelConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A named config the other flags change: \(PolicyPreset.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")). (default: default)", valueName: "name"))
    var preset: PolicyPreset?

    @Option(help: ArgumentHelp("Conv stem: output channels of 3x3 stride-2 convolutions (GELU) run before the patches, comma-separated, e.g. 24,48; 'none' for no stem. Each halves the feature map; --patch stays in frame pixels and must be a multiple of 2^convolutions. (default: none)", valueName: "channels"))
    var stem: StemArgument?

    @Option(name: .customLong("stem-pool"), help: ArgumentHelp("With a stem: add each channel's largest value over its last feature map (global max pooling), projected to --d-model, to the act token (true or false). (default: false)", valueName: "bool"))
    var stemPool: Bool?

    @Option(name: .customLong("color-cells"), help: ArgumentHelp("Give each token the mean colour of each of its N×N cells of frame pixels (projected to --d-model and added to it), so exact colours survive the stem; 0 for none. Must divide --patch. (default: 0)", valueName: "N"))
    var colorCells: Int?

    @Option(name: .customLong("patch-query"), help: ArgumentHelp("Width of the pointer query: each patch's pointer logit also gets its match with a query from the act token (what to look for); 0 for none. (default: 0)", valueName: "E"))
    var patchQuery: Int?

    @Option(name: .customLong("patch-query-rows"), help: ArgumentHelp("With a pointer query: each patch's key also gets, per channel, the largest value over its patch row of another projection, so a patch is also scored by what stands out on its row (true or false). (default: false)", valueName: "bool"))
    var patchQueryRows: Bool?

    @Option(help: ArgumentHelp("Model input size: one number for a square, or WIDTHxHEIGHT.", valueName: "pixels"))
    var image: String?

    @Option(help: "Patch side in pixels; must divide the image size. (default: 8)")
    var patch: Int?

    @Option(name: .customLong("d-model"), help: "Width of the residual stream. (default: 128)")
    var dModel: Int?

    @Option(help: "Attention heads; must divide --d-model. (default: 4)")
    var heads: Int?

    @Option(help: "Transformer blocks. (default: 4)")
    var layers: Int?

    @Option(help: "Hidden width of each MLP. (default: 512)")
    var mlp: Int?

    @Option(help: "Past actions given as tokens. (default: 4)")
    var history: Int?

    @Option(help: "Bins per axis for the positions of past actions. (default: 64)")
    var bins: Int?

    @Option(help: ArgumentHelp("Key vocabulary: a file with one X keysym name per line (or a JSON array), the first being \"none\". (default: the built-in 75 keys)", valueName: "file"))
    var vocabulary: String?

    @Option(name: .customLong("init-std"), help: "Standard deviation of the initial weights. (default: 0.02)")
    var initStd: Float?

    /// `--image` as (width, height); nil when not given.
    func imageSize() throws -> (width: Int, height: Int)? {
        guard let image else { return nil }
        let parts = image.lowercased().split(separator: "x").map { Int($0) }
        switch parts.count {
        case 1 where parts[0] != nil: return (parts[0]!, parts[0]!)
        case 2 where parts[0] != nil && parts[1] != nil: return (parts[0]!, parts[1]!)
        default: throw ValidationError("--image must be a number or WIDTHxHEIGHT (like 128 or 160x128), not '\(image)'")
        }
    }

    /// The key names of `--vocabulary`'s file (one per line, or a JSON array); nil when not given.
    func vocabularyNames() throws -> [String]? {
        guard let vocabulary else { return nil }
        guard let data = FileManager.default.contents(atPath: vocabulary) else {
            throw CommandFailure("\(vocabulary): cannot read the key vocabulary file")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[") {
            guard let array = try? JSONDecoder().decode([String].self, from: data) else {
                throw CommandFailure("\(vocabulary): not a JSON array of strings")
            }
            return array
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The config and vocabulary the flags describe (`model init`, `bench`).
    func resolve() throws -> (PolicyConfig, KeyVocabulary) {
        var c = preset?.config ?? PolicyConfig()
        if let size = try imageSize() { c.imageWidth = size.width; c.imageHeight = size.height }
        if let patch { c.patchSize = patch }
        if let dModel { c.width = dModel }
        if let heads { c.heads = heads }
        if let layers { c.layers = layers }
        if let mlp { c.mlpWidth = mlp }
        if let history { c.historyLength = history }
        if let bins { c.positionBins = bins }
        if let initStd { c.initStd = initStd }
        if let stem { c.stemChannels = stem.channels }
        if let stemPool { c.stemPool = stemPool }
        if let colorCells { c.colorCells = colorCells }
        if let patchQuery { c.patchQuery = patchQuery }
        if let patchQueryRows { c.patchQueryRows = patchQueryRows }
        var vocab = KeyVocabulary.standard
        if let names = try vocabularyNames() {
            do { vocab = try KeyVocabulary(names: names) } catch { throw CommandFailure("\(vocabulary ?? ""): \(error)") }
        }
        c.keyCount = vocab.count
        do { try c.validate() } catch { throw ValidationError(error.description) }
        return (c, vocab)
    }
}

extension PolicyPreset: ExpressibleByArgument {}

/// `--stem 24,48` or `--stem none`.
struct StemArgument: ExpressibleByArgument {
    var channels: [Int]

    init?(argument: String) {
        if argument.lowercased() == "none" { channels = []; return }
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 1 }) else { return nil }
        channels = parts.map { $0! }
    }
}

/// `--threads`, shared by the commands that compute.
struct ThreadOptions: ParsableArguments {
    @Option(help: "Threads to compute with (default: MIMIC_THREADS or all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func apply() {
        NNRuntime.setThreadCount(threads ?? NNRuntime.defaultThreadCount)
    }
}
