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
        case .demo: return "a conv stem (3x3 stride-2 convolutions to 24 and 48 channels, GELU) under 16x16-pixel tokens, d 128, 4 layers, 4 heads, MLP 512"
        }
    }
}

extension PolicyConfig {
    /// The preset `mimic demo` trains: two 3×3 stride-2 convolutions (24 and 48 channels, GELU) turn the
    /// 128×128 frame into a 32×32×48 feature map, cut into 4×4 patches: 64 tokens of 16×16 frame pixels
    /// (the default has 256 of 8×8), so a step costs about a quarter; the convolutions give the tokens
    /// local edge features, which reading glyphs needs.
    public static var demo: PolicyConfig {
        var c = PolicyConfig()
        c.stemChannels = [24, 48]
        c.patchSize = 16
        return c
    }
}
