import Primitives
import SafeTensors
import Dataset
import Foundation
import NN

/// The compact vision-action Transformer of docs/model.md.
///
/// Shapes use one legend: B batch, T tokens (1 act + K history + N patches), D width, H heads,
/// M MLP width, N patches, P values per patch (p·p·3), C offset classes (p·p), V key vocabulary.
/// Activations are (B, T, D) row-major; every GEMM runs over the B·T rows at once.
///
/// Parameters live in one arena (`parameters`), gradients in another of the same layout (`gradients`);
/// names and shapes are PyTorch's (`blocks.0.attn.qkv.weight` is (3D, D)). Activations live in a
/// workspace per batch size (the two most recent are kept). A model is used from one thread at a time;
/// it spreads its own work over NN's thread pool.
public final class PolicyModel {
    public let config: PolicyConfig
    public let vocabulary: KeyVocabulary
    /// Every weight, in one allocation; `parameters["head.type.weight"]` is a named view.
    public let parameters: Arena
    /// Gradients in the parameters' layout, allocated at the first backward pass.
    public private(set) lazy var gradients: Arena = Arena(parameters.layout)

    private let w: Weights
    private lazy var g = Weights(gradients, layers: config.layers, stem: config.stemChannels.count)
    private var workspaces: [Workspace] = []

    // MARK: - Creating, loading, saving

    /// A model with seeded initial weights: the same seed gives the same bits.
    /// Linear weights and embeddings ~ N(0, initStd²), the residual projections (attn.proj, mlp.fc2)
    /// ~ N(0, (initStd/√(2·layers))²), biases 0, LayerNorm weights 1; stem convolutions (when there is a stem)
    /// ~ N(0, 2/fan_in) (He: their inputs are pixels and GELUs, not normalized tokens); drawn in layout order.
    public convenience init(config: PolicyConfig = PolicyConfig(), vocabulary: KeyVocabulary = .standard, seed: UInt64) throws(PolicyError) {
        try self.init(config: config, vocabulary: vocabulary)
        var random = SeededRandom(seed: seed)
        let residualStd = config.initStd / Float(2 * config.layers).squareRoot()
        for (i, name) in parameters.layout.names.enumerated() {
            let t = parameters.tensors[i]
            if name.hasSuffix(".bias") {
                t.fill(0)
            } else if name.hasPrefix("stem.") {
                Initializer.normal(t, std: (2 / Float(t.count / t.shape[0])).squareRoot(), random: &random)
            } else if name.hasSuffix("ln1.weight") || name.hasSuffix("ln2.weight") || name == "ln_f.weight" {
                t.fill(1)
            } else if name.hasSuffix("attn.proj.weight") || name.hasSuffix("mlp.fc2.weight") {
                Initializer.normal(t, std: residualStd, random: &random)
            } else {
                Initializer.normal(t, std: config.initStd, random: &random)
            }
        }
    }

    /// A model with all weights zero (to be filled, e.g. by `load`).
    init(config: PolicyConfig, vocabulary: KeyVocabulary) throws(PolicyError) {
        try config.validate()
        guard vocabulary.count == config.keyCount else {
            throw .invalidConfig(field: "key_vocab_size", reason: "is \(config.keyCount) but the key vocabulary has \(vocabulary.count) entries")
        }
        self.config = config
        self.vocabulary = vocabulary
        parameters = Arena(PolicyModel.layout(config))
        w = Weights(parameters, layers: config.layers, stem: config.stemChannels.count)
    }

    /// Every weight's name and shape, in order.
    public static func layout(_ c: PolicyConfig) -> ArenaLayout {
        let d = c.width
        var l = ArenaLayout()
        var channels = 3
        for (i, o) in c.stemChannels.enumerated() {
            l.add("stem.\(i).weight", [o, channels, 3, 3]); l.add("stem.\(i).bias", [o])
            channels = o
        }
        if c.stemPool { l.add("stem_pool.weight", [d, channels]); l.add("stem_pool.bias", [d]) }
        l.add("patch_embed.weight", [d, c.patchValues])
        l.add("patch_embed.bias", [d])
        if c.colorCells > 0 { l.add("color_embed.weight", [d, c.colorValues]); l.add("color_embed.bias", [d]) }
        l.add("pos_embed", [c.patchCount, d])
        l.add("act_token", [d])
        l.add("hist.type.weight", [c.actionTypes, d])
        l.add("hist.x.weight", [c.positionBins, d])
        l.add("hist.y.weight", [c.positionBins, d])
        l.add("hist.key.weight", [c.keyCount, d])
        l.add("hist.pos", [c.historyLength, d])
        for i in 0..<c.layers {
            let p = "blocks.\(i)."
            l.add(p + "ln1.weight", [d]); l.add(p + "ln1.bias", [d])
            l.add(p + "attn.qkv.weight", [3 * d, d]); l.add(p + "attn.qkv.bias", [3 * d])
            l.add(p + "attn.proj.weight", [d, d]); l.add(p + "attn.proj.bias", [d])
            l.add(p + "ln2.weight", [d]); l.add(p + "ln2.bias", [d])
            l.add(p + "mlp.fc1.weight", [c.mlpWidth, d]); l.add(p + "mlp.fc1.bias", [c.mlpWidth])
            l.add(p + "mlp.fc2.weight", [d, c.mlpWidth]); l.add(p + "mlp.fc2.bias", [d])
        }
        l.add("ln_f.weight", [d]); l.add("ln_f.bias", [d])
        l.add("head.type.weight", [c.actionTypes, d]); l.add("head.type.bias", [c.actionTypes])
        l.add("head.key.weight", [c.keyCount, d]); l.add("head.key.bias", [c.keyCount])
        l.add("head.mods.weight", [c.modifiers, d]); l.add("head.mods.bias", [c.modifiers])
        l.add("head.patch.weight", [1, d]); l.add("head.patch.bias", [1])
        l.add("head.offset.weight", [c.offsetClasses, d]); l.add("head.offset.bias", [c.offsetClasses])
        if c.patchQuery > 0 {
            l.add("head.pointer_query.weight", [c.patchQuery, d]); l.add("head.pointer_query.bias", [c.patchQuery])
            l.add("head.pointer_key.weight", [c.patchQuery, d])
        }
        if c.patchQueryRows { l.add("head.pointer_row_key.weight", [c.patchQuery, d]) }
        return l
    }

