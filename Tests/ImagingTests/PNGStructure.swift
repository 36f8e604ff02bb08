@testable import Imaging
import Testing

/// A PNG taken apart, every chunk's CRC checked, and its image data inflated by zlib strictly:
/// the second, independent check of the fast encoder besides libpng's decoding.
enum PNGStructure {
    struct Malformed: Error, CustomStringConvertible { let description: String }

    /// The chunks of `png` (type, data), after checking the signature and every CRC.
    static func chunks(_ png: [UInt8]) throws -> [(type: String, data: [UInt8])] {
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Malformed(description: "no PNG signature") }
        var chunks: [(type: String, data: [UInt8])] = []
        var at = 8
        while at < png.count {
            guard at + 12 <= png.count else { throw Malformed(description: "chunk header cut at byte \(at)") }
            let length = png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard at + 12 + length <= png.count else { throw Malformed(description: "chunk of \(length) bytes cut at byte \(at)") }
            let typeAndData = Array(png[(at + 4)..<(at + 8 + length)])
            let crc = png[(at + 8 + length)..<(at + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
            guard crc == CRC32.reference(typeAndData) else { throw Malformed(description: "\(type) chunk's CRC is wrong") }
            chunks.append((type, Array(typeAndData.dropFirst(4))))
            at += 12 + length
        }
        guard chunks.first?.type == "IHDR", chunks.last?.type == "IEND", chunks.last?.data.isEmpty == true else {
            throw Malformed(description: "chunks \(chunks.map(\.type)): IHDR must come first and an empty IEND last")
        }
        return chunks
    }

    /// The filtered rows that `png`'s IDAT chunks hold, inflated by zlib (exact end, Adler-32 checked).
    static func inflatedRows(_ png: [UInt8], maxBytes: Int) throws -> [UInt8] {
        let stream = try chunks(png).filter { $0.type == "IDAT" }.flatMap(\.data)
        return try ZlibInflate.inflate(stream, maxBytes: maxBytes)
    }

    /// What the rows of `image` are under `filter`: each row behind its filter byte.
    static func filteredRows(_ image: RGBImage, _ filter: FastPNGEncoder.RowFilter) -> [UInt8] {
        let rowBytes = image.width * 3
        var out: [UInt8] = []
        out.reserveCapacity(image.height * (rowBytes + 1))
        for y in 0..<image.height {
            let row = image.pixels[(y * rowBytes)..<((y + 1) * rowBytes)]
            if filter == .up && y > 0 {
                out.append(FastPNGEncoder.RowFilter.up.rawValue)
                for (i, byte) in row.enumerated() { out.append(byte &- image.pixels[(y - 1) * rowBytes + i]) }
            } else {
                out.append(0)
                out += row
            }
        }
        return out
    }
}
