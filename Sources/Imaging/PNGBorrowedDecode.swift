import CPNG
import Foundation

extension PNG {
    /// Decodes a PNG and lends its RGB pixels (rows of width·3 bytes, top first) to `body`, without
    /// copying them into an `RGBImage`. For code that reads each decoded image once, such as
    /// resizing thousands of screenshots: a 1080p frame is 6 MB, and a second buffer of that size
    /// per frame costs as much in page faults as the decoding. The pixels are valid only inside `body`.
    public static func withDecoded<R>(_ bytes: UnsafeBufferPointer<UInt8>, file: String? = nil,
                                      _ body: (_ width: Int, _ height: Int, _ pixels: UnsafeBufferPointer<UInt8>) -> R) throws(ImagingError) -> R {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var width: UInt32 = 0
        var height: UInt32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = mimic_png_decode_rgb(bytes.baseAddress, bytes.count, &out, &width, &height, &message, message.count)
        guard status == 0, let out else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
            throw .pngDecodeFailed(file: file, reason: reason)
        }
        defer { mimic_png_free(out) }
        return body(Int(width), Int(height), UnsafeBufferPointer(start: out, count: Int(width) * Int(height) * 3))
    }

    public static func withDecoded<R>(_ bytes: [UInt8], file: String? = nil,
                                      _ body: (_ width: Int, _ height: Int, _ pixels: UnsafeBufferPointer<UInt8>) -> R) throws(ImagingError) -> R {
        try bytes.withUnsafeBufferPointer { (data) throws(ImagingError) -> R in try withDecoded(data, file: file, body) }
    }

    /// Reads the PNG file at `path` into `buffer` (grown as needed, kept for the next file, so that
    /// a loop over many files allocates once) and lends its decoded pixels to `body`.
    public static func withDecoded<R>(path: String, reusing buffer: inout [UInt8],
                                      _ body: (_ width: Int, _ height: Int, _ pixels: UnsafeBufferPointer<UInt8>) -> R) throws(ImagingError) -> R {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: size + size / 4) }
        var done = 0
        while done < size {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw .unreadableFile(path: path, reason: n == 0 ? "file ended early" : String(cString: strerror(errno)))
            }
            done += n
        }
        return try buffer.withUnsafeBufferPointer { (data) throws(ImagingError) -> R in
            try withDecoded(UnsafeBufferPointer(rebasing: data[0..<size]), file: path, body)
        }
    }

    /// Reads the PNG file at `path` and lends its decoded pixels to `body` (see above).
    public static func withDecoded<R>(path: String,
                                      _ body: (_ width: Int, _ height: Int, _ pixels: UnsafeBufferPointer<UInt8>) -> R) throws(ImagingError) -> R {
        var buffer: [UInt8] = []
        return try withDecoded(path: path, reusing: &buffer, body)
    }
}
