import Foundation
import Imaging
import Primitives
import Workloads

/// `mimic bench png`: PNG encoders on a synthetic desktop frame, timed by the thread's CPU clock in
/// rounds that take the encoders in turn, so that other load falls on all of them alike.
public enum PNGBenchmark {
    public struct Options: Sendable {
        public var rounds = 5
        /// CPU seconds each encoder spends per round (at least one frame).
        public var seconds = 0.25
        /// Seed of the synthetic desktop.
        public var seed: UInt64 = 1
        public init() {}
    }

    /// One encoder's figures at one frame size; "l1" is the first encoder, libpng level 1 filter none.
    public struct EncoderFigures: Sendable, Equatable {
        public var name: String
        /// Median CPU seconds per encoded frame.
        public var encodeSeconds: Double
        public var bytes: Int
        public var bytesOfL1: Int
        /// Median over the rounds of l1's time / this encoder's time.
        public var speedVsL1: Double
        /// Median CPU seconds libpng takes to decode this encoder's file.
        public var decodeSeconds: Double
        /// Median over the rounds of this file's decode time / l1's file's.
        public var decodeVsL1: Double
        public init(name: String, encodeSeconds: Double, bytes: Int, bytesOfL1: Int, speedVsL1: Double, decodeSeconds: Double, decodeVsL1: Double) {
            self.name = name; self.encodeSeconds = encodeSeconds; self.bytes = bytes; self.bytesOfL1 = bytesOfL1
            self.speedVsL1 = speedVsL1; self.decodeSeconds = decodeSeconds; self.decodeVsL1 = decodeVsL1
        }
    }

