import Dataset
import Foundation

/// The model's shape. Every number of the architecture is a field here; the defaults are the default model
/// of docs/model.md. Stored as JSON in the weights file's metadata (snake_case keys), so a file describes
/// itself; fields missing from an older file take their defaults.
public struct PolicyConfig: Codable, Sendable, Equatable {
    /// Model input width in pixels: frames are resized to imageWidth × imageHeight.
    public var imageWidth = 128
    /// Model input height in pixels.
    public var imageHeight = 128
    /// Side of the square patches the frame is cut into (each one token).
    public var patchSize = 8
    /// Width of the residual stream, d.
    public var width = 128
    /// Attention heads; each takes width / heads consecutive features.
    public var heads = 4
    /// Transformer blocks.
    public var layers = 4
    /// Hidden width of each block's MLP.
    public var mlpWidth = 512
    /// Past actions given as tokens, K.
    public var historyLength = 4
    /// Bins per axis for the positions of past actions.
    public var positionBins = 64
    /// Entries of the key vocabulary, index 0 meaning no key.
    public var keyCount = KeyVocabulary.standard.count
    /// Action types (wait, move, click, ..., key): fixed by the action set, stored for readers of the file.
    public var actionTypes = ActionType.allCases.count
    /// Modifier flags predicted with a key (ctrl, shift, alt, super): fixed likewise.
    public var modifiers = Modifier.allCases.count
    /// Standard deviation of the seeded normal initialization of weights and embeddings.
    public var initStd: Float = 0.02
    /// The convolutional stem's output channels, one 3×3 stride-2 convolution (padding 1, then GELU) each,
    /// applied to the frame before it is cut into patches; empty (the default): no stem, patches of raw
    /// pixels. With L convolutions the feature map is 2^L times smaller and each token is a
    /// (patchSize / 2^L)² patch of it, so a token still covers patchSize × patchSize frame pixels.
    public var stemChannels: [Int] = []
    /// With a stem: the largest value of each channel of its last feature map over all positions (global max
    /// pooling), projected to width d, is added to the `act` token: a translation-invariant summary of what
    /// the frame shows (which glyph, say), wherever it is.
    public var stemPool = false
    /// Cells per side of each token whose mean colours go straight into the token; 0 (the default): none.
    /// With c cells a token also gets the mean RGB (/255) of each of its c×c cells of (p/c)² frame
    /// pixels: 3·c² values, projected to width d by `color_embed` and added to its patch embedding. The
    /// stem's convolutions turn pixels into shape features; this keeps the exact colours (which square
    /// matches the swatch) one linear map away.
    public var colorCells = 0
    /// Width E of the pointer query; 0 (the default): none. With E > 0 each patch token's pointer logit also
    /// gets q · kₙ / √E, where q is a projection of the act token (`head.pointer_query`) and kₙ of the patch
    /// token (`head.pointer_key`): the act token says what to look for (the swatch's colour, the next digit)
    /// and every patch is scored by how well it matches, instead of each patch token having to work out the
    /// match alone.
    public var patchQuery = 0
    /// With a pointer query: each patch key also gets, per channel, the largest value over its patch row of
    /// another projection of the patch tokens (`head.pointer_row_key`), so a patch is also scored by what
    /// stands out on its row (a menu entry's label by the swatch at the entry's left). False (the default):
    /// keys of the patch alone.
    public var patchQueryRows = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case imageWidth = "image_width", imageHeight = "image_height", patchSize = "patch_size", width = "d_model"
        case heads, layers, mlpWidth = "mlp_hidden", historyLength = "history", positionBins = "position_bins"
        case keyCount = "key_vocab_size", actionTypes = "action_types", modifiers, initStd = "init_std"
        case stemChannels = "stem_channels", stemPool = "stem_pool", colorCells = "color_cells", patchQuery = "patch_query"
        case patchQueryRows = "patch_query_rows"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PolicyConfig()
        imageWidth = try c.decodeIfPresent(Int.self, forKey: .imageWidth) ?? d.imageWidth
        imageHeight = try c.decodeIfPresent(Int.self, forKey: .imageHeight) ?? d.imageHeight
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? d.patchSize
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? d.width
        heads = try c.decodeIfPresent(Int.self, forKey: .heads) ?? d.heads
        layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? d.layers
        mlpWidth = try c.decodeIfPresent(Int.self, forKey: .mlpWidth) ?? d.mlpWidth
        historyLength = try c.decodeIfPresent(Int.self, forKey: .historyLength) ?? d.historyLength
        positionBins = try c.decodeIfPresent(Int.self, forKey: .positionBins) ?? d.positionBins
        keyCount = try c.decodeIfPresent(Int.self, forKey: .keyCount) ?? d.keyCount
        actionTypes = try c.decodeIfPresent(Int.self, forKey: .actionTypes) ?? d.actionTypes
        modifiers = try c.decodeIfPresent(Int.self, forKey: .modifiers) ?? d.modifiers
        initStd = try c.decodeIfPresent(Float.self, forKey: .initStd) ?? d.initStd
        stemChannels = try c.decodeIfPresent([Int].self, forKey: .stemChannels) ?? d.stemChannels
        stemPool = try c.decodeIfPresent(Bool.self, forKey: .stemPool) ?? d.stemPool
        colorCells = try c.decodeIfPresent(Int.self, forKey: .colorCells) ?? d.colorCells
        patchQuery = try c.decodeIfPresent(Int.self, forKey: .patchQuery) ?? d.patchQuery
        patchQueryRows = try c.decodeIfPresent(Bool.self, forKey: .patchQueryRows) ?? d.patchQueryRows
    }

    /// Optional parts are written only when used, so a config without them reads (and is stored) exactly as
    /// before they existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(imageWidth, forKey: .imageWidth); try c.encode(imageHeight, forKey: .imageHeight)
        try c.encode(patchSize, forKey: .patchSize); try c.encode(width, forKey: .width)
        try c.encode(heads, forKey: .heads); try c.encode(layers, forKey: .layers); try c.encode(mlpWidth, forKey: .mlpWidth)
        try c.encode(historyLength, forKey: .historyLength); try c.encode(positionBins, forKey: .positionBins)
        try c.encode(keyCount, forKey: .keyCount); try c.encode(actionTypes, forKey: .actionTypes)
        try c.encode(modifiers, forKey: .modifiers); try c.encode(initStd, forKey: .initStd)
        if !stemChannels.isEmpty { try c.encode(stemChannels, forKey: .stemChannels) }
        if stemPool { try c.encode(stemPool, forKey: .stemPool) }
        if colorCells > 0 { try c.encode(colorCells, forKey: .colorCells) }
        if patchQuery > 0 { try c.encode(patchQuery, forKey: .patchQuery) }
        if patchQueryRows { try c.encode(patchQueryRows, forKey: .patchQueryRows) }
    }

    // MARK: Derived sizes

    /// Patches per row and per column of the frame.
    public var patchColumns: Int { imageWidth / patchSize }
    public var patchRows: Int { imageHeight / patchSize }
    /// Patch tokens, N.
    public var patchCount: Int { patchColumns * patchRows }
    /// How many times smaller the stem's feature map is than the frame (2^stem convolutions).
    public var stemStride: Int { 1 << stemChannels.count }
    /// Side of a token's patch on the stem's feature map (patchSize / stemStride; patchSize without a stem).
    public var featurePatchSize: Int { patchSize / stemStride }
    /// Channels of what is cut into patches: the last stem convolution's, or 3 (RGB).
    public var featureChannels: Int { stemChannels.last ?? 3 }
    /// Values in one flattened patch: p·p·3, or with a stem (p/2^L)²·(last stem channels).
    public var patchValues: Int { featurePatchSize * featurePatchSize * featureChannels }
    /// Mean colours per token with `colorCells`: 3 per cell.
    public var colorValues: Int { colorCells * colorCells * 3 }
    /// Positions inside a patch (p·p): the classes of the offset head.
    public var offsetClasses: Int { patchSize * patchSize }
    /// Tokens per sample, T = 1 (act) + K (history) + N (patches).
    public var tokens: Int { 1 + historyLength + patchCount }
    /// Index of the first patch token.
    public var firstPatchToken: Int { 1 + historyLength }
    public var headWidth: Int { width / heads }

    /// Checks that the numbers fit together.
    public func validate() throws(PolicyError) {
        func positive(_ value: Int, _ name: String) throws(PolicyError) {
            if value < 1 { throw .invalidConfig(field: name, reason: "must be at least 1, is \(value)") }
        }
        try positive(imageWidth, "image_width"); try positive(imageHeight, "image_height")
        try positive(patchSize, "patch_size"); try positive(width, "d_model"); try positive(heads, "heads")
        try positive(layers, "layers"); try positive(mlpWidth, "mlp_hidden"); try positive(positionBins, "position_bins")
        try positive(keyCount, "key_vocab_size")
        if historyLength < 0 { throw .invalidConfig(field: "history", reason: "must be 0 or more, is \(historyLength)") }
        if imageWidth % patchSize != 0 || imageHeight % patchSize != 0 {
            throw .invalidConfig(field: "patch_size", reason: "\(patchSize) does not divide the image \(imageWidth)x\(imageHeight)")
        }
        for (i, channels) in stemChannels.enumerated() where channels < 1 {
            throw .invalidConfig(field: "stem_channels", reason: "entry \(i) must be at least 1, is \(channels)")
        }
        if !stemChannels.isEmpty && patchSize % stemStride != 0 {
            throw .invalidConfig(field: "stem_channels", reason: "\(stemChannels.count) stride-2 convolutions shrink the frame \(stemStride)x, which does not divide patch_size \(patchSize)")
        }
        if stemPool && stemChannels.isEmpty {
            throw .invalidConfig(field: "stem_pool", reason: "pools the conv stem's features, but stem_channels is empty")
        }
        if colorCells < 0 || (colorCells > 0 && patchSize % colorCells != 0) {
            throw .invalidConfig(field: "color_cells", reason: "must be 0 or divide patch_size \(patchSize), is \(colorCells)")
        }
        if patchQuery < 0 { throw .invalidConfig(field: "patch_query", reason: "must be 0 or more, is \(patchQuery)") }
        if patchQueryRows && patchQuery == 0 {
            throw .invalidConfig(field: "patch_query_rows", reason: "adds to the pointer query's keys, but patch_query is 0")
        }
        if width % heads != 0 {
            throw .invalidConfig(field: "heads", reason: "\(heads) heads do not divide d_model \(width)")
        }
        if actionTypes != ActionType.allCases.count {
            throw .invalidConfig(field: "action_types", reason: "must be \(ActionType.allCases.count) (the action set of docs/model.md), is \(actionTypes)")
        }
        if modifiers != Modifier.allCases.count {
            throw .invalidConfig(field: "modifiers", reason: "must be \(Modifier.allCases.count) (ctrl, shift, alt, super), is \(modifiers)")
        }
        if !(initStd > 0 && initStd.isFinite) { throw .invalidConfig(field: "init_std", reason: "must be a positive number, is \(initStd)") }
    }

    /// The config as compact JSON with sorted keys (what goes in the weights file).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

/// The modifier flags of a key action, in the order of the model's modifier logits.
public enum Modifier: Int, CaseIterable, Sendable {
    case ctrl = 0, shift, alt, `super`
    public var name: String { ["ctrl", "shift", "alt", "super"][rawValue] }
}
