/// A dynamic block's header: the literal/length and distance code lengths, run-length coded
/// (symbols 16: repeat the previous 3–6 times, 17: 3–10 zeros, 18: 11–138 zeros) and Huffman
/// coded with the code-length code, whose own lengths come first.
struct DynamicHeader {
    let literalCount: Int
    let distanceCount: Int
    /// Run-length symbols with their extra bits' value.
    let items: [(symbol: Int, extra: Int)]
    let codeLengths: [UInt8]
    let codeLengthCount: Int
    /// Its size in bits, after the 3 bits of block type.
    let bits: Int

    init(literalLengths: [UInt8], distanceLengths: [UInt8]) {
        literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        items = Self.runLengths(Array(literalLengths.prefix(literalCount)) + Array(distanceLengths.prefix(distanceCount)))
        var frequency = [UInt32](repeating: 0, count: 19)
        for item in items { frequency[item.symbol] += 1 }
        let codeLengths = HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed(frequency), maxLength: 7)
        self.codeLengths = codeLengths
        codeLengthCount = max(4, (DeflateTables.codeLengthOrder.lastIndex { codeLengths[$0] > 0 } ?? 0) + 1)
        var bits = 5 + 5 + 4 + 3 * codeLengthCount
        for item in items { bits += Int(codeLengths[item.symbol]) + Self.extraBits[item.symbol] }
        self.bits = bits
    }

    static let extraBits: [Int] = Array(repeating: 0, count: 16) + [2, 3, 7]

    static func runLengths(_ lengths: [UInt8]) -> [(symbol: Int, extra: Int)] {
        var items: [(symbol: Int, extra: Int)] = []
        var i = 0
        while i < lengths.count {
            let length = Int(lengths[i])
            var run = 1
            while i + run < lengths.count && Int(lengths[i + run]) == length { run += 1 }
            i += run
            if length == 0 {
                while run >= 11 { let n = min(run, 138); items.append((18, n - 11)); run -= n }
                if run >= 3 { items.append((17, run - 3)); run = 0 }
            } else {
                items.append((length, 0))
                run -= 1
                while run >= 3 { let n = min(run, 6); items.append((16, n - 3)); run -= n }
            }
            for _ in 0..<run { items.append((length, 0)) }
        }
        return items
    }

    func write(_ bits: inout DeflateEncoder.Bits) {
        bits.put(UInt64(literalCount - 257), 5)
        bits.put(UInt64(distanceCount - 1), 5)
        bits.put(UInt64(codeLengthCount - 4), 4)
        bits.flush()
        for i in 0..<codeLengthCount {
            bits.put(UInt64(codeLengths[DeflateTables.codeLengthOrder[i]]), 3)
            bits.flush()
        }
        let codes = HuffmanCode.reversedCodes(lengths: codeLengths)
        for item in items {
            bits.put(UInt64(codes[item.symbol]), Int(codeLengths[item.symbol]))
            bits.put(UInt64(item.extra), Self.extraBits[item.symbol])
            bits.flush()
        }
    }
}
