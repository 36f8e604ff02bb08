/// A zlib stream encoder (RFC 1950/1951) tuned for screen images, in the manner of fpng: a greedy
/// LZ77 parse that tries only three cheap candidates at each position — the previous pixel, the
/// same byte one row up, and one hash-table probe — extends matches eight bytes at a time, steps a
/// whole pixel after a miss and never hashes inside a match; runs continue at distance 48 so that
/// inflate copies them fast. Then one dynamic-Huffman block per ~32 K symbols, or a fixed or stored
/// block where that is smaller.
///
/// The encoder owns all of its memory (the input, the hash table, the parsed block, the output),
/// and keeps it from one stream to the next. Use: `begin`, `append` the input in pieces, `finish`.
/// Not thread-safe: one encoder per thread.
final class DeflateEncoder {
    /// Distances the parse always tries: one pixel back, and one row back (0 if not a valid distance).
    struct Layout {
        var pixelBytes: Int
        var rowBytes: Int
    }

    // Tuning, chosen by measurement on desktop frames and real screenshots (docs/png-encoder.md).
    /// The hash table: 2^15 positions, keyed by the 6 bytes at each (two pixels).
    static let hashBits = 15
    static let hashBytes = 6
    /// Literals plus matches per block: smaller blocks adapt their codes more closely, but each
    /// costs a header and ~100 K instructions of Huffman building (8 K: ~1% smaller files, ~15%
    /// more instructions).
    static let defaultBlockSymbols = 1 << 15
    let blockSymbols: Int
    /// A candidate is measured only when its first 4 bytes agree, so every match is at least 4 long;
    /// a hashed candidate must also cover the whole 6-byte key.
    static let minMatch = 4
    static let minHashMatch = 6
    /// After this many literal bytes in a row (16 pixels: a photo, noise), the hash table is probed
    /// at every 4th pixel only; its cache misses are most of the parse's time there.
    static let literalRunBeforeSkipping = 48
    /// A run (a pixel repeated) is matched at distance one pixel, and then, once it reaches back far
    /// enough, at the multiple of the pixel nearest below this distance (48 for RGB). libpng's zlib
    /// copies matches closer than 48 bytes much more slowly: with runs at distance 3 our files took
    /// ~25% longer to decode than libpng's own; at 48 they take no longer. The 4 extra bits per run
    /// match make files ~8% larger (0 turns this off: smallest files, slower decoding).
    static let runDistance = 48
    /// Input held at once: the parse's 32 KB window plus room for new input. When it is full the
    /// block ends and the buffer slides, keeping only the window, so that the input stays in cache
    /// whatever the image's size (with a buffer the size of the image, 3000x1500 screenshots
    /// encoded ~15% slower).
    static let inputBufferBytes = 1 << 19
    /// Bytes appended before the parse runs over them, and bytes it leaves unparsed until more input
    /// arrives (so that no match is cut short by the end of a piece).
    static let parseChunk = 1 << 16
    static let lookahead = DeflateTables.maxMatch + 8
    /// Bytes that may be read past the end of the input or written past the end of the output.
    static let slack = 16

    // The input: the window behind the parse position (matches reach back 32 KB), the block being
    // parsed, and what is not parsed yet. Positions count from the start of the buffer.
    var input: UnsafeMutableRawPointer
    var inputCapacity: Int
    var inputCount = 0
    private var adler: UInt32 = 1

    /// Stream positions (buffer position + hashBase, the bytes slid off the front so far), so that a
    /// slide leaves the table as it is.
    private let hashTable: UnsafeMutablePointer<Int32>
    private var hashBase = 0

    // The block being parsed: sequences of (literal run, match), packed as
    // bits 0..<32 literal count, 32..<41 match length (0: none), 41..<56 distance − 1.
    let sequences: UnsafeMutablePointer<UInt64>
    var sequenceCount = 0
    var blockStart = 0
    private var blockSymbolCount = 0
    private var parsePosition = 0
    private var literalStart = 0
    /// The run the last match continued: input[runStart..<runEnd] repeats with the pixel's period.
    private var runStart = 0, runEnd = -1

