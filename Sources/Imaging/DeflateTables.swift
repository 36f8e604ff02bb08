/// The constants of deflate (RFC 1951 §3.2.5–3.2.7): length and distance symbols with their extra
/// bits, the order of the code-length code, and the fixed Huffman code's lengths.
enum DeflateTables {
    /// Shortest and longest match, and the farthest a match may reach back.
    static let minMatch = 3
    static let maxMatch = 258
    static let window = 32768

    /// Length symbols 257...285, indexed from 0: the first length of each and its extra bits.
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                    67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                     4, 4, 4, 4, 5, 5, 5, 5, 0]

    /// Distance symbols 0...29: the first distance of each and its extra bits.
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                      1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
                                       9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// The order in which a dynamic block header lists the code-length code's lengths.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Literal/length symbols in use (286, 287 never occur) and distance symbols.
    static let literalLengthSymbols = 286
    static let distanceSymbols = 30
    static let endOfBlock = 256

    /// Length symbol index (0..<29) of each match length, at `[length - 3]`.
    static let lengthSymbol: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for symbol in 0..<28 {
            for length in lengthBase[symbol]..<(lengthBase[symbol] + 1 << lengthExtra[symbol]) where length <= 257 {
                table[length - 3] = UInt8(symbol)
            }
        }
        table[258 - 3] = 28
        return table
    }()

    /// Distance symbol by `distance - 1` below 256, and by `256 + (distance - 1) >> 7` above (zlib's
    /// trick: from distance 257 on every symbol spans whole multiples of 128).
    static let distanceSymbolTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        for distance in 1...window {
            let index = distance <= 256 ? distance - 1 : 256 + (distance - 1) >> 7
            table[index] = UInt8(distanceSymbolPlain(distance))
        }
        return table
    }()

    /// The distance symbol of `distance` by search, for building tables and for tests.
    static func distanceSymbolPlain(_ distance: Int) -> Int {
        precondition((1...window).contains(distance), "deflate distance \(distance) out of range")
        return distanceBase.lastIndex { $0 <= distance }!
    }

    /// The fixed Huffman code's literal/length lengths (§3.2.6); its distance codes are all 5 bits.
    static let fixedLiteralLengths: [UInt8] = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }
    static let fixedDistanceLengths = [UInt8](repeating: 5, count: 30)
}
