/// Which PNG encoder writes a stream of frames, with its settings: Mimic's own fast encoder
/// (`FastPNGEncoder`, the default), or libpng at a zlib level with a row filter.
public struct PNGEncoding: Sendable, Equatable, CustomStringConvertible {
    public enum Encoder: String, Sendable, CaseIterable {
        /// `FastPNGEncoder`: a greedy LZ77 parse made for screens (docs/png-encoder.md).
        case fast
        /// libpng and zlib, at `level` with `filter`.
        case libpng
    }

    public var encoder: Encoder
    /// libpng's zlib level, 0 (store) to 9 (smallest); the fast encoder has no levels.
    public var level: Int
    /// libpng's row filter; the fast encoder always uses filter none (best on screens).
    public var filter: PNG.Filter

    public init(encoder: Encoder, level: Int = 1, filter: PNG.Filter = .none) {
        precondition((0...9).contains(level), "PNG level must be 0...9, got \(level)")
        self.encoder = encoder
        self.level = level
        self.filter = filter
    }

    /// What `mimic record` uses unless told otherwise: the fast encoder.
    public static let `default` = PNGEncoding(encoder: .fast)

    /// libpng at `level` with `filter` (level 1, filter none: the recorder's encoder before the fast one).
    public static func libpng(level: Int = 1, filter: PNG.Filter = .none) -> PNGEncoding {
        PNGEncoding(encoder: .libpng, level: level, filter: filter)
    }

    public var description: String {
        switch encoder {
        case .fast: return "fast"
        case .libpng: return "libpng level \(level), filter \(filter.rawValue)"
        }
    }
}

/// Encodes frames as PNGs with a `PNGEncoding`, keeping the fast encoder's buffers from one frame
/// to the next. Not thread-safe: give each encoding thread its own.
public final class PNGFrameEncoder {
    public let encoding: PNGEncoding
    private let fast: FastPNGEncoder?

    public init(_ encoding: PNGEncoding) {
        self.encoding = encoding
        fast = encoding.encoder == .fast ? FastPNGEncoder() : nil
    }

    public func encode(_ image: RGBImage) throws(ImagingError) -> [UInt8] {
        guard image.width >= 1 && image.height >= 1 else {
            throw .pngEncodeFailed(reason: "a PNG needs at least one pixel, got \(image.width)x\(image.height)")
        }
        if let fast { return fast.encode(image) }
        return try PNG.encode(image, level: encoding.level, filter: encoding.filter)
    }
}
