/// Writing the parsed block: symbol frequencies, then whichever of a dynamic-Huffman, fixed-Huffman
/// or stored block is smallest (the sizes are counted exactly before anything is written).
extension DeflateEncoder {
    /// A bit writer over the encoder's output: bits gather in a 64-bit word, which is stored whole
    /// after every few codes and then advanced by the bytes completed (the output keeps 8 bytes of
    /// slack for this). At most 57 bits may be put between flushes.
    struct Bits {
        var out: UnsafeMutableRawPointer
        var buffer: UInt64
        var count: Int

        @inline(__always)
        mutating func put(_ bits: UInt64, _ n: Int) {
            buffer |= bits &<< UInt64(truncatingIfNeeded: count)
            count &+= n
        }

        @inline(__always)
        mutating func flush() {
            out.storeBytes(of: buffer.littleEndian, as: UInt64.self)
            let bytes = count &>> 3
            out += bytes
            buffer = buffer &>> UInt64(truncatingIfNeeded: bytes &<< 3)
            count &= 7
        }

        /// Pads to a byte boundary with zero bits.
        mutating func align() {
            flush()
            if count > 0 { out += 1 }
            buffer = 0
            count = 0
        }
    }

    /// The Huffman codes of one block, packed for the writer.
    private struct BlockCodes {
        /// Per literal/length symbol: bit-reversed code | length << 16.
        var literal: [UInt32]
        /// Per match length − 3: code and extra bits together | their count << 24.
        var length: [UInt32]
        /// Per distance symbol: bit-reversed code | length << 16.
        var distance: [UInt32]

        init(literalLengths: [UInt8], distanceLengths: [UInt8]) {
            let literalCodes = HuffmanCode.reversedCodes(lengths: literalLengths)
            literal = literalLengths.indices.map { UInt32(literalCodes[$0]) | UInt32(literalLengths[$0]) << 16 }
            // Each length symbol covers 2^extra lengths from its base (258 has a symbol of its own).
            length = [UInt32](repeating: 0, count: 256)
            for symbol in 0..<29 {
                let code = UInt32(literalCodes[257 + symbol]), codeLength = UInt32(literalLengths[257 + symbol])
                let bits = (codeLength + UInt32(DeflateTables.lengthExtra[symbol])) << 24
                let base = DeflateTables.lengthBase[symbol]
                for extra in 0..<min(1 << DeflateTables.lengthExtra[symbol], 259 - base) where symbol == 28 || base + extra < 258 {
                    length[base + extra - 3] = code | UInt32(extra) << codeLength | bits
                }
            }
            let distanceCodes = HuffmanCode.reversedCodes(lengths: distanceLengths)
            distance = distanceLengths.indices.map { UInt32(distanceCodes[$0]) | UInt32(distanceLengths[$0]) << 16 }
        }
    }

