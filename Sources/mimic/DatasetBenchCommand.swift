import ArgumentParser
import Dataset
import Episode
import Foundation
import Primitives
import Imaging
import Workloads

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
        let episodePath = folder + "/episode"
        try? FileManager.default.removeItem(atPath: episodePath)

        // 1. The episode.
        let progress = ProgressLine()
        let total = frames * (1 + repeats)
        let writer = try EpisodeWriter(directory: episodePath,
                                       metadata: EpisodeMetadata(id: "bench", startedAt: EpisodeMetadata.timestamp(Date()),
                                                                 screen: .init(width: width, height: height), recorder: "mimic bench"))
        var pngBytes = 0
        var sample = RGBImage(width: 1, height: 1)
        let keys = Array("abcdefghijklmnopqrstuvwxyz")
        for i in 0..<total {
            let t = Double(i) * 1000 / 30
            if i % (1 + repeats) == 0 {
                sample = ChangingDesktop.frame(i / (1 + repeats), width: width, height: height, photo: photo)
            }
            let entry = try writer.addFrame(sample, t: t, pointer: (0, 0))
            if entry.sameAs == nil {
                pngBytes += (try? FileManager.default.attributesOfItem(atPath: episodePath + "/" + entry.file)[.size] as? Int) ?? 0
            }
            let keysym = String(keys[i % keys.count])
            writer.append(InputEvent(t: t + 5, .keyDown(.init(keycode: 38, keysym: keysym))))
            writer.append(InputEvent(t: t + 20, .keyUp(.init(keycode: 38, keysym: keysym))))
            progress.update(done: i + 1, total: total, unit: "frames written")
        }
        try writer.finish()
        sync()  // let the writes reach the disk before timing reads
        progress.finish("wrote \(total) frames (\(frames) distinct PNGs, \(String(format: "%.0f", Double(pngBytes) / Double(frames) / 1024)) KB each) to \(episodePath)")

        // 2. One frame, one thread.
        var options = BuildOptions()
        options.preprocessing.size = ImageSize(parsing: size)!
        options.valFraction = 0
        options.overwrite = true
        let geometry = FrameGeometry(screenWidth: width, screenHeight: height, preprocessing: options.preprocessing)!
        let preparer = FramePreparer(geometry)
        let probe = episodePath + "/" + EpisodeLayout.frameFile(index: 0)
        var decodeTimes: [Double] = [], resizeTimes: [Double] = []
        for _ in 0..<7 {
            // As the builder does it: the decoded pixels are resized where libpng left them.
            var start = DispatchTime.now().uptimeNanoseconds
            try PNG.withDecoded(path: probe) { _, _, _ in }
            decodeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            try PNG.withDecoded(path: probe) { width, height, pixels in
                start = DispatchTime.now().uptimeNanoseconds
                _ = preparer.prepare(pixels: pixels, width: width, height: height)
                resizeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
        }

        // 3. Whole builds.
        var frameRates: [Double] = [], sampleRates: [Double] = [], cpuPerFrame: [Double] = []
        var last: BuildResult?
        for round in 1...rounds {
            let cpuBefore = BenchDataset.cpuSeconds()
            let result = try datasetCall { () throws(DatasetError) in
                try DatasetBuilder(options: options).build(inputs: [episodePath], output: folder + "/data")
            }
            let cpu = BenchDataset.cpuSeconds() - cpuBefore
            frameRates.append(Double(result.framesDecoded) / result.decodeSeconds)
            sampleRates.append(Double(result.manifest.totalSamples) / result.seconds)
            cpuPerFrame.append(cpu / Double(result.framesDecoded))
            print(String(format: "round %d: %d frames decoded and resized in %.2f s (%.0f frames/s); %d samples built in %.2f s (%.0f samples/s); %.1f CPU-ms per frame",
                         round, result.framesDecoded, result.decodeSeconds, frameRates.last!, result.manifest.totalSamples,
                         result.seconds, sampleRates.last!, cpuPerFrame.last! * 1000))
            last = result
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let content = geometry.content
        print("")
        print("screen \(width)x\(height) -> \(size) (\(options.preprocessing.fit.rawValue), content \(content.width)x\(content.height)), \(cores) cores")
        print(String(format: "one frame, one thread:  PNG decode %.1f ms, resize %.2f ms", Statistics.median(decodeTimes), Statistics.median(resizeTimes)))
        print(String(format: "build, all cores:       %.0f frames/s (median of %d)   target >= 300 frames/s on 2 cores",
                     Statistics.median(frameRates), rounds))
        print(String(format: "whole build:            %.0f samples/s (%d samples from %d distinct frames)",
                     Statistics.median(sampleRates), last?.manifest.totalSamples ?? 0, last?.framesDecoded ?? 0))
        // Other programs on the machine slow the wall-clock figures; CPU time per frame does not
        // depend on them as much, and says what the cores would do if they were all ours.
        print(String(format: "CPU per frame:          %.1f ms (whole build) -> %.0f frames/s if all %d cores were free",
                     Statistics.median(cpuPerFrame) * 1000, Double(cores) / Statistics.median(cpuPerFrame), cores))
        if keep || workDir != nil { print("kept: \(folder)") }
    }

    /// User and system CPU seconds used by this process so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

}