    // The output, whole bytes, then up to 7 bits not yet written.
    var output: UnsafeMutableRawPointer
    var outputCapacity: Int
    var outputCount = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0

    private var layout = Layout(pixelBytes: 3, rowBytes: 0)

    /// How many blocks of each kind the current stream has so far (for tests and tuning).
    struct BlockCounts: Equatable, CustomStringConvertible {
        var dynamic = 0, fixed = 0, stored = 0
        var description: String { "\(dynamic) dynamic, \(fixed) fixed, \(stored) stored blocks" }
    }
    var blockCounts = BlockCounts()
    /// How often the input buffer slid in the current stream (for tests).
    private(set) var slides = 0

    /// Sizes other than the defaults only for tests (many small blocks, many slides).
    init(blockSymbols: Int = DeflateEncoder.defaultBlockSymbols, inputBufferBytes: Int = DeflateEncoder.inputBufferBytes) {
        precondition(blockSymbols >= 16, "blocks of \(blockSymbols) symbols are too small")
        precondition(inputBufferBytes >= 1024, "an input buffer of \(inputBufferBytes) bytes is too small")
        self.blockSymbols = blockSymbols
        inputCapacity = inputBufferBytes
        input = .allocate(byteCount: inputCapacity + Self.slack, alignment: 16)
        outputCapacity = 1 << 16
        output = .allocate(byteCount: outputCapacity + Self.slack, alignment: 16)
        hashTable = .allocate(capacity: 1 << Self.hashBits)
        sequences = .allocate(capacity: blockSymbols + 1)
    }

    deinit {
        input.deallocate()
        output.deallocate()
        hashTable.deallocate()
        sequences.deallocate()
    }

    /// Starts a stream of about `inputBytes` bytes (the total that `append` will add, for sizing the output).
    func begin(inputBytes: Int, layout: Layout) {
        // Positions are kept in 32 bits, and the stream, even all stored, must fit one PNG chunk (< 2^31).
        precondition(inputBytes >= 0 && inputBytes <= Int(Int32.max) / 16 * 15, "deflate input of \(inputBytes) bytes is too large")
        ensureOutput(inputBytes / 4 + 1024)
        self.layout = layout
        if layout.rowBytes > DeflateTables.window { self.layout.rowBytes = 0 }
        // Far enough back that every stale entry fails the distance test.
        hashTable.initialize(repeating: Int32.min / 2, count: 1 << Self.hashBits)
        hashBase = 0
        inputCount = 0
        adler = 1
        sequenceCount = 0
        blockStart = 0
        blockSymbolCount = 0
        parsePosition = 0
        literalStart = 0
        runStart = 0
        runEnd = -1
        outputCount = 0
        bitBuffer = 0
        bitCount = 0
        blockCounts = BlockCounts()
        slides = 0
        // zlib header: deflate with a 32 KB window, "fastest" level, no dictionary; 0x7801 % 31 == 0.
        output.storeBytes(of: 0x78, toByteOffset: 0, as: UInt8.self)
        output.storeBytes(of: 0x01, toByteOffset: 1, as: UInt8.self)
        outputCount = 2
    }

    /// Appends `count` bytes that `fill` writes (it must write all of them), and compresses what it can.
    func append(count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Void) {
        if inputCount + count > inputCapacity { slide(toFit: count) }
        let region = UnsafeMutableRawBufferPointer(start: input + inputCount, count: count)
        fill(region)
        adler = Adler32.update(adler, UnsafeRawBufferPointer(region))
        appended(count)
    }

    /// Appends `byte`, then a copy of `bytes` (checksummed as they are copied), and compresses what it can.
    func append(_ byte: UInt8, copying bytes: UnsafeRawBufferPointer) {
        let count = 1 + bytes.count
        if inputCount + count > inputCapacity { slide(toFit: count) }
        input.storeBytes(of: byte, toByteOffset: inputCount, as: UInt8.self)
        adler = Adler32.update(adler, UnsafeRawBufferPointer(start: input + inputCount, count: 1))
        adler = Adler32.update(adler, copying: bytes, to: input + inputCount + 1)
        appended(count)
    }

