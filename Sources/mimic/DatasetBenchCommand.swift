import ArgumentParser
import Benchmarks
import Dataset
import Foundation

struct BenchDataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Time `mimic dataset build` from 1920x1080 PNG frames to 128x128 samples.",
        discussion: """
            Writes a synthetic episode the way the recorder does (its default PNG encoder,
            docs/png-encoder.md): a desktop-like screen (panel, an editor full of text, a photo-like
            area, a pointer) that changes in every frame, at 30 frames per second, with
            one key action after each frame, so that every sample needs its own PNG. Then
            it builds the dataset --rounds times and reports the median of:

              frames/s    distinct PNGs decoded and resized per second of wall time
                          on all cores: the figure held to the target (>= 300 on 2
                          cores, docs/dataset.md)
              samples/s   the whole build: reading, segmentation, pairing, decoding,
                          resizing and writing shards
              CPU/frame   CPU milliseconds per frame, and the frames/s that gives on
                          free cores (other programs slow the wall-clock figures)

            It also times one frame's decode and resize on one thread. With --repeats N
            each distinct frame is followed by N frames identical to it (stored by the
            recorder as references, decoded once), as on a mostly static screen:
            samples/s rises, frames/s does not. --no-photo leaves out the least
            compressible part of the screen.

            Examples:
              swift build -c release && .build/release/mimic bench dataset
              .build/release/mimic bench dataset --frames 600 --repeats 2
              .build/release/mimic bench dataset --no-photo
              .build/release/mimic bench dataset --width 480 --height 480 --keep
            """
    )

    @Option(help: "Distinct frames in the synthetic episode.")
    var frames = 300

    @Option(help: "Frames identical to each distinct one that follow it.")
    var repeats = 0

    @Option(help: "Screen width.")
    var width = 1920

    @Option(help: "Screen height.")
    var height = 1080

    @Option(help: "Model image size, WIDTHxHEIGHT.")
    var size = "128x128"

    @Flag(inversion: .prefixedNo, help: "Include the photo-like area (the least compressible part of the screen).")
    var photo = true

    @Option(help: "Builds to time; the median is reported.")
    var rounds = 3

    @Option(help: "Folder for the episode and the dataset (default: a temporary folder, removed afterwards).")
    var workDir: String?

    @Flag(help: "Keep the work folder.")
    var keep = false

    func validate() throws {
        guard frames >= 1, repeats >= 0, rounds >= 1 else { throw ValidationError("--frames and --rounds must be at least 1, --repeats at least 0") }
        guard width >= 16, height >= 16 else { throw ValidationError("--width and --height must be at least 16") }
        guard ImageSize(parsing: size) != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, got \"\(size)\"") }
    }

    func run() throws {
        let folder = workDir ?? NSTemporaryDirectory() + "mimic-bench-dataset-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if !keep && workDir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var options = DatasetBenchmark.Options()
        options.frames = frames
        options.repeats = repeats
        options.width = width
        options.height = height
        options.size = ImageSize(parsing: size)!
        options.photo = photo
        options.rounds = rounds
        let progress = ProgressLine()
        let figures = try DatasetBenchmark.run(options, in: folder) { event in
            switch event {
            case .framesWritten(let done, let total): progress.update(done: done, total: total, unit: "frames written")
            case .episodeWritten(let episode): progress.finish(DatasetBenchmark.line(episode))
            case .round(let round): print(DatasetBenchmark.line(round))
            }
        }
        DatasetBenchmark.summaryLines(figures).forEach { print($0) }
        if keep || workDir != nil { print("kept: \(folder)") }
    }
}
