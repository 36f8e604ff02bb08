import Benchmarks
import Testing

@Suite("PNG benchmark: sizes and figures")
struct PNGBenchmarkTests {
    @Test("--sizes parses WIDTHxHEIGHT lists and refuses the rest", arguments: [
        ("1920x1080,480x480", [1920, 1080, 480, 480]),
        ("16x16", [16, 16]),
        ("15x16", nil), ("1920x1080,", [1920, 1080]), ("", nil), ("1920", nil), ("axb", nil), ("10x10x10", nil),
    ] as [(String, [Int]?)])
    func sizes(text: String, expected: [Int]?) {
        let parsed = PNGBenchmark.parseSizes(text).map { $0.flatMap { [$0.width, $0.height] } }
        #expect(parsed == expected)
    }

    static func figures(width: Int = 1920, height: Int = 1080, fastSpeed: Double, fastBytes: Int) -> PNGBenchmark.SizeFigures {
        func encoder(_ name: String, seconds: Double, bytes: Int, speed: Double) -> PNGBenchmark.EncoderFigures {
            .init(name: name, encodeSeconds: seconds, bytes: bytes, bytesOfL1: 1000, speedVsL1: speed, decodeSeconds: 0.004, decodeVsL1: 1)
        }
        return .init(width: width, height: height, encoders: [
            encoder("libpng level 1, filter none", seconds: 0.012, bytes: 1000, speed: 1),
            encoder("libpng level 6, adaptive", seconds: 0.040, bytes: 900, speed: 0.3),
            encoder("fast, filter none (reused)", seconds: 0.003, bytes: fastBytes, speed: fastSpeed),
            encoder("fast, filter up (reused)", seconds: 0.004, bytes: 1000, speed: 3),
            encoder("fast, PNG.encodeFast (one-off)", seconds: 0.0035, bytes: fastBytes, speed: 3.4),
        ])
    }

    @Test("the target is >= 3x libpng level 1's speed at <= 1.15x its size", arguments: [
        (3.0, 1150, true), (2.99, 1000, false), (4.0, 1151, false),
    ])
    func target(speed: Double, bytes: Int, met: Bool) {
        #expect(Self.figures(fastSpeed: speed, fastBytes: bytes).targetMet == met)
    }

    @Test("a size's table prints each encoder's row and the verdict")
    func table() {
        let lines = PNGBenchmark.lines(Self.figures(fastSpeed: 4, fastBytes: 1100))
        #expect(lines.count == 10)
        #expect(lines[0] == "")
        #expect(lines[1] == "1920x1080 synthetic desktop, 6.2 MB of RGB:")
        #expect(lines[5] == "  fast, filter none (reused)            3.00     2074         333.3      1 KB      1.100x        4.00x       4.00 (1.00x)")
        #expect(lines[8] == "  fast (filter none) vs libpng level 1: 4.00x the speed at 1.100x the size (target >= 3x at <= 1.15x): met")
        #expect(lines[9] == "  30 frames/s of encoding alone: 0.09 of a core")
    }

    @Test("the closing lines say when the 1080p target was missed, and only then")
    func closing() {
        let missed = Self.figures(fastSpeed: 2, fastBytes: 1000), met = Self.figures(fastSpeed: 4, fastBytes: 1000)
        let small = Self.figures(width: 480, height: 480, fastSpeed: 2, fastBytes: 1000)
        #expect(PNGBenchmark.closingLines([met, small], loadBefore: 0.1) == [])
        #expect(PNGBenchmark.closingLines([missed], loadBefore: nil) == ["\nthe target on the 1920x1080 frame was not met"])
        #expect(PNGBenchmark.closingLines([met], loadBefore: 2, cores: 2)
            == ["\nnote: load average 2.0 on 2 cores before the benchmark: other programs shared the cores; the ratios hold up better than the times"])
    }
}
