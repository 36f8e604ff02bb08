import NN

/// Named views of one parameter-layout arena (the weights, or their gradients).
struct Weights {
    struct Block {
        let ln1W, ln1B, qkvW, qkvB, projW, projB, ln2W, ln2B, fc1W, fc1B, fc2W, fc2B: Tensor
    }

    /// The convolutional stem's weights (O, C, 3, 3) and biases (O), one per convolution (none by default).
    let stemW, stemB: [Tensor]
    /// With stem pooling: (D, C) and (D) projecting the pooled features onto the act token.
    let stemPoolW, stemPoolB: Tensor?
    /// With colour cells: (D, 3·c²) and (D) projecting a token's mean colours onto it.
    let colorW, colorB: Tensor?
    let patchEmbedW, patchEmbedB, posEmbed, actToken: Tensor
    let histType, histX, histY, histKey, histPos: Tensor
    let blocks: [Block]
    let lnfW, lnfB, typeW, typeB, keyW, keyB, modsW, modsB, patchW, patchB, offsetW, offsetB: Tensor
    /// With a pointer query: (E, D) and (E) from the act token; (E, D) from each patch token (no bias: it would
    /// add the same q · b to every patch logit, which the softmax over patches cannot see).
    let queryW, queryB, pointerKeyW: Tensor?
    /// With the query's rows: (E, D) projecting the patch tokens whose row maxima join the keys.
    let rowKeyW: Tensor?

    init(_ a: Arena, layers: Int, stem: Int) {
        stemW = (0..<stem).map { a["stem.\($0).weight"] }
        stemB = (0..<stem).map { a["stem.\($0).bias"] }
        let pooled = a.layout.index(of: "stem_pool.weight") != nil
        stemPoolW = pooled ? a["stem_pool.weight"] : nil
        stemPoolB = pooled ? a["stem_pool.bias"] : nil
        let colored = a.layout.index(of: "color_embed.weight") != nil
        colorW = colored ? a["color_embed.weight"] : nil
        colorB = colored ? a["color_embed.bias"] : nil
        patchEmbedW = a["patch_embed.weight"]; patchEmbedB = a["patch_embed.bias"]
        posEmbed = a["pos_embed"]; actToken = a["act_token"]
        histType = a["hist.type.weight"]; histX = a["hist.x.weight"]; histY = a["hist.y.weight"]
        histKey = a["hist.key.weight"]; histPos = a["hist.pos"]
        blocks = (0..<layers).map { i in
            let p = "blocks.\(i)."
            return Block(
                ln1W: a[p + "ln1.weight"], ln1B: a[p + "ln1.bias"],
                qkvW: a[p + "attn.qkv.weight"], qkvB: a[p + "attn.qkv.bias"],
                projW: a[p + "attn.proj.weight"], projB: a[p + "attn.proj.bias"],
                ln2W: a[p + "ln2.weight"], ln2B: a[p + "ln2.bias"],
                fc1W: a[p + "mlp.fc1.weight"], fc1B: a[p + "mlp.fc1.bias"],
                fc2W: a[p + "mlp.fc2.weight"], fc2B: a[p + "mlp.fc2.bias"])
        }
        lnfW = a["ln_f.weight"]; lnfB = a["ln_f.bias"]
        typeW = a["head.type.weight"]; typeB = a["head.type.bias"]
        keyW = a["head.key.weight"]; keyB = a["head.key.bias"]
        modsW = a["head.mods.weight"]; modsB = a["head.mods.bias"]
        patchW = a["head.patch.weight"]; patchB = a["head.patch.bias"]
        offsetW = a["head.offset.weight"]; offsetB = a["head.offset.bias"]
        let queried = a.layout.index(of: "head.pointer_query.weight") != nil
        queryW = queried ? a["head.pointer_query.weight"] : nil
        queryB = queried ? a["head.pointer_query.bias"] : nil
        pointerKeyW = queried ? a["head.pointer_key.weight"] : nil
        rowKeyW = a.layout.index(of: "head.pointer_row_key.weight") != nil ? a["head.pointer_row_key.weight"] : nil
    }
}

