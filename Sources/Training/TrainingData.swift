import Dataset
import Foundation
import Policy

/// What a dataset's samples look like, from its manifest: what a model trained on it must accept.
public struct DatasetShape: Sendable, Equatable {
    /// The dataset folder, for messages.
    public var path: String
    public var imageWidth: Int
    public var imageHeight: Int
    /// K, past actions per sample.
    public var history: Int
    /// History pointer bins per axis.
    public var bins: Int
    /// Key names by index, entry 0 "none".
    public var vocabulary: [String]
    /// Action type names by id.
    public var actionTypes: [String]
}

/// The samples of one split, held in memory as columns (the shard tensors, concatenated).
public final class SampleStore: Sendable {
    public let split: Split
    public let count: Int
    public let imageWidth: Int
    public let imageHeight: Int
    /// K.
    public let history: Int
    /// (N, H, W, 3) bytes.
    let frames: [UInt8]
    /// (N) targets; mods (N, 4).
    let type: [Int32], x: [Float], y: [Float], key: [Int32], mods: [Float]
    /// (N, K) history, oldest first.
    let histType: [Int32], histX: [Int32], histY: [Int32], histKey: [Int32]
    /// (N) where each sample came from: episode index, pointer normalized to the whole screen.
    let episode: [Int32], screenX: [Float], screenY: [Float]
    /// The shard files, in order, with their sample counts.
    public let shards: [(file: String, samples: Int)]

    public var frameBytes: Int { imageWidth * imageHeight * 3 }

    /// Samples by action type id.
    public var countsByType: [Int] {
        var counts = [Int](repeating: 0, count: Dataset.ActionType.allCases.count)
        for t in type { counts[Int(t)] += 1 }
        return counts
    }

    fileprivate init(_ b: Builder) {
        split = b.split; count = b.type.count
        imageWidth = b.imageWidth; imageHeight = b.imageHeight; history = b.history
        frames = b.frames; type = b.type; x = b.x; y = b.y; key = b.key; mods = b.mods
        histType = b.histType; histX = b.histX; histY = b.histY; histKey = b.histKey
        episode = b.episode; screenX = b.screenX; screenY = b.screenY; shards = b.shards
    }

    fileprivate struct Builder {
        let split: Split, imageWidth: Int, imageHeight: Int, history: Int
        var frames: [UInt8] = [], type: [Int32] = [], x: [Float] = [], y: [Float] = [], key: [Int32] = [], mods: [Float] = []
        var histType: [Int32] = [], histX: [Int32] = [], histY: [Int32] = [], histKey: [Int32] = []
        var episode: [Int32] = [], screenX: [Float] = [], screenY: [Float] = []
        var shards: [(file: String, samples: Int)] = []

        mutating func add(_ shard: Shard, file: String) {
            frames.append(contentsOf: shard.frames)
            for r in shard.records {
                type.append(r.type.rawValue); x.append(r.x); y.append(r.y); key.append(r.key)
                mods.append(contentsOf: r.modifiers.vector)
                histType.append(contentsOf: r.histType); histX.append(contentsOf: r.histX)
                histY.append(contentsOf: r.histY); histKey.append(contentsOf: r.histKey)
                episode.append(r.episode); screenX.append(r.screenX); screenY.append(r.screenY)
            }
            shards.append((file, shard.count))
        }
    }
}

/// A dataset opened for training: its manifest and shape, then (once the model is known) its samples.
public struct TrainingData: Sendable {
    public let folder: String
    public let manifest: DatasetManifest
    public let shape: DatasetShape
    public private(set) var train: SampleStore?
    public private(set) var val: SampleStore?

    /// Reads dataset.json; refuses a dataset without training samples.
    public static func open(_ folder: String) throws(TrainingError) -> TrainingData {
        let manifest: DatasetManifest
        do { manifest = try DatasetManifest.read(folder: folder) } catch { throw .dataset(error) }
        let shape = DatasetShape(
            path: folder, imageWidth: manifest.preprocessing.size.width, imageHeight: manifest.preprocessing.size.height,
            history: manifest.history, bins: manifest.bins, vocabulary: manifest.keyVocabulary, actionTypes: manifest.actionTypes)
        guard let train = manifest.split(.train), train.samples > 0, !train.shards.isEmpty else {
            throw .emptyDataset(path: folder, reason: "dataset.json lists no training samples (\(manifest.totalSamples) in all); "
                                + "record more episodes, or build with a smaller --val")
        }
        return TrainingData(folder: folder, manifest: manifest, shape: shape, train: nil, val: nil)
    }

    /// Loads every shard into memory, checking each against the model: image size, history length, bins,
    /// key vocabulary and action types must be the model's. `progress(done, total)` counts shards.
    public mutating func load(config c: PolicyConfig, vocabulary: KeyVocabulary,
                              progress: (Int, Int) -> Void = { _, _ in }) throws(TrainingError) {
        let modelTypes = ActionType.allCases.map(\.name)
        if shape.actionTypes != modelTypes {
            throw .shardMismatch(path: folder + "/" + ShardLayout.manifestFile, field: "action_types",
                                 expected: "\(modelTypes)", found: "\(shape.actionTypes)")
        }
        let total = manifest.splits.reduce(0) { $0 + $1.shards.count }
        var done = 0
        for split in [Split.train, .val] {
            guard let record = manifest.split(split), !record.shards.isEmpty else { continue }
            var builder = SampleStore.Builder(split: split, imageWidth: c.imageWidth, imageHeight: c.imageHeight, history: c.historyLength)
            for file in record.shards {
                let path = folder + "/" + file.file
                let shard: Shard
                do { shard = try Shard.read(path: path) } catch { throw .dataset(error) }
                try TrainingData.check(shard, path: path, config: c, vocabulary: vocabulary)
                builder.add(shard, file: file.file)
                done += 1
                progress(done, total)
            }
            let store = SampleStore(builder)
            if split == .train { train = store } else if store.count > 0 { val = store }
        }
        guard let train, train.count > 0 else {
            throw .emptyDataset(path: folder, reason: "the training shards hold no samples")
        }
    }