    public static let formatName = "mimic.policy"
    public static let formatVersion = "1"

    /// The weights as a safetensors file: every weight under its name, the config and the key vocabulary
    /// (JSON) in the metadata, plus `extraMetadata`.
    public func weightsFile(extraMetadata: [String: String] = [:]) -> SafeTensorsFile {
        var file = SafeTensorsFile()
        for (i, name) in parameters.layout.names.enumerated() { file.add(name, parameters.tensors[i]) }
        file.metadata = extraMetadata
        file.metadata["format"] = PolicyModel.formatName
        file.metadata["format_version"] = PolicyModel.formatVersion
        file.metadata["config"] = config.json()
        file.metadata["key_vocabulary"] = vocabulary.json()
        return file
    }

    /// Writes weights, config and vocabulary to one .safetensors file (atomically).
    public func save(to path: String, extraMetadata: [String: String] = [:]) throws(PolicyError) {
        do { try weightsFile(extraMetadata: extraMetadata).write(to: path) } catch { throw .file(.file(error)) }
    }

    /// Reads a file written by `save` (or by anyone writing the same names, shapes and metadata).
    public static func load(path: String) throws(PolicyError) -> PolicyModel {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile.read(path: path) } catch { throw .file(.file(error)) }
        return try PolicyModel(file: file, path: path)
    }

    /// A model from a weights file already in memory; `path` names it in errors.
    public convenience init(file: SafeTensorsFile, path: String) throws(PolicyError) {
        if let format = file.metadata["format"], format != PolicyModel.formatName {
            throw .badModelFile(path: path, reason: "metadata format is '\(format)', expected '\(PolicyModel.formatName)'")
        }
        if let version = file.metadata["format_version"], version != PolicyModel.formatVersion {
            throw .badModelFile(path: path, reason: "format_version \(version) is not supported (this build reads \(PolicyModel.formatVersion))")
        }
        guard let configText = file.metadata["config"] else {
            throw .badModelFile(path: path, reason: "no 'config' in the metadata")
        }
        let config: PolicyConfig
        do { config = try JSONDecoder().decode(PolicyConfig.self, from: Data(configText.utf8)) } catch {
            throw .badModelFile(path: path, reason: "the 'config' metadata is not a readable config: \(error)")
        }
        guard let vocabText = file.metadata["key_vocabulary"] else {
            throw .badModelFile(path: path, reason: "no 'key_vocabulary' in the metadata")
        }
        let vocabulary: KeyVocabulary
        do { vocabulary = try JSONDecoder().decode(KeyVocabulary.self, from: Data(vocabText.utf8)) } catch {
            throw .badModelFile(path: path, reason: "the 'key_vocabulary' metadata is not a JSON array of names starting with \"none\": \(error)")
        }
        do { try self.init(config: config, vocabulary: vocabulary) } catch {
            throw .badModelFile(path: path, reason: error.description)
        }
        for (i, name) in parameters.layout.names.enumerated() {
            do { try file.read(name, into: parameters.tensors[i]) } catch { throw .file(error) }
        }
        let expected = Set(parameters.layout.names)
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw .badModelFile(path: path, reason: "unexpected tensor '\(extra)' (a different architecture?)")
        }
    }

    // MARK: - Forward

    /// Runs the model; returns every head's logits. With `allOffsets`, offset logits for every patch token.
    public func forward(_ batch: PolicyBatch, allOffsets: Bool = false) throws(PolicyError) -> PolicyLogits {
        try batch.validate(config: config)
        let ws = workspace(batch.size)
        let targetPatches = batch.targets.map { targets(of: $0).patch } ?? [Int](repeating: 0, count: batch.size)
        forward(batch, ws, targetPatches: targetPatches)
        var logits = PolicyLogits(
            batch: batch.size, type: ws.logitsType.values, key: ws.logitsKey.values, modifiers: ws.logitsMods.values,
            patch: ws.logitsPatch.values, offset: nil)
        if allOffsets {
            let all = Tensor(zeros: [batch.size * config.patchCount, config.offsetClasses])
            Linear.forward(all, ws.patchRows, w.offsetW, w.offsetB)
            logits.offset = all.values
        }
        return logits
    }

    /// Forward, loss and backward: gradients of the loss are written to `gradients` (zeroed first unless
    /// `accumulate`). The batch must have targets. Returns the loss and its terms.
    @discardableResult
    public func lossAndGradients(_ batch: PolicyBatch, accumulate: Bool = false) throws(PolicyError) -> PolicyLoss {
        try batch.validate(config: config)
        guard let targets = batch.targets else { throw .badBatch(field: "targets", reason: "the loss needs targets") }
        let ws = workspace(batch.size)
        let t = self.targets(of: targets)
        forward(batch, ws, targetPatches: t.patch)
        let loss = computeLoss(ws, targets, t)
        if !accumulate { gradients.zero() }
        backward(batch, ws, targets, t)
        return loss
    }

    /// The loss without gradients.
    public func loss(_ batch: PolicyBatch) throws(PolicyError) -> PolicyLoss {
        try batch.validate(config: config)
        guard let targets = batch.targets else { throw .badBatch(field: "targets", reason: "the loss needs targets") }
        let ws = workspace(batch.size)
        let t = self.targets(of: targets)
        forward(batch, ws, targetPatches: t.patch)
        return computeLoss(ws, targets, t)
    }

    private func forward(_ batch: PolicyBatch, _ ws: Workspace, targetPatches: [Int]) {
        let c = config
        // Embeddings: patches (of the frame, or of the stem's features), history, act → x0 (B, T, D)
        if let image = ws.image {
            stemForward(ws, image: image, frames: batch.frames)
        } else {
            extractPatches(ws.patches, frames: batch.frames)
        }
        Linear.forward(ws.patchRows, ws.patches, w.patchEmbedW, w.patchEmbedB)
        if let colors = ws.colors {
            PatchColors.extract(into: colors, frames: batch.frames, config: c)
            Linear.forward(ws.patchRows, colors, w.colorW!, w.colorB!, residual: ws.patchRows)
        }
        if c.historyLength > 0 {
            Embedding.forward(ws.history, indices: batch.historyType, table: w.histType)
            Embedding.forward(ws.history, indices: batch.historyX, table: w.histX, accumulate: true)
            Embedding.forward(ws.history, indices: batch.historyY, table: w.histY, accumulate: true)
            Embedding.forward(ws.history, indices: batch.historyKey, table: w.histKey, accumulate: true)
            Embedding.forward(ws.history, indices: ws.slotIndices, table: w.histPos, accumulate: true)
        }
        assembleTokens(ws)
        // Blocks: x += attn(ln1(x)); x += mlp(ln2(x))
        var x = ws.x0
        for (block, a) in zip(w.blocks, ws.blocks) {
            LayerNorm.forward(a.ln1, mean: a.ln1Mean, rstd: a.ln1Rstd, x, weight: block.ln1W, bias: block.ln1B)
            Linear.forward(a.qkv, a.ln1, block.qkvW, block.qkvB)
            Attention.forward(a.atty, probs: a.probs, a.qkv, batch: ws.batch, tokens: c.tokens, width: c.width, heads: c.heads)
            Linear.forward(a.x1, a.atty, block.projW, block.projB, residual: x)
            LayerNorm.forward(a.ln2, mean: a.ln2Mean, rstd: a.ln2Rstd, a.x1, weight: block.ln2W, bias: block.ln2B)
            let h = a.h, gelu = a.gelu, tanh = a.geluTanh
            Linear.forward(h, a.ln2, block.fc1W, block.fc1B) { rows in
                GELU.forward(gelu.rows(rows), h.rows(rows), tanh: tanh.rows(rows))
            }
            Linear.forward(a.out, gelu, block.fc2W, block.fc2B, residual: a.x1)
            x = a.out
        }
        LayerNorm.forward(ws.lnf, mean: ws.lnfMean, rstd: ws.lnfRstd, x, weight: w.lnfW, bias: w.lnfB)
        // Heads: type, key, mods from the act token; one pointer logit per patch token; offsets from the
        // target patch's token.
        copyRows(ws.act, from: ws.lnf, stride: c.tokens, first: 0, count: 1)
        Linear.forward(ws.logitsType, ws.act, w.typeW, w.typeB)
        Linear.forward(ws.logitsKey, ws.act, w.keyW, w.keyB)
        Linear.forward(ws.logitsMods, ws.act, w.modsW, w.modsB)
        copyRows(ws.patchRows, from: ws.lnf, stride: c.tokens, first: c.firstPatchToken, count: c.patchCount)
        Linear.forward(ws.logitsPatch, ws.patchRows, w.patchW, w.patchB)
        if let q = ws.pointerQuery {
            Linear.forward(q.query, ws.act, w.queryW!, w.queryB!)
            Linear.forward(q.keys, ws.patchRows, w.pointerKeyW!, nil)
            if let rows = q.rows {
                Linear.forward(rows.values, ws.patchRows, w.rowKeyW!, nil)
                PatchRowMax.forward(q.keys, values: rows.values, rows: c.patchRows, columns: c.patchColumns)
            }
            PointerQuery.forward(ws.logitsPatch, query: q.query, keys: q.keys, patches: c.patchCount)
        }
        gatherOffsetRows(ws, targetPatches)
        Linear.forward(ws.logitsOffset, ws.offsetRows, w.offsetW, w.offsetB)
    }

    // MARK: - Loss and backward

    struct TargetClasses {
        var patch: [Int]
        var offset: [Int]
        /// Per-sample weights of each loss term: 1/B for type; 1/(positional samples) for patch and
        /// offset on those samples; 1/(key samples) for key and mods on those.
        var all: [Float], positional: [Float], keys: [Float]
        var positionalCount: Int, keyCount: Int
    }

    func targets(of t: PolicyTargets) -> TargetClasses {
        let b = t.type.count
        var patch = [Int](repeating: 0, count: b), offset = patch
        var positional = [Bool](repeating: false, count: b), keys = positional
        for i in 0..<b {
            let type = ActionType(rawValue: t.type[i])!
            if type.hasPosition {
                positional[i] = true
                (patch[i], offset[i]) = PointerCodec.encode(x: t.x[i], y: t.y[i], config: config)
            }
            keys[i] = type == .key
        }
        let np = positional.filter { $0 }.count, nk = keys.filter { $0 }.count
        return TargetClasses(
            patch: patch, offset: offset,
            all: [Float](repeating: 1 / Float(b), count: b),
            positional: positional.map { $0 ? 1 / Float(np) : 0 },
            keys: keys.map { $0 ? 1 / Float(nk) : 0 },
            positionalCount: np, keyCount: nk)
    }

    private func computeLoss(_ ws: Workspace, _ targets: PolicyTargets, _ t: TargetClasses) -> PolicyLoss {
        let b = ws.batch
        var loss = PolicyLoss()
        loss.type = CrossEntropy.forward(probs: ws.probsType, logits: ws.logitsType, targets: targets.type, weights: t.all)
        if t.positionalCount > 0 {
            loss.patch = CrossEntropy.forward(probs: ws.probsPatch, logits: ws.logitsPatch.reshaped([b, config.patchCount]),
                                              targets: t.patch.map(Int32.init), weights: t.positional)
            loss.offset = CrossEntropy.forward(probs: ws.probsOffset, logits: ws.logitsOffset,
                                               targets: t.offset.map(Int32.init), weights: t.positional)
        }
        if t.keyCount > 0 {
            loss.key = CrossEntropy.forward(probs: ws.probsKey, logits: ws.logitsKey, targets: targets.key, weights: t.keys)
            loss.modifiers = BCEWithLogits.forward(logits: ws.logitsMods, targets: targets.modifiers, weights: t.keys)
        }
        loss.positionalSamples = t.positionalCount
        loss.keySamples = t.keyCount
        return loss
    }

    private func backward(_ batch: PolicyBatch, _ ws: Workspace, _ targets: PolicyTargets, _ t: TargetClasses) {
        let c = config, g = self.g
        // Loss → logits
        for d in [ws.dLogitsType, ws.dLogitsKey, ws.dLogitsMods, ws.dLogitsPatch, ws.dLogitsOffset] { d.zero() }
        CrossEntropy.backward(dLogits: ws.dLogitsType, probs: ws.probsType, targets: targets.type, weights: t.all)
        if t.positionalCount > 0 {
            CrossEntropy.backward(dLogits: ws.dLogitsPatch, probs: ws.probsPatch, targets: t.patch.map(Int32.init), weights: t.positional)
            CrossEntropy.backward(dLogits: ws.dLogitsOffset, probs: ws.probsOffset, targets: t.offset.map(Int32.init), weights: t.positional)
        }
        if t.keyCount > 0 {
            CrossEntropy.backward(dLogits: ws.dLogitsKey, probs: ws.probsKey, targets: targets.key, weights: t.keys)
            BCEWithLogits.backward(dLogits: ws.dLogitsMods, logits: ws.logitsMods, targets: targets.modifiers, weights: t.keys)
        }
        // Heads → dLN (B, T, D), the gradient of ln_f's output
        Linear.backward(dInput: ws.dAct, dWeight: g.typeW, dBias: g.typeB, dOut: ws.dLogitsType, input: ws.act, weight: w.typeW,
                        overwriteInputGradient: true)
        Linear.backward(dInput: ws.dAct, dWeight: g.keyW, dBias: g.keyB, dOut: ws.dLogitsKey, input: ws.act, weight: w.keyW)
        Linear.backward(dInput: ws.dAct, dWeight: g.modsW, dBias: g.modsB, dOut: ws.dLogitsMods, input: ws.act, weight: w.modsW)
        Linear.backward(dInput: ws.dPatchRows, dWeight: g.patchW, dBias: g.patchB, dOut: ws.dLogitsPatch, input: ws.patchRows,
                        weight: w.patchW, overwriteInputGradient: true)
        Linear.backward(dInput: ws.dOffsetRows, dWeight: g.offsetW, dBias: g.offsetB, dOut: ws.dLogitsOffset, input: ws.offsetRows,
                        weight: w.offsetW, overwriteInputGradient: true)
        scatterOffsetRows(ws, t.patch)
        if let q = ws.pointerQuery {
            PointerQuery.backward(dQuery: q.dQuery, dKeys: q.dKeys, dLogits: ws.dLogitsPatch, query: q.query, keys: q.keys, patches: c.patchCount)
            Linear.backward(dInput: ws.dAct, dWeight: g.queryW!, dBias: g.queryB!, dOut: q.dQuery, input: ws.act, weight: w.queryW!)
            Linear.backward(dInput: ws.dPatchRows, dWeight: g.pointerKeyW!, dBias: nil, dOut: q.dKeys, input: ws.patchRows,
                            weight: w.pointerKeyW!)
            if let rows = q.rows {
                PatchRowMax.backward(dValues: rows.dValues, dKeys: q.dKeys, values: rows.values, rows: c.patchRows, columns: c.patchColumns)
                Linear.backward(dInput: ws.dPatchRows, dWeight: g.rowKeyW!, dBias: nil, dOut: rows.dValues, input: ws.patchRows,
                                weight: w.rowKeyW!)
            }
        }
        ws.dLN.zero()
        addRows(ws.dLN, from: ws.dAct, stride: c.tokens, first: 0, count: 1)
        addRows(ws.dLN, from: ws.dPatchRows, stride: c.tokens, first: c.firstPatchToken, count: c.patchCount)
        // ln_f → dX (B, T, D), the gradient of the residual stream
        let last = ws.blocks[c.layers - 1].out
        ws.dX.zero()
        LayerNorm.backward(dInput: ws.dX, dWeight: g.lnfW, dBias: g.lnfB, dOut: ws.dLN, input: last, weight: w.lnfW,
                           mean: ws.lnfMean, rstd: ws.lnfRstd)
        // Blocks, last to first
        for l in stride(from: c.layers - 1, through: 0, by: -1) {
            let a = ws.blocks[l], block = w.blocks[l], gb = g.blocks[l]
            let x = l == 0 ? ws.x0 : ws.blocks[l - 1].out
            let h = a.h, tanh = a.geluTanh, dH = ws.dH
            Linear.backward(dInput: dH, dWeight: gb.fc2W, dBias: gb.fc2B, dOut: ws.dX, input: a.gelu, weight: block.fc2W,
                            overwriteInputGradient: true) { rows in
                GELU.backward(dInput: dH.rows(rows), dOut: dH.rows(rows), input: h.rows(rows), tanh: tanh.rows(rows), accumulate: false)
            }
            Linear.backward(dInput: ws.dLN, dWeight: gb.fc1W, dBias: gb.fc1B, dOut: dH, input: a.ln2, weight: block.fc1W,
                            overwriteInputGradient: true)
            LayerNorm.backward(dInput: ws.dX, dWeight: gb.ln2W, dBias: gb.ln2B, dOut: ws.dLN, input: a.x1, weight: block.ln2W,
                               mean: a.ln2Mean, rstd: a.ln2Rstd)
            Linear.backward(dInput: ws.dAtty, dWeight: gb.projW, dBias: gb.projB, dOut: ws.dX, input: a.atty, weight: block.projW,
                            overwriteInputGradient: true)
            Attention.backward(dQKV: ws.dQKV, dOut: ws.dAtty, qkv: a.qkv, probs: a.probs, scratch: ws.attentionScratch,
                               batch: ws.batch, tokens: c.tokens, width: c.width, heads: c.heads, accumulate: false)
            Linear.backward(dInput: ws.dLN, dWeight: gb.qkvW, dBias: gb.qkvB, dOut: ws.dQKV, input: a.ln1, weight: block.qkvW,
                            overwriteInputGradient: true)
            LayerNorm.backward(dInput: ws.dX, dWeight: gb.ln1W, dBias: gb.ln1B, dOut: ws.dLN, input: x, weight: block.ln1W,
                               mean: a.ln1Mean, rstd: a.ln1Rstd)
        }
        // Embeddings
        let dx = ws.dX.data, d = c.width
        for b in 0..<ws.batch {
            let row = dx + b * c.tokens * d
            for i in 0..<d { g.actToken.data[i] += row[i] }
        }
        if c.stemPool { copyRows(ws.dAct, from: ws.dX, stride: c.tokens, first: 0, count: 1) }
        if c.historyLength > 0 {
            copyRows(ws.history, from: ws.dX, stride: c.tokens, first: 1, count: c.historyLength)
            Embedding.backward(dTable: g.histType, dOut: ws.history, indices: batch.historyType)
            Embedding.backward(dTable: g.histX, dOut: ws.history, indices: batch.historyX)
            Embedding.backward(dTable: g.histY, dOut: ws.history, indices: batch.historyY)
            Embedding.backward(dTable: g.histKey, dOut: ws.history, indices: batch.historyKey)
            Embedding.backward(dTable: g.histPos, dOut: ws.history, indices: ws.slotIndices)
        }
        copyRows(ws.dPatchRows, from: ws.dX, stride: c.tokens, first: c.firstPatchToken, count: c.patchCount)
        Embedding.backward(dTable: g.posEmbed, dOut: ws.dPatchRows, indices: ws.patchIndices)
        if let colors = ws.colors {
            Linear.backward(dInput: nil, dWeight: g.colorW!, dBias: g.colorB!, dOut: ws.dPatchRows, input: colors, weight: w.colorW!)
        }
        if ws.stem.isEmpty {
            Linear.backward(dInput: nil, dWeight: g.patchEmbedW, dBias: g.patchEmbedB, dOut: ws.dPatchRows, input: ws.patches,
                            weight: w.patchEmbedW)
        } else {
            Linear.backward(dInput: ws.dPatches!, dWeight: g.patchEmbedW, dBias: g.patchEmbedB, dOut: ws.dPatchRows, input: ws.patches,
                            weight: w.patchEmbedW, overwriteInputGradient: true)
            stemBackward(ws, dPatches: ws.dPatches!)
        }
    }

    // MARK: - Convolutional stem

    /// image (B, H, W, 3) = frames / 255; each convolution then GELU; patches (B·N, P) of the last output.
    private func stemForward(_ ws: Workspace, image: Tensor, frames: [UInt8]) {
        let out = image.data
        frames.withUnsafeBufferPointer { src in
            let src = src.baseAddress!
            NNRuntime.parallelChunks(image.count) { range in
                for i in range { out[i] = Float(src[i]) / 255 }
            }
        }
        var input = image
        for (i, layer) in ws.stem.enumerated() {
            let pre = layer.pre, post = layer.out, tanh = layer.tanh
            Conv2D.forward(pre, columns: layer.columns, input, w.stemW[i], w.stemB[i], shape: layer.shape) { rows in
                GELU.forward(post.rows(rows), pre.rows(rows), tanh: tanh.rows(rows))
            }
            input = post
        }
        let last = ws.stem[ws.stem.count - 1].shape
        Patchify.forward(ws.patches, input, batch: ws.batch, height: last.outHeight, width: last.outWidth,
                         channels: last.outChannels, patch: config.featurePatchSize)
        if let pooled = ws.pooled, let positions = ws.poolPositions, let pool = ws.pool {
            GlobalMaxPool.forward(pooled, positions: positions, input, batch: ws.batch, positionCount: last.outHeight * last.outWidth,
                                  channels: last.outChannels)
            Linear.forward(pool, pooled, w.stemPoolW!, w.stemPoolB!)
        }
    }

    /// The stem's weight gradients from dPatches (B·N, P), the gradient of the patches; the buffers are reused.
    private func stemBackward(_ ws: Workspace, dPatches: Tensor) {
        let last = ws.stem[ws.stem.count - 1]
        last.dOut.zero()
        Patchify.backward(dInput: last.dOut, dOut: dPatches, batch: ws.batch, height: last.shape.outHeight, width: last.shape.outWidth,
                          channels: last.shape.outChannels, patch: config.featurePatchSize)
        if let pooled = ws.pooled, let dPooled = ws.dPooled, let positions = ws.poolPositions {
            // The pool's gradient is the act token's (row 0 of each sample of dX, which ws.dAct holds).
            Linear.backward(dInput: dPooled, dWeight: g.stemPoolW!, dBias: g.stemPoolB!, dOut: ws.dAct, input: pooled,
                            weight: w.stemPoolW!, overwriteInputGradient: true)
            GlobalMaxPool.backward(dFeatures: last.dOut, dPooled: dPooled, positions: positions, batch: ws.batch,
                                   positionCount: last.shape.outHeight * last.shape.outWidth, channels: last.shape.outChannels)
        }
        for i in stride(from: ws.stem.count - 1, through: 0, by: -1) {
            let layer = ws.stem[i]
            GELU.backward(dInput: layer.dOut, dOut: layer.dOut, input: layer.pre, tanh: layer.tanh, accumulate: false)
            let below = i > 0 ? ws.stem[i - 1].dOut : nil
            below?.zero()
            Conv2D.backward(dInput: below, dColumns: i > 0 ? ws.dColumns!.rows(0..<(layer.shape.outPixels * layer.shape.windowValues)) : nil,
                            dWeight: g.stemW[i], dBias: g.stemB[i], dOut: layer.dOut, columns: layer.columns, weight: w.stemW[i],
                            shape: layer.shape)
        }
    }

    // MARK: - Data movement

    /// patches (B·N, P) from frames (B, H, W, 3) bytes: patch n of a frame is patch row n / columns,
    /// column n % columns; its values run row by row, channels last, divided by 255.
    private func extractPatches(_ patches: Tensor, frames: [UInt8]) {
        let c = config, p = c.patchSize, n = c.patchCount, width = c.imageWidth
        let frameBytes = c.imageHeight * width * 3
        let out = patches.data
        frames.withUnsafeBufferPointer { src in
            let src = src.baseAddress!
            NNRuntime.parallelFor(patches.shape[0] / n) { b in
                for patch in 0..<n {
                    let top = (patch / c.patchColumns) * p, left = (patch % c.patchColumns) * p
                    var o = out + (b * n + patch) * c.patchValues
                    for i in 0..<p {
                        let s = src + b * frameBytes + ((top + i) * width + left) * 3
                        for j in 0..<(p * 3) { o[j] = Float(s[j]) / 255 }
                        o += p * 3
                    }
                }
            }
        }
    }

    /// x0 (B, T, D): act_token (+ the pooled stem features, with stemPool); history embeddings + slot; patch
    /// embeddings + pos_embed.
    private func assembleTokens(_ ws: Workspace) {
        let c = config, d = c.width, t = c.tokens, k = c.historyLength, n = c.patchCount
        let x0 = ws.x0.data, act = w.actToken.data, hist = ws.history.data, patches = ws.patchRows.data, pos = w.posEmbed.data
        let pool = ws.pool?.data
        NNRuntime.parallelFor(ws.batch) { b in
            let base = x0 + b * t * d
            base.update(from: act, count: d)
            if let pool { for j in 0..<d { base[j] += pool[b * d + j] } }
            if k > 0 { (base + d).update(from: hist + b * k * d, count: k * d) }
            for i in 0..<n {
                let dst = base + (c.firstPatchToken + i) * d, src = patches + (b * n + i) * d, e = pos + i * d
                for j in 0..<d { dst[j] = src[j] + e[j] }
            }
        }
    }

    /// dst (B·count, D) = rows first..<first+count of each sample of src (B, T, D).
    private func copyRows(_ dst: Tensor, from src: Tensor, stride t: Int, first: Int, count: Int) {
        let d = config.width, s = src.data, o = dst.data
        NNRuntime.parallelFor(dst.count / (count * d)) { b in
            (o + b * count * d).update(from: s + (b * t + first) * d, count: count * d)
        }
    }

    /// dst (B, T, D) rows first..<first+count of each sample += src (B·count, D).
    private func addRows(_ dst: Tensor, from src: Tensor, stride t: Int, first: Int, count: Int) {
        let d = config.width, s = src.data, o = dst.data
        NNRuntime.parallelFor(src.count / (count * d)) { b in
            let out = o + (b * t + first) * d, inp = s + b * count * d
            for i in 0..<(count * d) { out[i] += inp[i] }
        }
    }

    /// offsetRows (B, D) = the final feature of each sample's target patch token.
    private func gatherOffsetRows(_ ws: Workspace, _ patches: [Int]) {
        let d = config.width, n = config.patchCount
        for b in 0..<ws.batch {
            (ws.offsetRows.data + b * d).update(from: ws.patchRows.data + (b * n + patches[b]) * d, count: d)
        }
    }

    private func scatterOffsetRows(_ ws: Workspace, _ patches: [Int]) {
        let d = config.width, n = config.patchCount
        for b in 0..<ws.batch {
            let dst = ws.dPatchRows.data + (b * n + patches[b]) * d, src = ws.dOffsetRows.data + b * d
            for i in 0..<d { dst[i] += src[i] }
        }
    }

    // MARK: - Inference

    /// The most likely action for one frame (model size, (H, W, 3) bytes) and its history (oldest first).
    /// Greedy: the most likely type; then, for a pointer action, the centroid of the pointer distribution around
    /// the most likely patch (`PointerDecoding`); for a key, the most likely key and each modifier with
    /// probability > ½.
    public func predict(frame: [UInt8], history: [HistoryAction]) throws(PolicyError) -> PolicyPrediction {
        let batch = PolicyBatch(frame: frame, history: history, config: config)
        try batch.validate(config: config)
        let ws = workspace(1)
        forward(batch, ws, targetPatches: [0])
        let typeProbs = softmax(ws.logitsType.values)
        let typeIndex = argmax(typeProbs)
        let type = ActionType(rawValue: Int32(typeIndex))!
        let patchProbs = softmax(ws.logitsPatch.values)
        var p = PolicyPrediction(type: type, typeProbability: typeProbs[typeIndex], probability: typeProbs[typeIndex],
                                 patchProbabilities: patchProbs)
        if type.hasPosition {
            let patch = argmax(patchProbs)
            gatherOffsetRows(ws, [patch])
            Linear.forward(ws.logitsOffset, ws.offsetRows, w.offsetW, w.offsetB)
            let offsetProbs = softmax(ws.logitsOffset.values)
            let offset = argmax(offsetProbs)
            // Offset logits only for the patches the centroid reads (the mode's neighbourhood).
            let row = Tensor(zeros: [1, config.offsetClasses])
            let point = PointerDecoding.centroid(patchLogits: ws.logitsPatch.values[...], offsetLogits: { i in
                Linear.forward(row, ws.patchRows.rows(i..<(i + 1)), self.w.offsetW, self.w.offsetB)
                return row.values[...]
            }, config: config)
            let pixelX = min(config.imageWidth - 1, Int(point.x * Float(config.imageWidth)))
            let pixelY = min(config.imageHeight - 1, Int(point.y * Float(config.imageHeight)))
            p.pointer = PolicyPrediction.Pointer(
                patch: patch, offset: offset, pixelX: pixelX, pixelY: pixelY, x: point.x, y: point.y,
                patchProbability: patchProbs[patch], offsetProbability: offsetProbs[offset])
            p.probability *= patchProbs[patch] * offsetProbs[offset]
        }
        if type == .key {
            let keyProbs = softmax(ws.logitsKey.values)
            let key = argmax(keyProbs)
            let modProbs = ws.logitsMods.values.map { 1 / (1 + Foundation.exp(-$0)) }
            p.key = PolicyPrediction.Key(index: key, name: vocabulary.name(at: key), probability: keyProbs[key],
                                         modifierProbabilities: modProbs)
            p.probability *= keyProbs[key]
            for m in modProbs { p.probability *= max(m, 1 - m) }
        }
        return p
    }

    // MARK: - Workspaces

    private func workspace(_ batch: Int) -> Workspace {
        if let i = workspaces.firstIndex(where: { $0.batch == batch }) {
            let ws = workspaces.remove(at: i)
            workspaces.append(ws)
            return ws
        }
        if workspaces.count >= 2 { workspaces.removeFirst() }
        let ws = Workspace(config: config, batch: batch)
        workspaces.append(ws)
        return ws
    }
}

