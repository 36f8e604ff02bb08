import Primitives
import Dispatch
import Episode
import Foundation
import Imaging
import Synchronization

/// What `mimic dataset build` can be asked for.
public struct BuildOptions: Sendable {
    public var preprocessing = Preprocessing()
    public var rules = SegmentationRules()
    /// K: previous actions stored with each sample.
    public var history = 4
    /// History pointer bins per axis.
    public var bins = 64
    public var valFraction = 0.1
    public var seed: UInt64 = 0
    /// Samples per shard file.
    public var shardSize = 1024
    /// Replace a dataset already in the output folder.
    public var overwrite = false
    /// Leave out (with a warning) episodes that cannot be read, instead of stopping.
    public var skipUnreadable = false
    /// Recorded in the manifest, e.g. "mimic 0.1.0".
    public var builder = "mimic"

    public init() {}
}

public enum BuildProgress: Sendable {
    case readingEpisodes(done: Int, total: Int)
    /// Samples whose frames have been decoded, of all samples found.
    case writingSamples(done: Int, total: Int)
}

public struct BuildResult: Sendable {
    public var manifest: DatasetManifest
    public var folder: String
    /// Distinct PNG files decoded and resized.
    public var framesDecoded: Int
    /// Wall-clock seconds spent decoding and resizing them (on all cores).
    public var decodeSeconds: Double
    /// Wall-clock seconds for the whole build.
    public var seconds: Double
}

