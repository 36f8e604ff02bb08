/// Adler-32, the checksum at the end of a zlib stream: s1 = 1 + the sum of the bytes, s2 = the sum
/// of the s1 after each byte, both mod 65521; the checksum is s2 << 16 | s1.
///
/// The fast path takes 16 bytes a step in vector lanes and defers the modulo to once per 64 KB:
/// over a block of K 16-byte chunks, lane i accumulates v1[i] = Σ_k b[k][i] and
/// v2[i] = Σ_k (K − 1 − k)·b[k][i]; then s2 += 16K·s1 + 16·Σ(v1 + v2) − Σ i·v1[i], s1 += Σ v1.
/// Inside a block, runs of 16 chunks accumulate in 16-bit lanes (at most 120·255 < 65536).
/// It can copy the bytes as it goes: the encoder's input then costs one pass, not two.
enum Adler32 {
    static let modulus: UInt64 = 65521

    /// Continues `adler` (1 to start) over `bytes`.
    static func update(_ adler: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        checksum(adler, bytes, copyingTo: nil)
    }

    /// Continues `adler` over `bytes` while copying them to `destination`, in one pass.
    static func update(_ adler: UInt32, copying bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) -> UInt32 {
        checksum(adler, bytes, copyingTo: destination)
    }

    @inline(__always)
    private static func checksum(_ adler: UInt32, _ bytes: UnsafeRawBufferPointer, copyingTo destination: UnsafeMutableRawPointer?) -> UInt32 {
        guard var p = bytes.baseAddress else { return adler }
        var out = destination ?? UnsafeMutableRawPointer(mutating: p)
        let copying = destination != nil
        var remaining = bytes.count
        var s1 = UInt64(adler & 0xFFFF), s2 = UInt64(adler >> 16)
        while remaining >= 16 {
            let chunks = min(remaining / 16, 4096)  // v2 stays below 255·4096²/2 < 2³²
            var v1 = SIMD16<UInt32>(), v2 = SIMD16<UInt32>()
            var done = 0
            while done < chunks {
                let run = min(16, chunks - done)
                var l1 = SIMD16<UInt16>(), l2 = SIMD16<UInt16>()
                for _ in 0..<run {
                    let chunk = p.loadUnaligned(as: SIMD16<UInt8>.self)
                    if copying { out.storeBytes(of: chunk, as: SIMD16<UInt8>.self) }
                    l2 &+= l1
                    l1 &+= SIMD16<UInt16>(truncatingIfNeeded: chunk)
                    p += 16
                    out += 16
                }
                // Earlier chunks gain `run` more chunks of weight; this run's own weights are in l2.
                v2 &+= v1 &* UInt32(truncatingIfNeeded: run)
                v2 &+= SIMD16<UInt32>(truncatingIfNeeded: l2)
                v1 &+= SIMD16<UInt32>(truncatingIfNeeded: l1)
                done += run
            }
            let sum1 = SIMD16<UInt64>(truncatingIfNeeded: v1).wrappedSum()
            let sum2 = SIMD16<UInt64>(truncatingIfNeeded: v2).wrappedSum()
            let lanes = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            let weighted = (SIMD16<UInt64>(truncatingIfNeeded: v1) &* lanes).wrappedSum()
            s2 = (s2 + UInt64(16 * chunks) * s1 + 16 * (sum1 + sum2) - weighted) % modulus
            s1 = (s1 + sum1) % modulus
            remaining -= 16 * chunks
        }
        while remaining > 0 {
            let byte = p.load(as: UInt8.self)
            if copying { out.storeBytes(of: byte, as: UInt8.self) }
            s1 += UInt64(byte)
            s2 += s1
            p += 1
            out += 1
            remaining -= 1
        }
        return UInt32(s2 % modulus) << 16 | UInt32(s1 % modulus)
    }

    static func update(_ adler: UInt32, _ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(adler, $0) }
    }

    /// Byte by byte, straight from the definition: the test oracle.
    static func reference(_ bytes: [UInt8], adler: UInt32 = 1) -> UInt32 {
        var s1 = UInt32(adler & 0xFFFF), s2 = adler >> 16
        for byte in bytes {
            s1 = (s1 + UInt32(byte)) % 65521
            s2 = (s2 + s1) % 65521
        }
        return s2 << 16 | s1
    }
}
