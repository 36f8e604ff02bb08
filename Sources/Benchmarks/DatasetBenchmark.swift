import Dataset
import Episode
import Foundation
import Imaging
import Primitives
import Workloads

/// `mimic bench dataset`: a synthetic 30 frames/s episode written as the recorder writes it, with a key
/// action after every frame so that every sample needs its own PNG, then built into a dataset in rounds.
public enum DatasetBenchmark {
    public struct Options: Sendable {
        /// Distinct frames in the episode.
        public var frames = 300
        /// Frames identical to each distinct one that follow it.
        public var repeats = 0
        public var width = 1920
        public var height = 1080
        /// The model's image size.
        public var size = ImageSize(width: 128, height: 128)
        /// Include the photo-like area (the least compressible part of the screen).
        public var photo = true
        /// Builds to time; medians are reported.
        public var rounds = 3
        public init() {}
    }

    /// What the benchmark reports while it runs.
    public enum Progress: Sendable {
        case framesWritten(done: Int, total: Int)
        case episodeWritten(EpisodeFigures)
        case round(RoundFigures)
    }

    public struct EpisodeFigures: Sendable, Equatable {
        public var path: String
        public var frames: Int
        public var distinctFrames: Int
        public var pngBytes: Int
        public init(path: String, frames: Int, distinctFrames: Int, pngBytes: Int) {
            self.path = path; self.frames = frames; self.distinctFrames = distinctFrames; self.pngBytes = pngBytes
        }
    }

    /// One whole build.
    public struct RoundFigures: Sendable, Equatable {
        public var round: Int
        public var framesDecoded: Int
        public var decodeSeconds: Double
        public var samples: Int
        public var seconds: Double
        public var cpuSeconds: Double
        public init(round: Int, framesDecoded: Int, decodeSeconds: Double, samples: Int, seconds: Double, cpuSeconds: Double) {
            self.round = round; self.framesDecoded = framesDecoded; self.decodeSeconds = decodeSeconds
            self.samples = samples; self.seconds = seconds; self.cpuSeconds = cpuSeconds
        }
        public var framesPerSecond: Double { Double(framesDecoded) / decodeSeconds }
        public var samplesPerSecond: Double { Double(samples) / seconds }
        public var cpuSecondsPerFrame: Double { cpuSeconds / Double(framesDecoded) }
    }