func softmax(_ x: [Float]) -> [Float] {
    let m = x.max() ?? 0
    let e = x.map { Foundation.exp(Double($0 - m)) }
    let s = e.reduce(0, +)
    return e.map { Float($0 / s) }
}

func argmax(_ x: [Float]) -> Int {
    var best = 0
    for i in x.indices where x[i] > x[best] { best = i }
    return best
}

/// Logits of every head for a batch, flat row-major.
public struct PolicyLogits: Sendable {
    public var batch: Int
    /// (B, action types)
    public var type: [Float]
    /// (B, V)
    public var key: [Float]
    /// (B, 4)
    public var modifiers: [Float]
    /// (B, N): one pointer logit per patch token.
    public var patch: [Float]
    /// (B, N, C): offset logits of every patch token, when asked for.
    public var offset: [Float]?
}

/// The loss of a batch and its terms. Each term is a mean over the samples it applies to (0 when none do).
public struct PolicyLoss: Sendable, Equatable {
    public var type = 0.0
    public var patch = 0.0
    public var offset = 0.0
    public var key = 0.0
    public var modifiers = 0.0
    public var positionalSamples = 0
    public var keySamples = 0
    public var total: Double { type + patch + offset + key + modifiers }
    public init() {}
}

/// The model's most likely action, with probabilities.
public struct PolicyPrediction: Sendable {
    public struct Pointer: Sendable {
        /// The most likely patch, and the most likely offset inside it.
        public var patch: Int
        public var offset: Int
        /// The model pixel holding (x, y).
        public var pixelX: Int
        public var pixelY: Int
        /// Normalized [0, 1): where the pointer goes, the centroid of `PointerDecoding`.
        public var x: Float
        public var y: Float
        public var patchProbability: Float
        public var offsetProbability: Float
    }

    public struct Key: Sendable {
        public var index: Int
        public var name: String
        public var probability: Float
        /// P(ctrl), P(shift), P(alt), P(super).
        public var modifierProbabilities: [Float]
        /// Modifiers the model holds (probability > ½).
        public var modifiers: [Modifier] { Modifier.allCases.filter { modifierProbabilities[$0.rawValue] > 0.5 } }
    }

    public var type: ActionType
    public var typeProbability: Float
    /// Probability of the whole predicted action: type × patch × offset, or type × key × each modifier's choice.
    public var probability: Float
    public var pointer: Pointer?
    public var key: Key?
    /// (N) the pointer head's distribution over the patches, row-major over the patch grid
    /// (`config.patchColumns` × `config.patchRows`), whatever the predicted type.
    public var patchProbabilities: [Float] = []
}
