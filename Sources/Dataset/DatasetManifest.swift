import Episode
import Foundation
import Imaging
import Primitives

/// dataset.json: how a dataset was built, from what, and what it holds. Written last, so a folder
/// without it is a build that did not finish.
public struct DatasetManifest: Codable, Sendable {
    public var format = ShardLayout.formatName
    public var formatVersion = ShardLayout.formatVersion
    public var createdAt: String
    /// Program and version that built it, e.g. "mimic 0.1.0".
    public var builder: String
    public var preprocessing: Preprocessing
    /// K: previous actions per sample.
    public var history: Int
    /// History pointer bins per axis.
    public var bins: Int
    public var seed: UInt64
    public var valFraction: Double
    public var shardSize: Int
    public var actionTypes = ActionType.names
    public var keyVocabulary = KeyVocabulary.standard.names
    public var modifiers = Modifiers.actionNames
    public var segmentation: SegmentationRules
    /// Every episode given, in episode-index order (the `episode` tensor indexes this list).
    public var episodes: [EpisodeRecord]
    /// train, then val.
    public var splits: [SplitRecord]
    public var leftOut: LeftOut
    public var unpaired: Unpaired
    public var skipped: Skipped
    /// Problems met while building (the first 200).
    public var warnings: [String]

    public struct EpisodeRecord: Codable, Sendable, Equatable {
        public var index: Int
        public var path: String
        public var id: String
        /// complete | interrupted | recording | unreadable
        public var status: String
        public var screen: EpisodeMetadata.Screen?
        /// Nil when the episode gave no samples (or was skipped).
        public var split: Split?
        public var actions: Int
        public var samples: Int
        public var task: String?
        /// Where the observed screen region lands in the model image.
        public var content: Rect?
        /// Why an episode gave nothing, when it did not.
        public var note: String?
    }

    public struct SplitRecord: Codable, Sendable, Equatable {
        public var split: Split
        public var episodes: Int
        public var samples: Int
        /// Samples by action type name.
        public var byType: [String: Int]
        public var shards: [ShardRecord]
    }

    public struct ShardRecord: Codable, Sendable, Equatable {
        public var file: String
        public var samples: Int
    }

    /// Samples and events that did not make it into the shards, beyond segmentation and pairing.
    public struct Skipped: Codable, Sendable, Equatable {
        /// Positional actions outside the crop region.
        public var outsideCrop = 0
        /// Samples whose observation's PNG is missing, corrupt, or not the screen's size.
        public var unreadableFrame = 0
        /// Events of interrupted episodes after their last complete frame.
        public var eventsAfterLastFrame = 0
        /// Episodes left out whole (unreadable with --skip-unreadable, or still being recorded).
        public var episodes = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case outsideCrop = "outside_crop", unreadableFrame = "unreadable_frame"
            case eventsAfterLastFrame = "events_after_last_frame", episodes
        }
    }

    public func split(_ split: Split) -> SplitRecord? { splits.first { $0.split == split } }

    public var totalSamples: Int { splits.reduce(0) { $0 + $1.samples } }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", createdAt = "created_at", builder, preprocessing, history, bins
        case seed, valFraction = "val_fraction", shardSize = "shard_size", actionTypes = "action_types"
        case keyVocabulary = "key_vocabulary", modifiers, segmentation, episodes, splits, leftOut = "left_out"
        case unpaired, skipped, warnings
    }

    // MARK: Files

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    /// Writes dataset.json into `folder` atomically.
    public func write(toFolder folder: String) throws(DatasetError) {
        let path = folder + "/" + ShardLayout.manifestFile
        if let reason = CompleteFile.write(encoded(), to: path) { throw .writeFailed(path: path, reason: reason) }
    }

    /// Reads the manifest of the dataset in `folder`.
    public static func read(folder: String) throws(DatasetError) -> DatasetManifest {
        let path = folder + "/" + ShardLayout.manifestFile
        guard let data = FileManager.default.contents(atPath: path) else { throw .notADataset(path: folder) }
        struct Header: Decodable { var format: String?; var format_version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw .unreadableManifest(path: path, reason: "not a JSON object")
        }
        guard header.format == ShardLayout.formatName else {
            throw .unreadableManifest(path: path, reason: "\"format\" is \(header.format.map { "\"\($0)\"" } ?? "missing"), expected \"\(ShardLayout.formatName)\"")
        }
        guard header.format_version == ShardLayout.formatVersion else {
            throw .unsupportedVersion(path: path, found: header.format_version ?? 0, expected: ShardLayout.formatVersion)
        }
        do {
            return try JSONDecoder().decode(DatasetManifest.self, from: data)
        } catch {
            throw .unreadableManifest(path: path, reason: "\(error)")
        }
    }
}
