import CPNG

/// zlib's own inflate, run strictly over one whole stream: the independent check of
/// `DeflateEncoder`'s output (libpng, decoding a PNG, stops once it has its rows and only warns
/// about what follows them, so it would miss a wrong Adler-32 or stray bytes at the end).
enum ZlibInflate {
    /// The bytes `stream` inflates to, at most `maxBytes` of them; throws unless the stream ends
    /// exactly at its last byte with a correct Adler-32.
    static func inflate(_ stream: [UInt8], maxBytes: Int) throws(ImagingError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: maxBytes)
        var produced = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = stream.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                mimic_zlib_inflate(input.baseAddress, input.count, output.baseAddress, output.count, &produced, &message, message.count)
            }
        }
        guard status == 0 else {
            throw .pngDecodeFailed(file: nil, reason: String(decoding: message.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self))
        }
        return Array(out.prefix(produced))
    }
}
