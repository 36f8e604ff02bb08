@testable import Imaging
import Primitives
import Testing

@Suite("Deflate parts: Huffman codes, CRC-32, Adler-32, tables")
struct DeflatePartsTests {
    static func kraftSum(_ lengths: [UInt8], maxLength: Int) -> Int {
        lengths.filter { $0 > 0 }.reduce(0) { $0 + 1 << (maxLength - Int($1)) }
    }

    static func cost(_ frequencies: [UInt32], _ lengths: [Int]) -> Int {
        zip(frequencies, lengths).reduce(0) { $0 + Int($1.0) * $1.1 }
    }

    @Test("lengths match the package-merge optimum when the limit is not in play, and come close when it is")
    func optimal() {
        var random = SeededRandom(seed: 11)
        var limited = 0
        for round in 0..<60 {
            let n = 2 + random.below(round < 30 ? 30 : 286)
            // Some rounds skewed (powers of two) so that the 15-bit limit bites.
            let frequencies = (0..<n).map { _ in
                random.below(4) == 0 ? UInt32(0) : round % 3 == 0 ? UInt32(1) << UInt32(random.below(24)) : UInt32(1 + random.below(1000))
            }
            let used = frequencies.filter { $0 > 0 }.count
            let lengths = HuffmanCode.lengths(frequencies: frequencies, maxLength: 15).map(Int.init)
            let unlimited = HuffmanCode.referenceLengths(frequencies: frequencies, maxLength: 64)
            let optimum = Self.cost(frequencies, HuffmanCode.referenceLengths(frequencies: frequencies, maxLength: 15))
            if unlimited.max()! <= 15 {
                #expect(Self.cost(frequencies, lengths) == optimum, "round \(round)")
            } else {
                limited += 1
                #expect(Self.cost(frequencies, lengths) >= optimum && Double(Self.cost(frequencies, lengths)) <= 1.01 * Double(optimum), "round \(round)")
            }
            #expect(lengths.max()! <= 15)
            #expect(zip(frequencies, lengths).allSatisfy { ($0 == 0) == ($1 == 0) }, "round \(round): a used symbol without a code or the reverse")
            if used >= 2 { #expect(Self.kraftSum(lengths.map(UInt8.init), maxLength: 15) == 1 << 15, "round \(round): incomplete code") }
        }
        #expect(limited > 0, "no round needed the limit")
    }

    @Test("Fibonacci frequencies, whose Huffman tree is as deep as it gets, are held to 15 and 7 bits")
    func lengthLimit() {
        var fibonacci: [UInt32] = [1, 1]
        while fibonacci.count < 40 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        #expect(HuffmanCode.referenceLengths(frequencies: fibonacci, maxLength: 64).max()! == 39)
        for (frequencies, limit, slack) in [(fibonacci, 15, 1.01), (Array(fibonacci.prefix(19)), 7, 1.15),
                                            (Array(fibonacci.prefix(17).reversed()), 15, 1.01),
                                            (fibonacci + [UInt32](repeating: 0, count: 200) + fibonacci, 15, 1.01)] {
            let name = "\(frequencies.count) symbols, limit \(limit)"
            let lengths = HuffmanCode.lengths(frequencies: frequencies, maxLength: limit)
            #expect(Int(lengths.max()!) == limit, "\(name)")
            #expect(Self.kraftSum(lengths, maxLength: limit) == 1 << limit, "\(name): not complete")
            // Rarer symbols never get shorter codes than commoner ones.
            for i in frequencies.indices { for j in frequencies.indices where frequencies[i] < frequencies[j] && frequencies[i] > 0 {
                #expect(lengths[i] >= lengths[j], "\(name): symbols \(i), \(j)")
            } }
            // The repair is miniz's heuristic: close to the optimum (package-merge), not always at it.
            let optimum = Self.cost(frequencies, HuffmanCode.referenceLengths(frequencies: frequencies, maxLength: limit))
            let cost = Self.cost(frequencies, lengths.map(Int.init))
            #expect(cost >= optimum && Double(cost) <= slack * Double(optimum), "\(name): cost \(cost), optimum \(optimum)")
        }
        // 2^limit equal symbols fill the code exactly.
        let full = HuffmanCode.lengths(frequencies: [UInt32](repeating: 5, count: 128), maxLength: 7)
        #expect(full.allSatisfy { $0 == 7 })
    }

    @Test("one or no used symbols; atLeastTwoUsed makes the code complete")
    func degenerate() {
        #expect(HuffmanCode.lengths(frequencies: [0, 0, 0], maxLength: 15) == [0, 0, 0])
        #expect(HuffmanCode.lengths(frequencies: [0, 9, 0], maxLength: 15) == [0, 1, 0])
        #expect(HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed([0, 9, 0]), maxLength: 15) == [1, 1, 0])
        #expect(HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed([0, 0, 0, 4]), maxLength: 15) == [1, 0, 0, 1])
        #expect(HuffmanCode.lengths(frequencies: HuffmanCode.atLeastTwoUsed([0, 0, 0]), maxLength: 7) == [1, 1, 0])
    }

    @Test("canonical codes: the example of RFC 1951 section 3.2.2, bit-reversed")
    func canonicalCodes() {
        // Lengths (3, 3, 3, 3, 3, 2, 4, 4) give codes 010 011 100 101 110 00 1110 1111.
        let codes = HuffmanCode.reversedCodes(lengths: [3, 3, 3, 3, 3, 2, 4, 4])
        let expected: [(code: Int, length: Int)] = [(0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b00, 2), (0b1110, 4), (0b1111, 4)]
        for (code, e) in zip(codes, expected) {
            let reversed = (0..<e.length).reduce(0) { $0 | ((e.code >> $1) & 1) << (e.length - 1 - $1) }
            #expect(Int(code) == reversed)
        }
    }

    @Test("CRC-32 and Adler-32 match their plain definitions at every length, and known values")
    func checksums() {
        var random = SeededRandom(seed: 3)
        let bytes = (0..<200_000).map { _ in random.byte() }
        for count in Array(0..<70) + [255, 256, 4095, 4096, 4097, 65_536, 65_537, 200_000] {
            let slice = Array(bytes.prefix(count))
            #expect(CRC32.update(0, slice) == CRC32.reference(slice), "CRC-32 of \(count) bytes")
            #expect(Adler32.update(1, slice) == Adler32.reference(slice), "Adler-32 of \(count) bytes")
        }
        // In pieces, as the encoder feeds them.
        #expect(Adler32.update(Adler32.update(1, Array(bytes[0..<77_777])), Array(bytes[77_777...])) == Adler32.reference(bytes))
        #expect(CRC32.update(CRC32.update(0, Array(bytes[0..<13])), Array(bytes[13...])) == CRC32.reference(bytes))
        // All 0xFF: the largest sums, for overflow in the deferred modulo.
        let ones = [UInt8](repeating: 0xFF, count: 300_001)
        #expect(Adler32.update(1, ones) == Adler32.reference(ones))
        #expect(CRC32.update(0, Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Adler32.update(1, Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("length and distance symbol tables agree with the RFC's ranges")
    func tables() {
        for length in 3...258 {
            let symbol = Int(DeflateTables.lengthSymbol[length - 3])
            let base = DeflateTables.lengthBase[symbol]
            #expect(length >= base && length - base < 1 << DeflateTables.lengthExtra[symbol] || (length == 258 && symbol == 28), "length \(length)")
        }
        #expect(DeflateTables.lengthSymbol[257 - 3] == 27)
        for distance in 1...32768 {
            let symbol = Int(DeflateTables.distanceSymbolTable[distance <= 256 ? distance - 1 : 256 + (distance - 1) >> 7])
            let base = DeflateTables.distanceBase[symbol]
            #expect(distance >= base && distance - base < 1 << DeflateTables.distanceExtra[symbol], "distance \(distance)")
        }
    }
}