    /// All encoders at one frame size; the third (index 2) is the fast encoder with filter none.
    public struct SizeFigures: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var encoders: [EncoderFigures]
        public init(width: Int, height: Int, encoders: [EncoderFigures]) {
            self.width = width; self.height = height; self.encoders = encoders
        }
        var fast: EncoderFigures { encoders[2] }
        public var fastSizeRatio: Double { Double(fast.bytes) / Double(fast.bytesOfL1) }
        /// The target (docs/png-encoder.md): fast, filter none >= 3x libpng level 1's speed at <= 1.15x its size.
        public var targetMet: Bool { fast.speedVsL1 >= 3 && fastSizeRatio <= 1.15 }
        /// The target is held on the 1920x1080 frame only.
        public var isTargetSize: Bool { width == 1920 && height == 1080 }
    }

    /// `WIDTHxHEIGHT[,WIDTHxHEIGHT...]`, each side at least 16; nil otherwise.
    public static func parseSizes(_ text: String) -> [(width: Int, height: Int)]? {
        var result: [(width: Int, height: Int)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "x")
            guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w >= 16, h >= 16 else { return nil }
            result.append((w, h))
        }
        return result.isEmpty ? nil : result
    }

    public static func headerLine(_ options: Options) -> String {
        "PNG encoders, CPU time of one thread; \(options.rounds) rounds of about \(options.seconds) s per encoder"
    }

    /// Checks every encoder's output against the frame, then times encoding and decoding.
    public static func measure(width: Int, height: Int, options: Options) throws -> SizeFigures {
        let image = SyntheticDesktop.image(width: width, height: height, seed: options.seed)
        let reusedNone = FastPNGEncoder(filter: .none), reusedUp = FastPNGEncoder(filter: .up)
        let encoders: [(name: String, encode: () throws -> [UInt8])] = [
            ("libpng level 1, filter none", { try PNG.encode(image, level: 1, filter: .none) }),
            ("libpng level 6, adaptive", { try PNG.encode(image, level: 6, filter: .adaptive) }),
            ("fast, filter none (reused)", { reusedNone.encode(image) }),
            ("fast, filter up (reused)", { reusedUp.encode(image) }),
            ("fast, PNG.encodeFast (one-off)", { PNG.encodeFast(image) }),
        ]
        // Correctness first, and the files, whose decoding is timed too (libpng, as `mimic dataset build` does).
        var files: [[UInt8]] = []
        for encoder in encoders {
            let bytes = try encoder.encode()
            guard try PNG.decode(bytes) == image else {
                throw BenchmarkError.encoderMismatch(encoder: encoder.name, width: width, height: height)
            }
            files.append(bytes)
        }
        // Frames per measurement, from one timed frame each.
        let repeats = try encoders.map { encoder -> Int in
            let t = try CPUTime.ofThread { _ = try encoder.encode() }
            return max(1, Int(options.seconds / max(t, 1e-6)))
        }
        let decodeRepeats = try files.map { file -> Int in
            let t = try CPUTime.ofThread { _ = try PNG.decode(file) }
            return max(1, Int(options.seconds / 2 / max(t, 1e-6)))
        }
        var perFrame = [[Double]](repeating: [], count: encoders.count)
        var decodePerFrame = [[Double]](repeating: [], count: encoders.count)
        for _ in 0..<options.rounds {
            for (i, encoder) in encoders.enumerated() {
                let t = try CPUTime.ofThread { for _ in 0..<repeats[i] { _ = try encoder.encode() } }
                perFrame[i].append(t / Double(repeats[i]))
                let d = try CPUTime.ofThread { for _ in 0..<decodeRepeats[i] { _ = try PNG.decode(files[i]) } }
                decodePerFrame[i].append(d / Double(decodeRepeats[i]))
            }
        }
        let figures = encoders.indices.map { i in
            EncoderFigures(name: encoders[i].name, encodeSeconds: Statistics.median(perFrame[i]), bytes: files[i].count,
                           bytesOfL1: files[0].count, speedVsL1: Statistics.median(zip(perFrame[0], perFrame[i]).map { $0 / $1 }),
                           decodeSeconds: Statistics.median(decodePerFrame[i]),
                           decodeVsL1: Statistics.median(zip(decodePerFrame[i], decodePerFrame[0]).map { $0 / $1 }))
        }
        return SizeFigures(width: width, height: height, encoders: figures)
    }

    /// The table of one frame size, as `mimic bench png` prints it (starting with an empty line).
    public static func lines(_ size: SizeFigures) -> [String] {
        let megabytes = Double(size.width * size.height * 3) / 1e6
        var lines = ["", "\(size.width)x\(size.height) synthetic desktop, \(String(format: "%.1f", megabytes)) MB of RGB:",
                     "  encoder                          encode ms     MB/s  frames/CPU-s      size  size vs l1  speed vs l1  decode ms (vs l1)"]
        for e in size.encoders {
            let ms = e.encodeSeconds * 1e3
            lines.append(String(format: "  %@ %9.2f %8.0f %13.1f %6.0f KB %10.3fx %11.2fx %10.2f (%.2fx)",
                                e.name.padding(toLength: 32, withPad: " ", startingAt: 0), ms, megabytes / ms * 1e3,
                                1e3 / ms, Double(e.bytes) / 1e3, Double(e.bytes) / Double(e.bytesOfL1), e.speedVsL1,
                                e.decodeSeconds * 1e3, e.decodeVsL1))
        }
        lines.append(String(format: "  fast (filter none) vs libpng level 1: %.2fx the speed at %.3fx the size (target >= 3x at <= 1.15x): %@",
                            size.fast.speedVsL1, size.fastSizeRatio, size.targetMet ? "met" : "not met"))
        lines.append(String(format: "  30 frames/s of encoding alone: %.2f of a core", 30 * size.fast.encodeSeconds))
        return lines
    }

    /// The closing lines: a note if the machine was busy before, and whether the 1080p target was missed.
    public static func closingLines(_ sizes: [SizeFigures], loadBefore: Double?, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> [String] {
        var lines: [String] = []
        if let before = loadBefore, before > 0.5 {
            lines.append(String(format: "\nnote: load average %.1f on %d cores before the benchmark: other programs shared the cores; the ratios hold up better than the times",
                                before, cores))
        }
        if !sizes.filter(\.isTargetSize).allSatisfy(\.targetMet) { lines.append("\nthe target on the 1920x1080 frame was not met") }
        return lines
    }
}