/// Episodes → shards: segment, pair, split by episode, decode and resize on all cores, write.
public struct DatasetBuilder: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions = BuildOptions()) { self.options = options }

    public func build(inputs: [String], output: String,
                      progress: @escaping @Sendable (BuildProgress) -> Void = { _ in },
                      warn: @escaping @Sendable (String) -> Void = { _ in }) throws(DatasetError) -> BuildResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let paths = try EpisodeInput.find(inputs)
        try prepareOutput(output)
        var warnings: [String] = []
        func note(_ message: String) {
            warn(message)
            if warnings.count < 200 { warnings.append(message) }
        }

        // 1. Read, segment and pair every episode (in parallel: it is pure work).
        let works = try readEpisodes(paths, progress: progress)
        var leftOut = LeftOut(), unpaired = Unpaired(), skipped = DatasetManifest.Skipped()
        var records: [DatasetManifest.EpisodeRecord] = []
        for work in works {
            if let warning = work.warning { note(warning) }
            if work.skipped { skipped.episodes += 1 }
            leftOut.add(work.leftOut)
            unpaired.add(work.unpaired)
            skipped.outsideCrop += work.outsideCrop
            skipped.eventsAfterLastFrame += work.eventsAfterLastFrame
            records.append(work.record)
        }

        // 2. Split whole episodes.
        let withSamples = works.indices.filter { !works[$0].samples.isEmpty }
        guard !withSamples.isEmpty else {
            throw .noSamples(reason: "none of the \(paths.count) episode(s) gave a sample (see the warnings above)")
        }
        let splits = EpisodeSplit.assign(count: withSamples.count, valFraction: options.valFraction, seed: options.seed)
        for (position, index) in withSamples.enumerated() { records[index].split = splits[position] }
        if options.valFraction > 0 && withSamples.count < 2 {
            note("only one episode gave samples: the validation split is empty")
        }

        // 3. Decode, resize and write each split's samples, in episode then time order.
        let total = withSamples.reduce(0) { $0 + works[$1].samples.count }
        let writer = ShardWriter(folder: output, options: options, episodes: records.map(\.path))
        var splitRecords: [DatasetManifest.SplitRecord] = []
        var done = 0, framesDecoded = 0, decodeNanoseconds: UInt64 = 0
        for split in Split.allCases {
            let members = withSamples.filter { records[$0].split == split }
            var shards: [DatasetManifest.ShardRecord] = []
            var accumulator = writer.newShard()
            var byType = Dictionary(uniqueKeysWithValues: ActionType.names.map { ($0, 0) })
            var samples = 0
            let candidates = members.flatMap { index in works[index].samples.map { (index, $0) } }
            for chunkStart in stride(from: 0, to: candidates.count, by: options.shardSize) {
                let chunk = candidates[chunkStart ..< min(candidates.count, chunkStart + options.shardSize)]
                // Each distinct PNG once: the recorder stores an unchanged screen as a reference to an earlier file.
                var jobIndex: [String: Int] = [:]
                var jobs: [FrameBatch.Job] = []
                for (episode, sample) in chunk where jobIndex[sample.frameKey] == nil {
                    jobIndex[sample.frameKey] = jobs.count
                    jobs.append(FrameBatch.Job(path: sample.framePath, patch: sample.patch, preparer: works[episode].preparer!))
                }
                let decodeStart = DispatchTime.now().uptimeNanoseconds
                let images = FrameBatch.prepare(jobs)
                decodeNanoseconds += DispatchTime.now().uptimeNanoseconds - decodeStart
                framesDecoded += jobs.count
                var failedUses: [String: Int] = [:]
                for (episode, sample) in chunk {
                    switch images[jobIndex[sample.frameKey]!] {
                    case .success(let image):
                        accumulator.append(sample.record, frame: image)
                        byType[sample.record.type.name, default: 0] += 1
                        records[episode].samples += 1
                        samples += 1
                    case .failure:
                        failedUses[sample.framePath, default: 0] += 1
                    }
                    if accumulator.count == options.shardSize {
                        shards.append(try writer.write(&accumulator, split: split, index: shards.count))
                    }
                }
                for case .failure(let failure) in images {
                    let uses = failedUses[failure.path] ?? 0
                    skipped.unreadableFrame += uses
                    note("\(failure.reason.hasPrefix(failure.path) ? failure.reason : failure.path + ": " + failure.reason); \(uses) sample(s) skipped")
                }
                done += chunk.count
                progress(.writingSamples(done: done, total: total))
            }
            if accumulator.count > 0 {
                shards.append(try writer.write(&accumulator, split: split, index: shards.count))
            }
            splitRecords.append(.init(split: split, episodes: members.count, samples: samples, byType: byType, shards: shards))
        }
        guard splitRecords.contains(where: { $0.samples > 0 }) else {
            throw .noSamples(reason: "every sample's frame was unreadable (see the warnings above)")
        }

        // 4. The manifest, last: a folder without it is a build that did not finish.
        let manifest = DatasetManifest(
            createdAt: EpisodeMetadata.timestamp(Date()), builder: options.builder, preprocessing: options.preprocessing,
            history: options.history, bins: options.bins, seed: options.seed, valFraction: options.valFraction,
            shardSize: options.shardSize, segmentation: options.rules, episodes: records, splits: splitRecords,
            leftOut: leftOut, unpaired: unpaired, skipped: skipped, warnings: warnings)
        try manifest.write(toFolder: output)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return BuildResult(manifest: manifest, folder: output, framesDecoded: framesDecoded,
                           decodeSeconds: Double(decodeNanoseconds) / 1e9, seconds: seconds)
    }

    // MARK: Output folder

    /// Creates the folder; refuses one holding a dataset unless overwriting; removes the files of
    /// an earlier (or unfinished) build so that no stale shard is mistaken for a new one.
    func prepareOutput(_ folder: String) throws(DatasetError) {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder + "/" + ShardLayout.manifestFile) && !options.overwrite {
            throw .outputExists(path: folder)
        }
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isFolder) && !isFolder.boolValue {
            throw .cannotCreate(path: folder, reason: "a file with that name exists")
        }
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: folder, reason: error.localizedDescription)
        }
        let stale = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            name == ShardLayout.manifestFile || name == ShardLayout.contactSheetFile
                || (Split.allCases.contains { name.hasPrefix($0.rawValue + "-") } && name.hasSuffix(".safetensors"))
        }
        for name in stale { try? fm.removeItem(atPath: folder + "/" + name) }
    }

    // MARK: Episodes

    /// One episode's samples, ready to be decoded, and what became of the rest.
    struct EpisodeWork: Sendable {
        var record: DatasetManifest.EpisodeRecord
        var preparer: FramePreparer?
        var samples: [PendingSample] = []
        var leftOut = LeftOut()
        var unpaired = Unpaired()
        var outsideCrop = 0
        var eventsAfterLastFrame = 0
        var warning: String?
        var skipped = false
    }

    struct PendingSample: Sendable {
        var record: SampleRecord
        var framePath: String
        /// Set for a partial frame: drawn over its base frame's pixels.
        var patch: FrameBatch.Patch? = nil
        /// One key per distinct picture.
        var frameKey: String { patch.map { "\(framePath)@\($0.x),\($0.y)" } ?? framePath }
    }

    func readEpisodes(_ paths: [String], progress: @escaping @Sendable (BuildProgress) -> Void) throws(DatasetError) -> [EpisodeWork] {
        let results = Mutex<[Int: Result<EpisodeWork, DatasetError>]>([:])
        let options = options
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let result: Result<EpisodeWork, DatasetError>
            do throws(DatasetError) {
                result = .success(try DatasetBuilder.work(path: paths[i], index: i, options: options))
            } catch {
                result = .failure(error)
            }
            let done = results.withLock { r in r[i] = result; return r.count }
            progress(.readingEpisodes(done: done, total: paths.count))
        }
        var works: [EpisodeWork] = []
        for i in paths.indices {
            switch results.withLock({ $0[i]! }) {
            case .success(let work):
                works.append(work)
            case .failure(let error):
                guard options.skipUnreadable, case .unreadableEpisode = error else { throw error }
                var work = EpisodeWork(record: .init(index: i, path: paths[i], id: URL(fileURLWithPath: paths[i]).lastPathComponent,
                                                     status: "unreadable", actions: 0, samples: 0, note: error.description))
                work.warning = error.description + "; left out"
                work.skipped = true
                works.append(work)
            }
        }
        return works
    }

    /// Reads, segments and pairs one episode.
    static func work(path: String, index: Int, options: BuildOptions) throws(DatasetError) -> EpisodeWork {
        let episode = try EpisodeInput.load(path)
        let m = episode.metadata
        var work = EpisodeWork(record: .init(index: index, path: path, id: m.id, status: "complete", screen: m.screen,
                                             actions: 0, samples: 0, task: m.task?.name))
        switch episode.status {
        case .complete: break
        case .interrupted: work.record.status = "interrupted"
        case .recording:
            work.record.status = "recording"
            work.record.note = "still being recorded; left out"
            work.warning = "\(path): still being recorded (its recorder is running); left out"
            work.skipped = true
            return work
        }
        guard let geometry = FrameGeometry(screenWidth: m.screen.width, screenHeight: m.screen.height,
                                           preprocessing: options.preprocessing) else {
            throw .cropOutsideScreen(episode: path, crop: options.preprocessing.crop ?? Rect(x: 0, y: 0, width: 0, height: 0),
                                     screenWidth: m.screen.width, screenHeight: m.screen.height)
        }
        work.record.content = geometry.content
        work.preparer = FramePreparer(geometry)
        // Pairing searches frames by time; the recorder writes them in time order, but make sure.
        let frames = episode.frames.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
        guard let lastFrame = frames.last else {
            work.record.note = "no frames"
            work.warning = "\(path): has no frames; left out"
            return work
        }
        // Interrupted episodes are used up to their last complete frame.
        var events = episode.events
        if episode.isInterrupted {
            events = events.filter { $0.t <= lastFrame.t }
            work.eventsAfterLastFrame = episode.events.count - events.count
        }
        let segmentation = Segmenter.segment(events, rules: options.rules, observableFrom: frames.first?.t,
                                             initialPointer: frames.first?.pointer)
        work.leftOut = segmentation.leftOut
        work.record.actions = segmentation.actions.count
        let (paired, unpaired) = Pairing.pair(segmentation.actions, frames: frames, history: options.history,
                                              maxObservationAge: options.rules.maxObservationAge)
        work.unpaired = unpaired
        for sample in paired {
            let frame = frames[sample.frame]
            guard let record = SampleEncoding.record(sample, frame: frame, episode: index, geometry: geometry,
                                                     history: options.history, bins: options.bins) else {
                work.outsideCrop += 1
                continue
            }
            let patch = frame.patch.map { FrameBatch.Patch(basePath: episode.path(of: frames[$0.base]), x: $0.x, y: $0.y) }
            work.samples.append(PendingSample(record: record, framePath: episode.path(of: frame), patch: patch))
        }
        if work.samples.isEmpty { work.record.note = "no action had an observation" }
        return work
    }
}

