/// Named model configs: `default` is the model of docs/model.md (what `mimic model init` makes without
/// flags); `demo` is the cheaper model with a convolutional stem that `mimic demo` trains on the built-in
/// tasks (measurements in docs/model.md). Flags given with a preset override its fields.
public enum PolicyPreset: String, CaseIterable, Sendable {
    case `default`
    case demo

    public var config: PolicyConfig {
        switch self {
        case .default: return PolicyConfig()
        case .demo: return PolicyConfig.demo
        }
    }

    public var summary: String {
        switch self {
        case .default: return "the model of docs/model.md: 8x8 pixel patches, d 128, 4 layers, 4 heads, MLP 512"
        case .demo: return "a conv stem (four 3x3 stride-2 convolutions to 16, 32, 64, 128 channels, GELU, max-pooled onto the act token) under 16x16-pixel tokens that also get the mean colours of their 4x4 cells, a 64-wide pointer query from the act token, d 128, 4 layers, 4 heads, MLP 256"
        }
    }
}

extension PolicyConfig {
    /// The preset `mimic demo` trains: four 3×3 stride-2 convolutions (16, 32, 64, 128 channels, GELU) turn
    /// the 128×128 frame into an 8×8×128 feature map, each position one token of 16×16 frame pixels (64
    /// tokens; the default has 256 of 8×8, so a step costs about a third); the feature map max-pooled over
    /// positions is added to the act token, which is what lets the model read a glyph wherever it is; and
    /// each token gets the mean colours of its 4×4 cells of 4×4 pixels, which the colour tasks need; and a
    /// 64-wide pointer query from the act token scores every patch by how well it matches what the act token
    /// looks for (the swatch's colour, the next digit); and MLPs of 256 instead of 512, which make a step
    /// about a fifth cheaper, so the same minutes train more steps (docs/model.md, "Presets").
    public static var demo: PolicyConfig {
        var c = PolicyConfig()
        c.stemChannels = [16, 32, 64, 128]
        c.stemPool = true
        c.patchSize = 16
        c.colorCells = 4
        c.patchQuery = 64
        c.mlpWidth = 256
        return c
    }
}
