@testable import Imaging
import Primitives
import Testing

/// The fast encoder's PNGs, decoded by libpng (`PNG.decode`) and compared pixel for pixel.
@Suite("Fast PNG encoder")
struct FastPNGTests {
    /// Encodes with a fresh encoder and with a reused one (whose buffers hold the last image), both
    /// filters, and expects zlib and libpng to give back exactly `image`.
    static func expectRoundTrip(_ image: RGBImage, _ name: String, reusing encoder: FastPNGEncoder? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        for filter in [FastPNGEncoder.RowFilter.none, .up] {
            let bytes = (encoder?.filter == filter ? encoder! : FastPNGEncoder(filter: filter)).encode(image)
            try expectExact(bytes, image, filter, name, sourceLocation: sourceLocation)
        }
    }

    /// `png` holds `image`: its chunks' CRCs are right, zlib inflates its stream strictly (exact end,
    /// Adler-32) to the image's rows under `filter`, and libpng decodes it to the same pixels.
    static func expectExact(_ png: [UInt8], _ image: RGBImage, _ filter: FastPNGEncoder.RowFilter, _ name: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = PNGStructure.filteredRows(image, filter)
        let rows = try PNGStructure.inflatedRows(png, maxBytes: expected.count + 64)
        if rows != expected {
            let first = zip(rows, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(rows.count, expected.count)
            Issue.record("\(name) \(filter): zlib inflates \(rows.count) bytes, expected \(expected.count), first difference at \(first)",
                         sourceLocation: sourceLocation)
        }
        let decoded = try PNG.decode(png, file: name)
        #expect(decoded.width == image.width && decoded.height == image.height, "\(name) \(filter)", sourceLocation: sourceLocation)
        if decoded != image {
            let first = zip(decoded.pixels, image.pixels).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("\(name) \(filter): pixels differ, first at byte \(first?.offset ?? -1)", sourceLocation: sourceLocation)
        }
    }

    @Test("tiny images: 1x1, one row, one column")
    func tiny() throws {
        for (w, h) in [(1, 1), (2, 1), (1, 2), (1, 17), (17, 1), (3, 3), (1, 300), (300, 1), (5, 2)] {
            try Self.expectRoundTrip(ScreenPicture.noise(width: w, height: h, seed: UInt64(w * 1000 + h)), "noise \(w)x\(h)")
            try Self.expectRoundTrip(RGBImage(width: w, height: h, fill: (9, 200, 31)), "flat \(w)x\(h)")
        }
    }

    @Test("noise: incompressible, stored blocks, no bigger than the raw pixels plus framing")
    func noise() throws {
        let image = ScreenPicture.noise(width: 300, height: 200, seed: 42)
        try Self.expectRoundTrip(image, "noise 300x200")
        let size = FastPNGEncoder().encode(image).count
        let raw = image.height * (image.width * 3 + 1)
        #expect(size <= raw + raw / 1000 + 100, "\(size) bytes for \(raw) raw")
    }

    @Test("flat colours: longest matches and long runs across rows and blocks")
    func flat() throws {
        for (w, h) in [(640, 480), (86, 3), (1000, 40)] {
            let image = RGBImage(width: w, height: h, fill: (250, 250, 250))
            try Self.expectRoundTrip(image, "flat \(w)x\(h)")
            #expect(FastPNGEncoder().encode(image).count < w * h * 3 / 100 + 100)
        }
        var stripes = RGBImage(width: 333, height: 77)
        for y in 0..<77 { stripes.fillRect(x: 0, y: y, width: 333, height: 1, color: y % 3 == 0 ? .red : .blue) }
        try Self.expectRoundTrip(stripes, "stripes")
    }

    @Test("screen-like content: text, windows, gradients and a photo area; smaller than libpng level 1 x 1.15")
    func screen() throws {
        for (w, h, seed) in [(640, 400, UInt64(1)), (481, 263, 2), (97, 61, 3)] {
            let image = ScreenPicture.desktop(width: w, height: h, seed: seed)
            try Self.expectRoundTrip(image, "desktop \(w)x\(h)")
            let fast = FastPNGEncoder().encode(image).count, libpng = try PNG.encode(image, level: 1).count
            #expect(Double(fast) <= 1.15 * Double(libpng), "desktop \(w)x\(h): \(fast) bytes, libpng level 1 \(libpng)")
        }
    }

    @Test("rows longer than the 32 KB window: the row above is out of reach")
    func wide() throws {
        var image = ScreenPicture.desktop(width: 11_000, height: 6, seed: 5)
        try Self.expectRoundTrip(image, "desktop 11000x6")
        image = RGBImage(width: 12_000, height: 4, fill: (1, 2, 3))
        for x in stride(from: 0, to: 12_000, by: 97) { image[x, x % 4] = (200, 100, 50) }
        try Self.expectRoundTrip(image, "sparse 12000x4")
        // Random bytes that repeat exactly one window length back, then one byte beyond it.
        var pixels = [UInt8](repeating: 0, count: 3 * 30_000)
        var random = SeededRandom(seed: 9)
        for i in 0..<32_768 { pixels[i] = random.byte() }
        for i in 32_768..<65_536 { pixels[i] = pixels[i - 32_768] }
        for i in 65_536..<pixels.count { pixels[i] = pixels[i - 32_769] }
        try Self.expectRoundTrip(RGBImage(width: 30_000, height: 1, pixels: pixels), "window edge")
    }

    @Test("a reused encoder forgets the last image: larger, smaller, then different content")
    func reuse() throws {
        let encoder = FastPNGEncoder()
        let images = [ScreenPicture.desktop(width: 300, height: 200, seed: 1), ScreenPicture.noise(width: 40, height: 30, seed: 2),
                      ScreenPicture.desktop(width: 300, height: 200, seed: 3), RGBImage(width: 500, height: 300, fill: (7, 7, 7))]
        for (i, image) in images.enumerated() {
            try Self.expectRoundTrip(image, "image \(i)", reusing: encoder)
            #expect(try PNG.decode(encoder.encode(image)) == image, "image \(i), reused")
        }
        #expect(PNG.encodeFast(images[0]) == FastPNGEncoder().encode(images[0]))
    }

    @Test("fuzz: seeded random sizes and mixtures of noise, runs, repeats and text")
    func fuzz() throws {
        var random = SeededRandom(seed: 2024)
        let encoder = FastPNGEncoder()
        for round in 0..<60 {
            let w = 1 + random.below(round % 5 == 0 ? 2000 : 120), h = 1 + random.below(round % 7 == 0 ? 3 : 60)
            var image = RGBImage(width: w, height: h)
            // Rectangles of flat colour, noise patches, copies of earlier rows, text.
            for _ in 0..<random.below(12) {
                let color = RGBColor(UInt8(random.below(4) * 80), random.byte(), UInt8(random.below(2) * 255))
                image.fillRect(x: random.below(w), y: random.below(h), width: 1 + random.below(w), height: 1 + random.below(h), color: color)
            }
            for _ in 0..<random.below(4) {
                let x0 = random.below(w), y0 = random.below(h)
                for y in y0..<min(h, y0 + 1 + random.below(8)) {
                    for x in x0..<min(w, x0 + 1 + random.below(40)) { image[x, y] = (random.byte(), random.byte(), random.byte()) }
                }
            }
            if h > 2 {
                for _ in 0..<random.below(5) {
                    let from = random.below(h), to = random.below(h)
                    let count = w * 3
                    image.pixels.replaceSubrange((to * count)..<(to * count + count), with: image.pixels[(from * count)..<(from * count + count)])
                }
            }
            if random.below(2) == 0 { image.drawText("round \(round) the screen", x: random.below(w), y: random.below(h), color: .black) }
            try Self.expectRoundTrip(image, "fuzz round \(round) \(w)x\(h)", reusing: encoder)
        }
    }

    @Test("every kind of block appears and decodes: dynamic, fixed, stored, many per image")
    func blockKinds() throws {
        // Screen content (dynamic blocks) then noise (stored), in blocks of 1000 symbols.
        var image = ScreenPicture.desktop(width: 400, height: 300, seed: 8)
        let noise = ScreenPicture.noise(width: 400, height: 100, seed: 9)
        image.pixels.replaceSubrange((200 * 1200)..<(300 * 1200), with: noise.pixels)
        let counts = try Self.blockCounts(image, DeflateEncoder(blockSymbols: 1000))
        #expect(counts.dynamic >= 10 && counts.stored >= 10, "\(counts)")
        // The default block size: still more than one block of each.
        let large = try Self.blockCounts(image, DeflateEncoder())
        #expect(large.dynamic >= 1 && large.stored >= 2, "\(large)")
        // A tiny image is cheapest as one fixed block.
        let tiny = try Self.blockCounts(RGBImage(width: 2, height: 2, fill: (1, 1, 1)), DeflateEncoder())
        #expect(tiny == .init(dynamic: 0, fixed: 1, stored: 0), "\(tiny)")
        // Blocks of a few symbols, boundaries everywhere: the fuzz pictures again.
        for seed in 0..<6 {
            let small = ScreenPicture.desktop(width: 60 + 13 * seed, height: 40, seed: UInt64(seed))
            let counts = try Self.blockCounts(small, DeflateEncoder(blockSymbols: 16 + 7 * seed))
            #expect(counts.dynamic + counts.fixed + counts.stored > 20, "\(counts)")
        }
    }

    @Test("a small input buffer: it slides many times, grows for rows longer than itself, and decodes exactly")
    func slidingInput() throws {
        let images = [ScreenPicture.desktop(width: 300, height: 200, seed: 4), ScreenPicture.noise(width: 100, height: 100, seed: 5),
                      RGBImage(width: 700, height: 60, fill: (3, 4, 5)), ScreenPicture.desktop(width: 12_000, height: 3, seed: 6)]
        for bufferBytes in [1024, 33_000, 40_000, 70_001] {
            for (i, image) in images.enumerated() {
                let deflate = DeflateEncoder(inputBufferBytes: bufferBytes)
                for filter in [FastPNGEncoder.RowFilter.none, .up] {
                    let png = FastPNGEncoder(filter: filter, deflate: deflate).encode(image)
                    try Self.expectExact(png, image, filter, "image \(i), buffer \(bufferBytes)")
                }
                let streamBytes = image.height * (image.width * 3 + 1)
                if streamBytes > 3 * bufferBytes && bufferBytes > 33_000 { #expect(deflate.slides >= 2, "image \(i), buffer \(bufferBytes)") }
            }
        }
    }

    @Test("a block that ends in the last literal run stops at the end of the input, whatever the sizes")
    func blockEndAtInputEnd() throws {
        // Literal runs step a pixel at a time and may pass the end of a stream whose length is not a
        // multiple of 3; a block ending on that step must still end at the input's last byte.
        for blockSymbols in [16, 17, 18, 19, 20, 23, 30] {
            let deflate = DeflateEncoder(blockSymbols: blockSymbols)
            for width in 1...13 {
                for height in 1...3 {
                    let image = ScreenPicture.noise(width: width, height: height, seed: UInt64(100 * width + height))
                    for filter in [FastPNGEncoder.RowFilter.none, .up] {
                        let png = FastPNGEncoder(filter: filter, deflate: deflate).encode(image)
                        try Self.expectExact(png, image, filter, "noise \(width)x\(height), blocks of \(blockSymbols)")
                    }
                }
            }
        }
    }

    /// Encodes through `deflate` (both filters), checks that libpng decodes it exactly, and returns
    /// the block counts of the last encoding.
    static func blockCounts(_ image: RGBImage, _ deflate: DeflateEncoder, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeflateEncoder.BlockCounts {
        for filter in [FastPNGEncoder.RowFilter.up, .none] {
            let png = FastPNGEncoder(filter: filter, deflate: deflate).encode(image)
            try expectExact(png, image, filter, "\(image.width)x\(image.height)", sourceLocation: sourceLocation)
        }
        return deflate.blockCounts
    }
}
