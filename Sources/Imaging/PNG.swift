import CPNG
import Foundation

/// PNG encode and decode through libpng.
public enum PNG {
    /// libpng's row filter. `.none` is about 3x faster on screenshots at similar size;
    /// `.adaptive` compresses photos and gradients better.
    public enum Filter: String, Sendable, Codable {
        case none
        case adaptive
    }

    /// Encodes `image` as an 8-bit RGB PNG. `level` is the zlib level, 0 (store) to 9 (smallest).
    public static func encode(_ image: RGBImage, level: Int = 1, filter: Filter = .none) throws(ImagingError) -> [UInt8] {
        precondition((0...9).contains(level), "PNG level must be 0...9, got \(level)")
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBufferPointer { rgb in
            mimic_png_encode_rgb(rgb.baseAddress, UInt32(image.width), UInt32(image.height), Int32(level),
                                 filter == .adaptive ? 1 : 0, &out, &length, &message, message.count)
        }
        guard status == 0, let out else {
            throw .pngEncodeFailed(reason: text(message))
        }
        defer { mimic_png_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// Decodes any PNG (palette, grey, alpha and 16-bit are converted) into RGB.
    /// `file` only names the source in the error.
    public static func decode(_ bytes: [UInt8], file: String? = nil) throws(ImagingError) -> RGBImage {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var width: UInt32 = 0
        var height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { data in
            mimic_png_decode_rgb(data.baseAddress, data.count, &out, &width, &height, &message, message.count)
        }
        guard status == 0, let out else {
            throw .pngDecodeFailed(file: file, reason: text(message))
        }
        defer { mimic_png_free(out) }
        let count = Int(width) * Int(height) * 3
        return RGBImage(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: out, count: count)))
    }

    /// Reads and decodes the PNG file at `path`.
    public static func read(path: String) throws(ImagingError) -> RGBImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or I/O error" : "no such file"
            throw .unreadableFile(path: path, reason: reason)
        }
        return try decode([UInt8](data), file: path)
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }
}
