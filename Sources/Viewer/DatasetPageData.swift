import Dataset
import Foundation

/// What the dataset page's script reads: the samples as columns (one entry per sample, training
/// samples first, in shard order), with where each one's image sits in the atlases.
struct DatasetPageData: Encodable {
    var title: String
    var image: ImageSize
    var atlasColumns: Int
    /// URLs relative to the page.
    var atlases: [String]
    var splits: [String]
    var types: [String]
    /// Index = action type id.
    var typeColors: [String]
    /// [label, value] rows.
    var metadata: [[String]]
    var episodes: [Episode]
    var warnings: [String]
    var samples = Samples()

    struct Episode: Encodable {
        var path: String
        var id: String
        var split: String?
        var task: String?
    }

    struct Samples: Encodable {
        /// Index into `splits`.
        var split: [Int] = []
        /// Number within its split (as `mimic dataset show` counts).
        var number: [Int] = []
        var type: [Int] = []
        /// Model-image coordinates in [0, 1): the action and where its gesture began.
        var x: [Float] = []
        var y: [Float] = []
        var startX: [Float] = []
        var startY: [Float] = []
        /// "click", "key ctrl+shift+a".
        var label: [String] = []
        /// "after move, click".
        var history: [String] = []
        var episode: [Int] = []
        var time: [Double] = []
        var frame: [Int] = []
        var atlas: [Int] = []
        var slot: [Int] = []
    }

    init(_ manifest: DatasetManifest, title: String) {
        self.title = title
        image = manifest.preprocessing.size
        atlasColumns = SampleAtlas.columns
        atlases = []
        splits = Split.allCases.map(\.rawValue)
        types = manifest.actionTypes
        typeColors = Palette.actionTypes
        metadata = DatasetPageData.rows(manifest, title: title)
        episodes = manifest.episodes.map { Episode(path: $0.path, id: $0.id, split: $0.split?.rawValue, task: $0.task) }
        warnings = manifest.warnings
    }

    /// Adds a shard's samples whose images are in atlases starting at `firstAtlas`.
    mutating func add(_ shard: Shard, split: Split, firstNumber: Int, firstAtlas: Int) {
        let splitIndex = Split.allCases.firstIndex(of: split)!
        for (i, r) in shard.records.enumerated() {
            samples.split.append(splitIndex)
            samples.number.append(firstNumber + i)
            samples.type.append(Int(r.type.rawValue))
            samples.x.append(r.x); samples.y.append(r.y)
            samples.startX.append(r.startX); samples.startY.append(r.startY)
            samples.label.append(ContactSheet.label(r))
            samples.history.append(ContactSheet.historyLabel(r))
            samples.episode.append(Int(r.episode))
            samples.time.append(r.time)
            samples.frame.append(Int(r.frameIndex))
            samples.atlas.append(firstAtlas + i / SampleAtlas.perAtlas)
            samples.slot.append(i % SampleAtlas.perAtlas)
        }
    }

    static func rows(_ m: DatasetManifest, title: String) -> [[String]] {
        var rows: [[String]] = [["dataset", title], ["created", m.createdAt + " by " + m.builder]]
        let p = m.preprocessing
        rows.append(["images", "\(p.size) (\(p.fit.rawValue)" + (p.crop.map { ", crop \($0)" } ?? "") + ")"])
        rows.append(["history", "\(m.history) actions, \(m.bins) bins per axis"])
        rows.append(["split", "val fraction \(m.valFraction), seed \(m.seed)"])
        for s in m.splits {
            rows.append([s.split.rawValue, "\(s.samples) samples from \(s.episodes) episodes in \(s.shards.count) shards"])
        }
        let used = m.episodes.filter { $0.split != nil }.count
        rows.append(["episodes", "\(m.episodes.count) given, \(used) with samples"])
        rows.append(["left out", compactJSON(m.leftOut)])
        rows.append(["unpaired", compactJSON(m.unpaired)])
        rows.append(["skipped", compactJSON(m.skipped)])
        if !m.warnings.isEmpty { rows.append(["warnings", "\(m.warnings.count) (listed below)"]) }
        return rows
    }

    private static func compactJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