    public struct Figures: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var size: ImageSize
        /// How frames fit the model's image, and the part of it they cover.
        public var fit: String
        public var contentWidth: Int
        public var contentHeight: Int
        public var cores: Int
        /// One frame on one thread: median milliseconds.
        public var decodeMilliseconds: Double
        public var resizeMilliseconds: Double
        public var rounds: [RoundFigures]
        public init(width: Int, height: Int, size: ImageSize, fit: String, contentWidth: Int, contentHeight: Int, cores: Int,
                    decodeMilliseconds: Double, resizeMilliseconds: Double, rounds: [RoundFigures]) {
            self.width = width; self.height = height; self.size = size; self.fit = fit; self.contentWidth = contentWidth
            self.contentHeight = contentHeight; self.cores = cores; self.decodeMilliseconds = decodeMilliseconds
            self.resizeMilliseconds = resizeMilliseconds; self.rounds = rounds
        }
    }

    /// Writes the episode under `folder`/episode, times one frame, then the builds into `folder`/data.
    public static func run(_ options: Options, in folder: String, progress: (Progress) -> Void) throws -> Figures {
        let episodePath = folder + "/episode"
        try? FileManager.default.removeItem(atPath: episodePath)
        progress(.episodeWritten(try writeEpisode(options, at: episodePath, progress: progress)))

        var build = BuildOptions()
        build.preprocessing.size = options.size
        build.valFraction = 0
        build.overwrite = true
        let geometry = FrameGeometry(screenWidth: options.width, screenHeight: options.height, preprocessing: build.preprocessing)!
        let (decode, resize) = try timeOneFrame(episodePath + "/" + EpisodeLayout.frameFile(index: 0), preparer: FramePreparer(geometry))

        var rounds: [RoundFigures] = []
        for round in 1...options.rounds {
            let cpuBefore = CPUTime.process()
            let result = try DatasetBuilder(options: build).build(inputs: [episodePath], output: folder + "/data")
            let figures = RoundFigures(round: round, framesDecoded: result.framesDecoded, decodeSeconds: result.decodeSeconds,
                                       samples: result.manifest.totalSamples, seconds: result.seconds, cpuSeconds: CPUTime.process() - cpuBefore)
            progress(.round(figures))
            rounds.append(figures)
        }
        return Figures(width: options.width, height: options.height, size: options.size, fit: build.preprocessing.fit.rawValue,
                       contentWidth: geometry.content.width, contentHeight: geometry.content.height,
                       cores: ProcessInfo.processInfo.activeProcessorCount, decodeMilliseconds: decode, resizeMilliseconds: resize, rounds: rounds)
    }

    private static func writeEpisode(_ options: Options, at path: String, progress: (Progress) -> Void) throws -> EpisodeFigures {
        let total = options.frames * (1 + options.repeats)
        let writer = try EpisodeWriter(directory: path,
                                       metadata: EpisodeMetadata(id: "bench", startedAt: EpisodeMetadata.timestamp(Date()),
                                                                 screen: .init(width: options.width, height: options.height), recorder: "mimic bench"))
        var pngBytes = 0
        var sample = RGBImage(width: 1, height: 1)
        let keys = Array("abcdefghijklmnopqrstuvwxyz")
        for i in 0..<total {
            let t = Double(i) * 1000 / 30
            if i % (1 + options.repeats) == 0 {
                sample = ChangingDesktop.frame(i / (1 + options.repeats), width: options.width, height: options.height, photo: options.photo)
            }
            let entry = try writer.addFrame(sample, t: t, pointer: (0, 0))
            if entry.sameAs == nil {
                pngBytes += (try? FileManager.default.attributesOfItem(atPath: path + "/" + entry.file)[.size] as? Int) ?? 0
            }
            let keysym = String(keys[i % keys.count])
            writer.append(InputEvent(t: t + 5, .keyDown(.init(keycode: 38, keysym: keysym))))
            writer.append(InputEvent(t: t + 20, .keyUp(.init(keycode: 38, keysym: keysym))))
            progress(.framesWritten(done: i + 1, total: total))
        }
        try writer.finish()
        sync()  // let the writes reach the disk before timing reads
        return EpisodeFigures(path: path, frames: total, distinctFrames: options.frames, pngBytes: pngBytes)
    }

    /// Median milliseconds of one frame's decode and resize on one thread, as the builder does it:
    /// the decoded pixels are resized where libpng left them.
    private static func timeOneFrame(_ probe: String, preparer: FramePreparer) throws -> (decode: Double, resize: Double) {
        var decodeTimes: [Double] = [], resizeTimes: [Double] = []
        for _ in 0..<7 {
            var start = DispatchTime.now().uptimeNanoseconds
            try PNG.withDecoded(path: probe) { _, _, _ in }
            decodeTimes.append(CPUTime.secondsSince(start) * 1e3)
            try PNG.withDecoded(path: probe) { width, height, pixels in
                start = DispatchTime.now().uptimeNanoseconds
                _ = preparer.prepare(pixels: pixels, width: width, height: height)
                resizeTimes.append(CPUTime.secondsSince(start) * 1e3)
            }
        }
        return (Statistics.median(decodeTimes), Statistics.median(resizeTimes))
    }

    public static func line(_ episode: EpisodeFigures) -> String {
        "wrote \(episode.frames) frames (\(episode.distinctFrames) distinct PNGs, \(String(format: "%.0f", Double(episode.pngBytes) / Double(episode.distinctFrames) / 1024)) KB each) to \(episode.path)"
    }

    public static func line(_ r: RoundFigures) -> String {
        String(format: "round %d: %d frames decoded and resized in %.2f s (%.0f frames/s); %d samples built in %.2f s (%.0f samples/s); %.1f CPU-ms per frame",
               r.round, r.framesDecoded, r.decodeSeconds, r.framesPerSecond, r.samples, r.seconds, r.samplesPerSecond, r.cpuSecondsPerFrame * 1000)
    }

    /// The summary after the rounds (starting with an empty line).
    public static func summaryLines(_ f: Figures) -> [String] {
        let cpuPerFrame = Statistics.median(f.rounds.map(\.cpuSecondsPerFrame))
        let last = f.rounds.last
        return [
            "",
            "screen \(f.width)x\(f.height) -> \(f.size) (\(f.fit), content \(f.contentWidth)x\(f.contentHeight)), \(f.cores) cores",
            String(format: "one frame, one thread:  PNG decode %.1f ms, resize %.2f ms", f.decodeMilliseconds, f.resizeMilliseconds),
            String(format: "build, all cores:       %.0f frames/s (median of %d)   target >= 300 frames/s on 2 cores",
                   Statistics.median(f.rounds.map(\.framesPerSecond)), f.rounds.count),
            String(format: "whole build:            %.0f samples/s (%d samples from %d distinct frames)",
                   Statistics.median(f.rounds.map(\.samplesPerSecond)), last?.samples ?? 0, last?.framesDecoded ?? 0),
            // Other programs slow the wall-clock figures; CPU time per frame says what free cores would do.
            String(format: "CPU per frame:          %.1f ms (whole build) -> %.0f frames/s if all %d cores were free",
                   cpuPerFrame * 1000, Double(f.cores) / cpuPerFrame, f.cores),
        ]
    }
}