    static func check(_ shard: Shard, path: String, config c: PolicyConfig, vocabulary: KeyVocabulary) throws(TrainingError) {
        typealias M = ShardLayout.Metadata
        if shard.imageWidth != c.imageWidth || shard.imageHeight != c.imageHeight {
            throw .shardMismatch(path: path, field: "the image size", expected: "\(c.imageWidth)x\(c.imageHeight)",
                                 found: "\(shard.imageWidth)x\(shard.imageHeight)")
        }
        if shard.history != c.historyLength {
            throw .shardMismatch(path: path, field: "the history length K", expected: "\(c.historyLength)", found: "\(shard.history)")
        }
        if let text = shard.metadata[M.bins], Int(text) != c.positionBins {
            throw .shardMismatch(path: path, field: "the history bins", expected: "\(c.positionBins)", found: text)
        }
        guard let text = shard.metadata[M.keyVocabulary],
              let names = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw .shardMismatch(path: path, field: "the key vocabulary", expected: "\(vocabulary.count) keys in its metadata",
                                 found: "no readable \"\(M.keyVocabulary)\" metadata")
        }
        if names != vocabulary.names {
            let firstDifference = zip(names, vocabulary.names).enumerated().first { $0.element.0 != $0.element.1 }
            let detail = firstDifference.map { " (entry \($0.offset): \"\($0.element.0)\" where the model has \"\($0.element.1)\")" } ?? ""
            throw .shardMismatch(path: path, field: "the key vocabulary", expected: "the model's \(vocabulary.count) keys",
                                 found: "\(names.count) keys\(detail)")
        }
        if shard.records.contains(where: { Int($0.key) >= vocabulary.count }) {
            throw .shardMismatch(path: path, field: "a key index", expected: "below \(vocabulary.count)", found: "larger")
        }
    }

    /// How each episode's screen maps to the model image (for pointer errors in screen pixels); nil for
    /// episodes whose screen size the manifest does not record.
    public func geometries() -> [Int: FrameGeometry] {
        var out: [Int: FrameGeometry] = [:]
        for e in manifest.episodes {
            guard let screen = e.screen,
                  let g = FrameGeometry(screenWidth: screen.width, screenHeight: screen.height, preprocessing: manifest.preprocessing) else { continue }
            out[e.index] = g
        }
        return out
    }

    /// The built-in task of each episode that records one, by episode index.
    public func tasks() -> [Int: String] {
        Dictionary(uniqueKeysWithValues: manifest.episodes.compactMap { e in e.task.map { (e.index, $0) } })
    }

    /// What identifies the training data of a run (recorded in config.json, checked on --resume).
    public var fingerprint: DatasetFingerprint {
        DatasetFingerprint(
            path: folder, trainSamples: manifest.split(.train)?.samples ?? 0, valSamples: manifest.split(.val)?.samples ?? 0,
            trainShards: manifest.split(.train)?.shards.map(\.file) ?? [], valShards: manifest.split(.val)?.shards.map(\.file) ?? [],
            image: "\(shape.imageWidth)x\(shape.imageHeight)", history: shape.history, bins: shape.bins, keys: shape.vocabulary.count,
            createdAt: manifest.createdAt, preprocessing: manifest.preprocessing)
    }
}

/// The dataset a run trained on, as config.json records it.
public struct DatasetFingerprint: Codable, Sendable, Equatable {
    public var path: String
    public var trainSamples: Int
    public var valSamples: Int
    public var trainShards: [String]
    public var valShards: [String]
    public var image: String
    public var history: Int
    public var bins: Int
    public var keys: Int
    public var createdAt: String
    /// How the dataset made model images from frames; the agent must do the same (nil in runs made before it was kept).
    public var preprocessing: Preprocessing?

    enum CodingKeys: String, CodingKey {
        case path, trainSamples = "train_samples", valSamples = "val_samples", trainShards = "train_shards"
        case valShards = "val_shards", image, history, bins, keys, createdAt = "created_at", preprocessing
    }

    /// What makes `other` a different training set (the path may differ: a dataset may be moved).
    public func differences(from other: DatasetFingerprint) -> [String] {
        var out: [String] = []
        if trainSamples != other.trainSamples || trainShards != other.trainShards {
            out.append("the dataset \(path) has \(trainSamples) training samples in \(trainShards.count) shard(s) (the run was trained on \(other.trainSamples) in \(other.trainShards.count), from \(other.path))")
        }
        if createdAt != other.createdAt && out.isEmpty {
            out.append("the dataset \(path) was built at \(createdAt), the run's at \(other.createdAt) (from \(other.path))")
        }
        return out
    }
}