/// Every activation and activation gradient of one batch size, in one arena.
/// Legend: B batch, T tokens, D width, H heads, M MLP width, N patches, P patch values, C offset classes,
/// V keys, K history. 2-D shapes are (rows, features) with rows = B·T (or B·N, B·K, B).
final class Workspace {
    struct Block {
        /// (B·T, D) ln1 output; (B·T) its mean and 1/std
        let ln1, ln1Mean, ln1Rstd: Tensor
        /// (B·T, 3D)
        let qkv: Tensor
        /// (B, H, T, T) attention probabilities
        let probs: Tensor
        /// (B·T, D) attention output before the projection
        let atty: Tensor
        /// (B·T, D) residual stream after attention
        let x1: Tensor
        let ln2, ln2Mean, ln2Rstd: Tensor
        /// (B·T, M) fc1 output, its GELU, and the GELU's tanh term (kept for backward)
        let h, gelu, geluTanh: Tensor
        /// (B·T, D) the block's output
        let out: Tensor
    }

    /// The buffers of one stem convolution: Ho×Wo output pixels, O channels, K window values.
    struct StemLayer {
        let shape: Conv2DShape
        /// (B·Ho·Wo, K) the windows; (B·Ho·Wo, O) before the GELU, after it, and its tanh term
        let columns, pre, out, tanh: Tensor
        /// (B·Ho·Wo, O) the gradient of `out`, then (in place) of `pre`
        let dOut: Tensor
    }

    let batch: Int
    let arena: Arena
    /// With a stem: (B, H, W, 3) the frames as floats /255; the stem's layers; (B·N, P) the patches'
    /// gradient; (max rows·K) window gradients of the convolutions after the first
    let image: Tensor?
    let stem: [StemLayer]
    let dPatches, dColumns: Tensor?
    /// With stem pooling: (B, C) the max of the last feature map over its positions and its gradient; (B, D)
    /// its projection; (B, C) the position of each maximum, for backward
    let pooled, dPooled, pool: Tensor?
    let poolPositions: PoolPositions?
    /// (B·N, P) input patches
    let patches: Tensor
    /// With colour cells: (B·N, 3·c²) each token's mean colours
    let colors: Tensor?
    /// (B·N, D) patch-token rows: the patch embeddings on the way in, ln_f's patch tokens on the way out
    let patchRows: Tensor
    /// (B·K, D) history embeddings (and their gradients in backward)
    let history: Tensor
    /// (B·T, D) the tokens entering block 0
    let x0: Tensor
    let blocks: [Block]
    /// (B·T, D) ln_f output and statistics
    let lnf, lnfMean, lnfRstd: Tensor
    /// (B, D) the act token's final feature; (B, D) the target patch token's
    let act, offsetRows: Tensor
    /// logits: (B, types), (B, V), (B, 4), (B·N, 1), (B, C); softmax probabilities for the CE terms
    let logitsType, logitsKey, logitsMods, logitsPatch, logitsOffset: Tensor
    let probsType, probsKey, probsPatch, probsOffset: Tensor
    /// gradients of the logits
    let dLogitsType, dLogitsKey, dLogitsMods, dLogitsPatch, dLogitsOffset: Tensor
    /// (B, D), (B·N, D), (B, D) gradients of act, patchRows, offsetRows
    let dAct, dPatchRows, dOffsetRows: Tensor
    /// The pointer query's buffers: (B, E) the query, (B·N, E) the patch keys, and their gradients; with its
    /// rows, (B·N, E) the projection whose row maxima join the keys, and its gradient.
    struct PointerQueryBuffers {
        struct Rows {
            let values, dValues: Tensor
        }
        let query, keys, dQuery, dKeys: Tensor
        let rows: Rows?
    }
    let pointerQuery: PointerQueryBuffers?
    /// (B·T, D) the residual stream's gradient; (B·T, D) the gradient of a LayerNorm's output
    let dX, dLN: Tensor
    /// (B·T, D), (B·T, 3D), (B·T, M)
    let dAtty, dQKV, dH: Tensor
    /// (S, T, T) attention backward's working matrices
    let attentionScratch: Tensor
    /// (B·K) slot index of each history row; (B·N) patch index of each patch row
    let slotIndices: [Int32]
    let patchIndices: [Int32]