    /// Writes input[blockStart..<end] as parsed into `sequences`.
    func writeBlock(end: Int, final: Bool) {
        let blockBytes = end - blockStart
        // Whichever kind is chosen costs at most the stored size.
        ensureOutput(outputCount + blockBytes + 5 * (blockBytes / 65535 + 1) + 64)

        var literalFrequency = [UInt32](repeating: 0, count: DeflateTables.literalLengthSymbols)
        var distanceFrequency = [UInt32](repeating: 0, count: DeflateTables.distanceSymbols)
        countSymbols(&literalFrequency, &distanceFrequency)
        literalFrequency[DeflateTables.endOfBlock] = 1

        // Dynamic code lengths; a code needs two used symbols to be complete.
        let literalLengths = HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed(literalFrequency), maxLength: 15)
        let distanceLengths = HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed(distanceFrequency), maxLength: 15)
        let header = DynamicHeader(literalLengths: literalLengths, distanceLengths: distanceLengths)

        var extraBits = 0
        for symbol in 0..<29 { extraBits += Int(literalFrequency[257 + symbol]) * DeflateTables.lengthExtra[symbol] }
        for symbol in 0..<30 { extraBits += Int(distanceFrequency[symbol]) * DeflateTables.distanceExtra[symbol] }
        func dataBits(_ literal: [UInt8], _ distance: [UInt8]) -> Int {
            var bits = extraBits
            for (f, l) in zip(literalFrequency, literal) { bits += Int(f) * Int(l) }
            for (f, l) in zip(distanceFrequency, distance) { bits += Int(f) * Int(l) }
            return bits
        }
        let dynamicBits = 3 + header.bits + dataBits(literalLengths, distanceLengths)
        let fixedBits = 3 + dataBits(DeflateTables.fixedLiteralLengths, DeflateTables.fixedDistanceLengths)
        let chunks = max(1, (blockBytes + 65534) / 65535)
        let storedBits = 3 + (8 - (bitCount + 3) % 8) % 8 + 32 + (chunks - 1) * 40 + 8 * blockBytes

        var bits = Bits(out: output + outputCount, buffer: bitBuffer, count: bitCount)
        if storedBits <= min(dynamicBits, fixedBits) {
            writeStored(&bits, end: end, final: final)
            blockCounts.stored += 1
        } else if dynamicBits <= fixedBits {
            bits.put(final ? 0b101 : 0b100, 3)
            header.write(&bits)
            writeSymbols(&bits, BlockCodes(literalLengths: literalLengths, distanceLengths: distanceLengths))
            blockCounts.dynamic += 1
        } else {
            bits.put(final ? 0b011 : 0b010, 3)
            writeSymbols(&bits, BlockCodes(literalLengths: DeflateTables.fixedLiteralLengths,
                                           distanceLengths: DeflateTables.fixedDistanceLengths))
            blockCounts.fixed += 1
        }
        bits.flush()
        outputCount = bits.out - output
        bitBuffer = bits.buffer
        bitCount = bits.count
    }

    /// Counts the block's literals, lengths and distances.
    private func countSymbols(_ literalFrequency: inout [UInt32], _ distanceFrequency: inout [UInt32]) {
        let base = UnsafeRawPointer(input)
        DeflateTables.lengthSymbol.withUnsafeBufferPointer { lengthSymbol in
            DeflateTables.distanceSymbolTable.withUnsafeBufferPointer { distanceSymbol in
                literalFrequency.withUnsafeMutableBufferPointer { literal in
                    distanceFrequency.withUnsafeMutableBufferPointer { distance in
                        var p = blockStart
                        for i in 0..<sequenceCount {
                            let sequence = sequences[i]
                            let literals = Int(truncatingIfNeeded: sequence & 0xFFFF_FFFF)
                            for j in p..<(p + literals) { literal[Int(base.load(fromByteOffset: j, as: UInt8.self))] &+= 1 }
                            p += literals
                            let length = Int(truncatingIfNeeded: (sequence >> 32) & 0x1FF)
                            if length > 0 {
                                let d = Int(truncatingIfNeeded: sequence >> 41)
                                literal[257 + Int(lengthSymbol[length - 3])] &+= 1
                                distance[Int(distanceSymbol[d < 256 ? d : 256 + d >> 7])] &+= 1
                                p += length
                            }
                        }
                    }
                }
            }
        }
    }

    /// The block's sequences in `codes`, then end-of-block.
    private func writeSymbols(_ bits: inout Bits, _ codes: BlockCodes) {
        let base = UnsafeRawPointer(input)
        codes.literal.withUnsafeBufferPointer { literal in
            codes.length.withUnsafeBufferPointer { lengthCode in
                codes.distance.withUnsafeBufferPointer { distanceCode in
                    DeflateTables.distanceSymbolTable.withUnsafeBufferPointer { distanceSymbol in
                        DeflateTables.distanceBase.withUnsafeBufferPointer { distanceBase in
                            var p = blockStart
                            @inline(__always) func putLiteral(_ offset: Int) {
                                let code = literal[Int(base.load(fromByteOffset: offset, as: UInt8.self))]
                                bits.put(UInt64(code & 0xFFFF), Int(code >> 16))
                            }
                            for i in 0..<sequenceCount {
                                let sequence = sequences[i]
                                let literals = Int(truncatingIfNeeded: sequence & 0xFFFF_FFFF)
                                let runEnd = p + literals
                                while p + 3 <= runEnd {
                                    putLiteral(p); putLiteral(p + 1); putLiteral(p + 2)
                                    bits.flush()
                                    p += 3
                                }
                                while p < runEnd { putLiteral(p); p += 1 }
                                bits.flush()
                                let length = Int(truncatingIfNeeded: (sequence >> 32) & 0x1FF)
                                if length > 0 {
                                    let l = lengthCode[length - 3]
                                    bits.put(UInt64(l & 0xFF_FFFF), Int(l >> 24))
                                    let d = Int(truncatingIfNeeded: sequence >> 41)
                                    let symbol = Int(distanceSymbol[d < 256 ? d : 256 + d >> 7])
                                    let code = distanceCode[symbol]
                                    let codeLength = Int(code >> 16)
                                    let extra = UInt64(d + 1 - distanceBase[symbol])
                                    bits.put(UInt64(code & 0xFFFF) | extra << UInt64(codeLength),
                                             codeLength + DeflateTables.distanceExtra[symbol])
                                    p += length
                                }
                                bits.flush()
                            }
                        }
                    }
                }
            }
        }
        let end = codes.literal[DeflateTables.endOfBlock]
        bits.put(UInt64(end & 0xFFFF), Int(end >> 16))
    }

    /// The block's bytes as stored blocks of at most 65535 bytes.
    private func writeStored(_ bits: inout Bits, end: Int, final: Bool) {
        var p = blockStart
        repeat {
            let n = min(65535, end - p)
            let last = p + n == end
            bits.put(final && last ? 1 : 0, 3)
            bits.align()
            bits.out.storeBytes(of: UInt16(n).littleEndian, as: UInt16.self)
            bits.out.storeBytes(of: (~UInt16(n)).littleEndian, toByteOffset: 2, as: UInt16.self)
            (bits.out + 4).copyMemory(from: input + p, byteCount: n)
            bits.out += 4 + n
            p += n
        } while p < end
    }
}
