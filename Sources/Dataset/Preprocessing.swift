import Foundation
import Imaging
import Primitives

/// A model image size.
public struct ImageSize: Sendable, Equatable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) { self.width = width; self.height = height }

    /// "128x128"; nil unless two positive integers up to 4096.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x").map { Int($0) }
        guard parts.count == 2, let w = parts[0], let h = parts[1], (1...4096).contains(w), (1...4096).contains(h) else { return nil }
        self.init(width: w, height: h)
    }

    public var description: String { "\(width)x\(height)" }
}

/// How the observed region's aspect ratio meets the model image's.
public enum Fit: String, Sendable, Codable, CaseIterable {
    /// Scaled to fit inside, centred, on black bars: nothing is distorted.
    case letterbox
    /// Scaled to fill the model image exactly: no bars, the aspect ratio changes.
    case stretch
}

/// How frames become model inputs. The dataset and the live agent must use the same settings;
/// they are stored in the dataset's manifest and every shard's metadata.
public struct Preprocessing: Sendable, Equatable, Codable {
    public var size = ImageSize(width: 128, height: 128)
    public var fit = Fit.letterbox
    /// The part of the screen the model sees; nil for the whole screen.
    public var crop: Rect?

    public init(size: ImageSize = ImageSize(width: 128, height: 128), fit: Fit = .letterbox, crop: Rect? = nil) {
        self.size = size; self.fit = fit; self.crop = crop
    }
}

/// Where, for one screen size, the observed region lands in the model image, and how pointer
/// positions map between screen pixels and normalized model coordinates.
///
/// A screen pixel (px, py) is taken at its centre: in the model image it is at
/// mx = content.x + (px − source.x + 0.5) · content.width / source.width (y alike), and its
/// normalized coordinate is mx / size.width, in [0, 1). The model maps a normalized x back to the
/// model pixel ⌊x · width⌋.
public struct FrameGeometry: Sendable, Equatable {
    public let screenWidth: Int
    public let screenHeight: Int
    /// The screen region the model sees.
    public let source: Rect
    /// Where that region lands in the model image (the rest is black bars).
    public let content: Rect
    public let size: ImageSize

    /// Nil when the crop region is not inside the screen.
    public init?(screenWidth: Int, screenHeight: Int, preprocessing: Preprocessing) {
        let source = preprocessing.crop ?? Rect(x: 0, y: 0, width: screenWidth, height: screenHeight)
        guard screenWidth > 0, screenHeight > 0, source.x >= 0, source.y >= 0, source.width > 0, source.height > 0,
              source.x + source.width <= screenWidth, source.y + source.height <= screenHeight else { return nil }
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
        self.source = source
        size = preprocessing.size
        switch preprocessing.fit {
        case .stretch:
            content = .init(x: 0, y: 0, width: size.width, height: size.height)
        case .letterbox:
            // The same placement as RGBImage.letterboxed.
            let scale = min(Double(size.width) / Double(source.width), Double(size.height) / Double(source.height))
            let w = max(1, min(size.width, Int((Double(source.width) * scale).rounded())))
            let h = max(1, min(size.height, Int((Double(source.height) * scale).rounded())))
            content = .init(x: (size.width - w) / 2, y: (size.height - h) / 2, width: w, height: h)
        }
    }

    /// Normalized model coordinates of a screen pixel; nil when it is outside the observed region.
    public func modelPoint(screenX: Int, screenY: Int) -> (x: Float, y: Float)? {
        guard screenX >= source.x, screenX < source.x + source.width, screenY >= source.y, screenY < source.y + source.height else {
            return nil
        }
        let mx = Double(content.x) + (Double(screenX - source.x) + 0.5) * Double(content.width) / Double(source.width)
        let my = Double(content.y) + (Double(screenY - source.y) + 0.5) * Double(content.height) / Double(source.height)
        return (Float(mx / Double(size.width)), Float(my / Double(size.height)))
    }

    /// The screen pixel at normalized model coordinates (the inverse of `modelPoint`, for the
    /// agent), clamped to the observed region.
    public func screenPoint(x: Float, y: Float) -> (x: Int, y: Int) {
        let mx = Double(x) * Double(size.width), my = Double(y) * Double(size.height)
        let px = ((mx - Double(content.x)) * Double(source.width) / Double(content.width)).rounded(.down)
        let py = ((my - Double(content.y)) * Double(source.height) / Double(content.height)).rounded(.down)
        return (source.x + Int(max(0, min(Double(source.width - 1), px))),
                source.y + Int(max(0, min(Double(source.height - 1), py))))
    }

    /// A screen pixel normalized to the whole screen: ((px + 0.5) / width, (py + 0.5) / height).
    public func screenNormalized(screenX: Int, screenY: Int) -> (x: Float, y: Float) {
        (Float((Double(screenX) + 0.5) / Double(screenWidth)), Float((Double(screenY) + 0.5) / Double(screenHeight)))
    }

    /// The history bin of a normalized coordinate: ⌊v · bins⌋, within 0..<bins.
    public static func bin(_ v: Float, bins: Int) -> Int32 {
        Int32(max(0, min(bins - 1, Int((Double(v) * Double(bins)).rounded(.down)))))
    }
}

/// Turns decoded frames of one screen size into model images. A value: share it across threads.
public struct FramePreparer: Sendable {
    public let geometry: FrameGeometry
    private let resampler: AreaResampler

    public init(_ geometry: FrameGeometry) {
        self.geometry = geometry
        resampler = AreaResampler(sourceWidth: geometry.source.width, sourceHeight: geometry.source.height,
                                  targetWidth: geometry.content.width, targetHeight: geometry.content.height)
    }

    /// The model image of a frame; nil when the frame is not the geometry's screen size.
    public func prepare(_ frame: RGBImage) -> RGBImage? {
        frame.pixels.withUnsafeBufferPointer { prepare(pixels: $0, width: frame.width, height: frame.height) }
    }

    /// The same from RGB pixels in memory (rows of width·3 bytes), e.g. lent by `PNG.withDecoded`.
    public func prepare(pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> RGBImage? {
        guard width == geometry.screenWidth, height == geometry.screenHeight else { return nil }
        var canvas = RGBImage(width: geometry.size.width, height: geometry.size.height)
        resampler.resample(pixels: pixels, width: width, height: height, regionX: geometry.source.x, regionY: geometry.source.y,
                           into: &canvas, x: geometry.content.x, y: geometry.content.y)
        return canvas
    }
}