/// Names shard files, fills in their metadata, and writes them.
struct ShardWriter {
    let folder: String
    let options: BuildOptions
    let episodes: [String]

    func newShard() -> Shard {
        Shard(imageWidth: options.preprocessing.size.width, imageHeight: options.preprocessing.size.height,
              history: options.history)
    }

    func write(_ shard: inout Shard, split: Split, index: Int) throws(DatasetError) -> DatasetManifest.ShardRecord {
        typealias M = ShardLayout.Metadata
        let file = ShardLayout.shardFile(split: split, index: index)
        shard.metadata = [
            M.format: ShardLayout.formatName,
            M.formatVersion: String(ShardLayout.formatVersion),
            M.split: split.rawValue,
            M.shardIndex: String(index),
            M.samples: String(shard.count),
            M.imageWidth: String(shard.imageWidth),
            M.imageHeight: String(shard.imageHeight),
            M.preprocessing: json(options.preprocessing),
            M.history: String(options.history),
            M.bins: String(options.bins),
            M.actionTypes: json(ActionType.names),
            M.keyVocabulary: json(KeyVocabulary.standard.names),
            M.modifiers: json(Modifiers.actionNames),
            M.episodes: json(episodes),
            M.counts: json(shard.countsByType),
            M.segmentation: json(options.rules),
        ]
        try shard.write(to: folder + "/" + file)
        let record = DatasetManifest.ShardRecord(file: file, samples: shard.count)
        shard = newShard()
        return record
    }

    private func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
