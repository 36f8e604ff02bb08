import Primitives
import ArgumentParser
import Dataset
import Foundation
import Synchronization

struct DatasetBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build training shards (.safetensors) from episodes.",
        discussion: """
            Reads every episode given (an episode folder, or a folder of them such as
            recordings/), segments its events into actions, pairs each action with the
            last frame grabbed strictly before it and with the K actions before it, splits
            the episodes (never the frames) between train and validation, resizes the
            frames to the model's input size on all cores, and writes shards of samples
            plus dataset.json. Interrupted episodes are used up to their last complete
            frame; episodes still being recorded are left out. A missing or corrupt PNG
            skips the samples that need it, with a warning and a count.

            Output: <out>/train-NNNNN.safetensors, <out>/val-NNNNN.safetensors,
            <out>/dataset.json. Tensors, metadata and every segmentation rule:
            docs/dataset.md.

            Examples:
              mimic dataset build recordings/ --out data/first
              mimic dataset build recordings/2026-11-29T1* --out data/two --val 0.5
              mimic dataset build recordings/ --out data/crop --crop 0,0,480,480 \\
                  --size 128x128 --seed 7 --overwrite
            """
    )

    @Argument(help: "Episode folders, or folders holding them (e.g. recordings/).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The dataset folder to write, e.g. data/first.")
    var out: String

    @Option(help: "Model image size, WIDTHxHEIGHT.")
    var size = "128x128"

    @Option(help: "How the screen's aspect ratio meets the image's: letterbox (black bars) or stretch.")
    var fit: Fit = .letterbox

    @Option(help: "The screen region the model sees, x,y,width,height (default: the whole screen).")
    var crop: String?

    @Option(help: "Fraction of episodes held out for validation (0 for none).")
    var val = 0.1

    @Option(help: "Seed of the train/validation split.")
    var seed: UInt64 = 0

    @Option(help: "Previous actions stored with each sample (K).")
    var history = 4

    @Option(help: "History pointer bins per axis.")
    var bins = 64

    @Option(help: "Samples per shard file.")
    var shardSize = 1024

    @Flag(help: "Replace a dataset already in --out.")
    var overwrite = false

    @Flag(help: "Leave out episodes that cannot be read (with a warning) instead of stopping.")
    var skipUnreadable = false

    func validate() throws {
        guard ImageSize(parsing: size) != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 128x128; got \"\(size)\"") }
        if let crop, Rect(parsing: crop) == nil {
            throw ValidationError("--crop must be x,y,width,height with a positive size, e.g. 0,0,480,480; got \"\(crop)\"")
        }
        guard val >= 0 && val < 1 else { throw ValidationError("--val must be at least 0 and below 1, got \(val)") }
        guard history >= 1 && history <= 64 else { throw ValidationError("--history must be 1...64, got \(history)") }
        guard bins >= 1 && bins <= 4096 else { throw ValidationError("--bins must be 1...4096, got \(bins)") }
        guard shardSize >= 1 else { throw ValidationError("--shard-size must be at least 1, got \(shardSize)") }
    }

    func run() throws {
        var options = BuildOptions()
        options.preprocessing = Preprocessing(size: ImageSize(parsing: size)!, fit: fit, crop: crop.flatMap(Rect.init(parsing:)))
        options.valFraction = val
        options.seed = seed
        options.history = history
        options.bins = bins
        options.shardSize = shardSize
        options.overwrite = overwrite
        options.skipUnreadable = skipUnreadable
        options.builder = "mimic \(Mimic.version)"

        let progress = ProgressLine()
        let warnings = Mutex(0)
        let result = try libraryCall { () throws(DatasetError) in
            try DatasetBuilder(options: options).build(inputs: inputs, output: out, progress: { step in
                switch step {
                case .readingEpisodes(let done, let total):
                    progress.update(done: done, total: total, unit: "episodes read")
                case .writingSamples(let done, let total):
                    progress.update(done: done, total: total, unit: "samples")
                }
            }, warn: { message in
                let count = warnings.withLock { n in n += 1; return n }
                if count <= 20 { DatasetWarnings.print(message) }
            })
        }
        progress.finish(nil)
        let warned = warnings.withLock { $0 }
        if warned > 20 { DatasetWarnings.print("\(warned - 20) more warning(s); dataset.json keeps the first 200") }
        print(DatasetBuild.summary(result))
    }

    static func summary(_ result: BuildResult) -> String {
        let m = result.manifest
        let used = m.episodes.filter { $0.samples > 0 }.count
        var lines: [String] = []
        let splits = m.splits.map { s in
            "\(s.split.rawValue) \(s.samples) from \(s.episodes) episode(s) in \(s.shards.count) shard(s)"
        }
        lines.append("dataset \(result.folder): \(m.totalSamples) samples from \(used) of \(m.episodes.count) episode(s); "
                     + splits.joined(separator: ", "))
        var byType: [String: Int] = [:]
        for s in m.splits { byType.merge(s.byType, uniquingKeysWith: +) }
        lines.append("  actions: " + m.actionTypes.map { "\($0) \(byType[$0] ?? 0)" }.joined(separator: ", "))
        let leftOut = DatasetInfo.leftOutSummary(m)
        if !leftOut.isEmpty { lines.append("  left out: " + leftOut) }
        let rate = result.decodeSeconds > 0 ? Double(result.framesDecoded) / result.decodeSeconds : 0
        lines.append(String(format: "  %d frames decoded and resized in %.2f s (%.0f frames/s); %.2f s in all",
                            result.framesDecoded, result.decodeSeconds, rate, result.seconds))
        lines.append("  look at it: mimic dataset show \(result.folder)")
        return lines.joined(separator: "\n")
    }
}