    init(config c: PolicyConfig, batch b: Int) {
        batch = b
        let t = c.tokens, d = c.width, n = c.patchCount, k = c.historyLength, bt = b * t
        var l = ArenaLayout()
        var stemShapes: [Conv2DShape] = []
        if !c.stemChannels.isEmpty {
            l.add("image", [b, c.imageHeight, c.imageWidth, 3])
            var (h, w, channels) = (c.imageHeight, c.imageWidth, 3)
            var largest = 0
            for (i, o) in c.stemChannels.enumerated() {
                let s = Conv2DShape(batch: b, height: h, width: w, channels: channels, outChannels: o, kernel: 3, stride: 2, padding: 1)
                stemShapes.append(s)
                l.add("stem.\(i).columns", [s.outPixels, s.windowValues])
                for name in ["pre", "out", "tanh", "dOut"] { l.add("stem.\(i).\(name)", [s.outPixels, o]) }
                if i > 0 { largest = max(largest, s.outPixels * s.windowValues) }
                (h, w, channels) = (s.outHeight, s.outWidth, o)
            }
            l.add("dPatches", [b * n, c.patchValues])
            l.add("dColumns", [largest])
            if c.stemPool {
                l.add("pooled", [b, channels]); l.add("dPooled", [b, channels]); l.add("pool", [b, d])
            }
        }
        l.add("patches", [b * n, c.patchValues])
        if c.colorCells > 0 { l.add("colors", [b * n, c.colorValues]) }
        l.add("patchRows", [b * n, d])
        l.add("history", [b * k, d])
        l.add("x0", [bt, d])
        for i in 0..<c.layers {
            let p = "\(i)."
            l.add(p + "ln1", [bt, d]); l.add(p + "ln1Mean", [bt]); l.add(p + "ln1Rstd", [bt])
            l.add(p + "qkv", [bt, 3 * d])
            l.add(p + "probs", [b, c.heads, t, t])
            l.add(p + "atty", [bt, d])
            l.add(p + "x1", [bt, d])
            l.add(p + "ln2", [bt, d]); l.add(p + "ln2Mean", [bt]); l.add(p + "ln2Rstd", [bt])
            l.add(p + "h", [bt, c.mlpWidth]); l.add(p + "gelu", [bt, c.mlpWidth]); l.add(p + "geluTanh", [bt, c.mlpWidth])
            l.add(p + "out", [bt, d])
        }
        l.add("lnf", [bt, d]); l.add("lnfMean", [bt]); l.add("lnfRstd", [bt])
        l.add("act", [b, d]); l.add("offsetRows", [b, d])
        let heads: [(String, [Int])] = [("Type", [b, c.actionTypes]), ("Key", [b, c.keyCount]), ("Mods", [b, c.modifiers]),
                                        ("Patch", [b * n, 1]), ("Offset", [b, c.offsetClasses])]
        for (name, shape) in heads {
            l.add("logits" + name, shape)
            l.add("dLogits" + name, shape)
            if name != "Mods" { l.add("probs" + name, name == "Patch" ? [b, n] : shape) }
        }
        l.add("dAct", [b, d]); l.add("dPatchRows", [b * n, d]); l.add("dOffsetRows", [b, d])
        if c.patchQuery > 0 {
            l.add("pointerQuery", [b, c.patchQuery]); l.add("dPointerQuery", [b, c.patchQuery])
            l.add("pointerKeys", [b * n, c.patchQuery]); l.add("dPointerKeys", [b * n, c.patchQuery])
            if c.patchQueryRows { l.add("rowValues", [b * n, c.patchQuery]); l.add("dRowValues", [b * n, c.patchQuery]) }
        }
        l.add("dX", [bt, d]); l.add("dLN", [bt, d])
        l.add("dAtty", [bt, d]); l.add("dQKV", [bt, 3 * d]); l.add("dH", [bt, c.mlpWidth])
        let pieces = min(b * c.heads, 4 * NNRuntime.threadCount)
        l.add("attentionScratch", [pieces, t, t])
        let a = Arena(l)
        arena = a
        image = stemShapes.isEmpty ? nil : a["image"]
        dPatches = stemShapes.isEmpty ? nil : a["dPatches"]
        dColumns = stemShapes.isEmpty ? nil : a["dColumns"]
        pooled = c.stemPool ? a["pooled"] : nil
        dPooled = c.stemPool ? a["dPooled"] : nil
        pool = c.stemPool ? a["pool"] : nil
        poolPositions = c.stemPool ? PoolPositions(count: b * c.stemChannels[c.stemChannels.count - 1]) : nil
        stem = stemShapes.enumerated().map { i, s in
            let p = "stem.\(i)."
            return StemLayer(shape: s, columns: a[p + "columns"], pre: a[p + "pre"], out: a[p + "out"], tanh: a[p + "tanh"], dOut: a[p + "dOut"])
        }
        patches = a["patches"]; colors = c.colorCells > 0 ? a["colors"] : nil; patchRows = a["patchRows"]; history = a["history"]; x0 = a["x0"]
        blocks = (0..<c.layers).map { i in
            let p = "\(i)."
            return Block(ln1: a[p + "ln1"], ln1Mean: a[p + "ln1Mean"], ln1Rstd: a[p + "ln1Rstd"], qkv: a[p + "qkv"],
                         probs: a[p + "probs"], atty: a[p + "atty"], x1: a[p + "x1"],
                         ln2: a[p + "ln2"], ln2Mean: a[p + "ln2Mean"], ln2Rstd: a[p + "ln2Rstd"],
                         h: a[p + "h"], gelu: a[p + "gelu"], geluTanh: a[p + "geluTanh"], out: a[p + "out"])
        }
        lnf = a["lnf"]; lnfMean = a["lnfMean"]; lnfRstd = a["lnfRstd"]
        act = a["act"]; offsetRows = a["offsetRows"]
        logitsType = a["logitsType"]; logitsKey = a["logitsKey"]; logitsMods = a["logitsMods"]
        logitsPatch = a["logitsPatch"]; logitsOffset = a["logitsOffset"]
        probsType = a["probsType"]; probsKey = a["probsKey"]; probsPatch = a["probsPatch"]; probsOffset = a["probsOffset"]
        dLogitsType = a["dLogitsType"]; dLogitsKey = a["dLogitsKey"]; dLogitsMods = a["dLogitsMods"]
        dLogitsPatch = a["dLogitsPatch"]; dLogitsOffset = a["dLogitsOffset"]
        dAct = a["dAct"]; dPatchRows = a["dPatchRows"]; dOffsetRows = a["dOffsetRows"]
        pointerQuery = c.patchQuery > 0
            ? PointerQueryBuffers(query: a["pointerQuery"], keys: a["pointerKeys"], dQuery: a["dPointerQuery"], dKeys: a["dPointerKeys"],
                                  rows: c.patchQueryRows ? .init(values: a["rowValues"], dValues: a["dRowValues"]) : nil)
            : nil
        dX = a["dX"]; dLN = a["dLN"]; dAtty = a["dAtty"]; dQKV = a["dQKV"]; dH = a["dH"]
        attentionScratch = a["attentionScratch"]
        slotIndices = (0..<(b * k)).map { Int32($0 % max(k, 1)) }
        patchIndices = (0..<(b * n)).map { Int32($0 % n) }
    }
}
