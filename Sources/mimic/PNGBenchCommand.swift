import ArgumentParser
import Benchmarks

struct BenchPNG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "png",
        abstract: "Time PNG encoders on synthetic desktop frames: libpng level 1 and 6 against Mimic's fast encoder.",
        discussion: """
            Encodes a desktop-like frame (SyntheticDesktop: wallpaper gradient, windows of text, a \
            grainy photo-like area, a taskbar) with each encoder, in --rounds rounds that take the \
            encoders in turn, so that other load on the machine falls on all of them alike. Every \
            output is first decoded by libpng and compared with the frame.

            Figures are CPU time of the benchmark's thread (CLOCK_THREAD_CPUTIME_ID), which other \
            programs disturb much less than wall-clock time: ms per frame, MB/s of raw RGB, \
            compressed size, and size and speed against libpng level 1 filter none (the recorder's \
            encoder until now); then the time libpng takes to decode each file (what `mimic dataset \
            build` pays per frame). Speed ratios are the median of the rounds' ratios.

            Encoders: libpng level 1, filter none; libpng level 6, adaptive filters; the fast encoder \
            reused from frame to frame (as a recording thread would), with filter none and filter up; \
            and PNG.encodeFast, which makes a new encoder (and buffers) per call.

            Target (docs/png-encoder.md): fast, filter none >= 3x libpng level 1's speed at <= 1.15x \
            its size on the 1920x1080 frame.

            Examples:
              swift build -c release && .build/release/mimic bench png
              .build/release/mimic bench png --sizes 3840x2160 --rounds 3
            """
    )

    @Option(help: "Frame sizes, WIDTHxHEIGHT, comma-separated.")
    var sizes = "1920x1080,480x480"

    @Option(help: "Rounds over all encoders; medians are reported.")
    var rounds = 5

    @Option(help: "CPU seconds each encoder spends per round (at least one frame).")
    var seconds = 0.25

    @Option(help: "Seed of the synthetic desktop.")
    var seed: UInt64 = 1

    func validate() throws {
        guard rounds >= 1, seconds > 0 else { throw ValidationError("--rounds must be at least 1 and --seconds positive") }
        guard PNGBenchmark.parseSizes(sizes) != nil else { throw ValidationError("--sizes must be WIDTHxHEIGHT[,WIDTHxHEIGHT...], each at least 16x16, got \"\(sizes)\"") }
    }

    func run() throws {
        let loadBefore = MachineLoad.average()
        var options = PNGBenchmark.Options()
        options.rounds = rounds
        options.seconds = seconds
        options.seed = seed
        print(PNGBenchmark.headerLine(options))
        var measured: [PNGBenchmark.SizeFigures] = []
        for (width, height) in PNGBenchmark.parseSizes(sizes)! {
            let figures = try PNGBenchmark.measure(width: width, height: height, options: options)
            PNGBenchmark.lines(figures).forEach { print($0) }
            measured.append(figures)
        }
        PNGBenchmark.closingLines(measured, loadBefore: loadBefore).forEach { print($0) }
    }
}
