import Dataset
import Episode
import Foundation
import Imaging
import TestSupport

/// Episodes written with EpisodeWriter whose every frame is one flat colour that names its index,
/// so that a sample's pixels tell which frame it was paired with.
enum HandBuiltEpisode {
    /// The colour of frame `index` (unique for index < 256 × 8).
    static func color(_ index: Int) -> RGBColor {
        RGBColor(UInt8(index % 256), UInt8(40 + (index / 256) * 20), 200)
    }

    /// The frame index a flat sample image shows (its centre pixel), or nil if it is not one.
    static func frameIndex(shown image: RGBImage) -> Int? {
        let c = image[image.width / 2, image.height / 2]
        guard c.b == 200, c.g >= 40, (c.g - 40) % 20 == 0 else { return nil }
        return Int(c.r) + Int((c.g - 40) / 20) * 256
    }

    /// Writes an episode: frames at `frameTimes` (frame i repeats frame i - 1 when i is in
    /// `repeats`, stored as a reference), then `events`. `interruption` finishes it as interrupted.
    @discardableResult
    static func write(_ directory: String, frameTimes: [Double], events: [InputEvent], width: Int = 64, height: Int = 48,
                      repeats: Set<Int> = [], interruption: String? = nil, task: String? = nil) throws -> String {
        var metadata = SyntheticEpisode.metadata(id: URL(fileURLWithPath: directory).lastPathComponent, width: width, height: height)
        if let task { metadata.task = .init(name: task) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let writer = try EpisodeWriter(directory: directory, metadata: metadata)
        var shown = 0
        for (i, t) in frameTimes.enumerated() {
            if !repeats.contains(i) { shown = i }
            try writer.addFrame(RGBImage(width: width, height: height, fill: color(shown).tuple), t: t, pointer: (0, 0))
        }
        for event in events { writer.append(event) }
        try writer.finish(interruption: interruption)
        return directory
    }

    /// Frame times every `step` ms from `start` through `end`.
    static func times(from start: Double = 0, through end: Double, step: Double = 100) -> [Double] {
        Array(stride(from: start, through: end, by: step))
    }
}

/// Builds a dataset quietly and returns the result and the warnings.
func buildDataset(_ inputs: [String], into folder: String, configure: (inout BuildOptions) -> Void = { _ in }) throws
    -> (result: BuildResult, warnings: [String]) {
    var options = BuildOptions()
    options.valFraction = 0
    configure(&options)
    let collected = WarningLog()
    let result = try DatasetBuilder(options: options).build(inputs: inputs, output: folder, warn: { collected.add($0) })
    return (result, collected.messages)
}

final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ message: String) { lock.lock(); list.append(message); lock.unlock() }
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

/// Every sample of every shard of one split, in order.
func readSplit(_ folder: String, _ split: Split) throws -> [(record: SampleRecord, frame: RGBImage)] {
    let manifest = try DatasetManifest.read(folder: folder)
    var out: [(SampleRecord, RGBImage)] = []
    for shard in manifest.split(split)?.shards ?? [] {
        let s = try Shard.read(path: folder + "/" + shard.file)
        for i in 0..<s.count { out.append((s.records[i], s.frame(i))) }
    }
    return out
}