    private func appended(_ count: Int) {
        inputCount += count
        if inputCount - parsePosition >= Self.parseChunk + Self.lookahead {
            parse(limit: inputCount - Self.lookahead, final: false)
        }
    }

    /// Makes room for `count` more input bytes: parses what can be parsed, ends the block there (so
    /// that no block needs bytes before the window), and moves the window and the unparsed bytes to
    /// the front of the buffer, with every position and the hash table's entries.
    private func slide(toFit count: Int) {
        if inputCount - Self.lookahead > parsePosition { parse(limit: inputCount - Self.lookahead, final: false) }
        if parsePosition > blockStart { endBlock(final: false) }
        let shift = max(0, parsePosition - DeflateTables.window)
        if shift > 0 {
            slides += 1
            input.copyMemory(from: input + shift, byteCount: inputCount - shift)  // memmove: may overlap
            inputCount -= shift
            parsePosition -= shift
            literalStart -= shift
            blockStart -= shift
            runStart -= shift
            runEnd -= shift
            hashBase += shift
            precondition(hashBase < Int(Int32.max) - 2 * inputCapacity, "deflate stream too long for 32-bit positions")
        }
        if inputCount + count > inputCapacity {
            let capacity = max(inputCount + count, 2 * inputCapacity)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity + Self.slack, alignment: 16)
            grown.copyMemory(from: input, byteCount: inputCount)
            input.deallocate()
            input = grown
            inputCapacity = capacity
        }
    }

    /// Compresses the rest, ends the stream, and lends the whole zlib stream to `body`.
    func finish<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        parse(limit: inputCount, final: true)
        endBlock(final: true)
        // Byte-align, then the Adler-32 of the input, most significant byte first.
        if bitCount > 0 { outputCount += 1 }
        bitBuffer = 0
        bitCount = 0
        ensureOutput(outputCount + 4)
        output.storeBytes(of: adler.bigEndian, toByteOffset: outputCount, as: UInt32.self)
        outputCount += 4
        return body(UnsafeRawBufferPointer(start: output, count: outputCount))
    }

    /// Grows the output to hold at least `bytes` bytes, keeping what it holds.
    func ensureOutput(_ bytes: Int) {
        guard bytes > outputCapacity else { return }
        let capacity = max(bytes, outputCapacity * 2)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity + Self.slack, alignment: 16)
        grown.copyMemory(from: output, byteCount: outputCount + 1)
        output.deallocate()
        output = grown
        outputCapacity = capacity
    }

    /// The greedy parse over input[parsePosition..<limit]; matches may reach to the end of the input.
    private func parse(limit: Int, final: Bool) {
        let base = UnsafeRawPointer(input)
        let table = hashTable, hashBase = self.hashBase
        let end = inputCount
        let pixel = layout.pixelBytes, row = layout.rowBytes
        let hashShift = UInt64(64 - Self.hashBits)
        let hashMask: UInt64 = Self.hashBytes == 8 ? ~0 : (1 << (8 * UInt64(Self.hashBytes))) - 1
        let minHash = Self.minHashMatch, skipAfter = Self.literalRunBeforeSkipping
        var pos = parsePosition, literals = literalStart
        var count = sequenceCount, symbols = blockSymbolCount
        var runStart = self.runStart, runEnd = self.runEnd
        let runDistance = Self.runDistance / pixel * pixel
        let blockSymbols = self.blockSymbols
        while pos < limit {
            let maxLength = min(DeflateTables.maxMatch, end &- pos)
            let current = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            let first4 = UInt32(truncatingIfNeeded: current)
            var bestLength = 0, bestDistance = 0
            // Each candidate must agree in its first 4 bytes before it is measured.
            if pos >= pixel && Self.load32(base, pos &- pixel) == first4 {
                bestLength = Self.matchLength(base, pos, pos &- pixel, current, maxLength)
                bestDistance = pixel
            }
            if row != 0 && pos >= row && bestLength < maxLength && Self.load32(base, pos &- row) == first4 {
                let length = Self.matchLength(base, pos, pos &- row, current, maxLength)
                if length > bestLength { bestLength = length; bestDistance = row }
            }
            let literalRun = pos &- literals
            if bestLength < maxLength && (literalRun < skipAfter || literalRun & 3 == 0) {
                let h = Int(truncatingIfNeeded: ((current & hashMask) &* 0x9E37_79B9_7F4A_7C15) &>> hashShift)
                let candidate = Int(table[h]) &- hashBase
                table[h] = Int32(truncatingIfNeeded: pos &+ hashBase)
                let distance = pos &- candidate
                if UInt(bitPattern: distance &- 1) < UInt(DeflateTables.window) && Self.load32(base, candidate) == first4 {
                    let length = Self.matchLength(base, pos, candidate, current, maxLength)
                    if length > bestLength && length >= minHash { bestLength = length; bestDistance = distance }
                }
            }
            if bestLength < Self.minMatch { bestLength = 0 }
            if bestLength > 0 && bestDistance == pixel && runDistance > pixel {
                // A run: input[runStart..<pos] repeats with the pixel's period, so a longer distance
                // (a multiple of the pixel) points at the same bytes, and inflaters copy it faster.
                if runEnd != pos { runStart = pos &- pixel }
                let reach = min(runDistance, (pos &- runStart) / pixel * pixel)
                if reach > pixel { bestDistance = reach }
                runEnd = pos &+ bestLength
            }
            if bestLength > 0 {
                sequences[count] = UInt64(pos &- literals) | UInt64(bestLength) &<< 32 | UInt64(bestDistance &- 1) &<< 41
                count &+= 1
                symbols &+= pos &- literals &+ 1
                pos &+= bestLength
                literals = pos
                if symbols >= blockSymbols {
                    (parsePosition, literalStart, sequenceCount, blockSymbolCount) = (pos, literals, count, symbols)
                    endBlock(final: false)
                    (literals, count, symbols) = (literalStart, 0, 0)
                }
            } else {
                // A pixel step may pass the end of the input; a block must not end beyond it.
                pos = min(pos &+ pixel, end)
                if symbols &+ (pos &- literals) >= blockSymbols {
                    (parsePosition, literalStart, sequenceCount, blockSymbolCount) = (pos, literals, count, symbols)
                    endBlock(final: false)
                    (literals, count, symbols) = (literalStart, 0, 0)
                }
            }
        }
        // A pixel step may pass the end of the input.
        if final { pos = min(pos, end) }
        (parsePosition, literalStart, sequenceCount, blockSymbolCount) = (pos, literals, count, symbols)
        (self.runStart, self.runEnd) = (runStart, runEnd)
    }

    @inline(__always)
    private static func load32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// How far input[pos...] repeats input[source...], up to `maxLength`; `first` holds the 8 bytes at pos.
    /// The two may overlap (source + length > pos): that is a run, which deflate allows.
    @inline(__always)
    private static func matchLength(_ base: UnsafeRawPointer, _ pos: Int, _ source: Int, _ first: UInt64, _ maxLength: Int) -> Int {
        var difference = first ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: source, as: UInt64.self))
        var length = 0
        while difference == 0 {
            length &+= 8
            if length >= maxLength { return maxLength }
            difference = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos &+ length, as: UInt64.self))
                ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: source &+ length, as: UInt64.self))
        }
        return min(length &+ difference.trailingZeroBitCount &>> 3, maxLength)
    }

    /// Ends the block at the parse position: the pending literals become a last sequence, and the
    /// block is written.
    private func endBlock(final: Bool) {
        if literalStart < parsePosition {
            sequences[sequenceCount] = UInt64(parsePosition - literalStart)
            sequenceCount += 1
            literalStart = parsePosition
        }
        writeBlock(end: parsePosition, final: final)
        sequenceCount = 0
        blockSymbolCount = 0
        blockStart = parsePosition
    }
}
