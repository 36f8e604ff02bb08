/// CRC-32 as PNG chunks and zlib use it (polynomial 0xEDB88320, reflected), sixteen bytes a step
/// ("slicing by 16": sixteen tables, one per byte position of two 64-bit words).
enum CRC32 {
    /// Continues `crc` (0 to start) over `bytes`.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard var p = bytes.baseAddress else { return crc }
        var remaining = bytes.count
        var c = ~crc
        tables.withUnsafeBufferPointer { t in
            @inline(__always) func lookup(_ table: Int, _ byte: UInt64) -> UInt32 { t[table &* 256 &+ Int(truncatingIfNeeded: byte & 0xFF)] }
            while remaining >= 16 {
                let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(c)
                let b = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                c = lookup(15, a) ^ lookup(14, a >> 8) ^ lookup(13, a >> 16) ^ lookup(12, a >> 24)
                    ^ lookup(11, a >> 32) ^ lookup(10, a >> 40) ^ lookup(9, a >> 48) ^ lookup(8, a >> 56)
                    ^ lookup(7, b) ^ lookup(6, b >> 8) ^ lookup(5, b >> 16) ^ lookup(4, b >> 24)
                    ^ lookup(3, b >> 32) ^ lookup(2, b >> 40) ^ lookup(1, b >> 48) ^ lookup(0, b >> 56)
                p += 16
                remaining -= 16
            }
            while remaining > 0 {
                c = t[Int((c ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (c >> 8)
                p += 1
                remaining -= 1
            }
        }
        return ~c
    }

    static func update(_ crc: UInt32, _ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(crc, $0) }
    }

    /// Bit by bit, straight from the definition: the test oracle.
    static func reference(_ bytes: [UInt8], crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }

    /// Table k maps a byte to its CRC followed by k zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 16 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            t[i] = c
        }
        for k in 1..<16 {
            for i in 0..<256 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()
}
