import Primitives
import ArgumentParser
import Dataset
import Foundation
import Imaging

struct DatasetShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw a contact sheet: samples with their action drawn on the frame they are paired with.",
        discussion: """
            Writes a PNG grid of samples. On each frame: a dot for a click (two rings for
            a double click), an arrow for a drag (from its press to its release) or a move
            (from where the pointer was), a dot with an arrow for a scroll, the key's name
            for a key, "wait" for a wait. Under each frame: sample number, episode, time
            and frame index, the action, and the two actions before it. The frame is the
            observation: it should show the screen before the action happened, never its
            effect.

            Examples:
              mimic dataset show data/first
              mimic dataset show data/first --split val --type click --count 24 \\
                  --out /tmp/clicks.png
              mimic dataset show data/first --random --seed 3 --columns 8 --scale 1
              mimic dataset show data/first --episode 2 --start 40
            """
    )

    @Argument(help: "The dataset folder (written by `mimic dataset build`).")
    var dataset: String

    @Option(help: "Which split to show: train or val.")
    var split: Split = .train

    @Option(help: "How many samples to draw.")
    var count = 36

    @Option(help: "Skip this many matching samples first.")
    var start = 0

    @Option(help: "Only samples of this action type (wait, move, click, double_click, right_click, mouse_down, mouse_up, scroll_up, scroll_down, key).")
    var type: String?

    @Option(help: "Only samples of this episode index (see `mimic dataset info`).")
    var episode: Int?

    @Flag(help: "Pick the samples at random instead of in order.")
    var random = false

    @Option(help: "Seed for --random.")
    var seed: UInt64 = 0

    @Option(help: "Tiles per row.")
    var columns = 6

    @Option(help: "Enlarge each frame this many times.")
    var scale = 2

    @Option(help: "Where to write the PNG (default: <dataset>/contact-sheet.png).")
    var out: String?

    func validate() throws {
        if let type, ActionType(name: type) == nil {
            throw ValidationError("--type must be one of \(ActionType.names.joined(separator: ", ")); got \"\(type)\"")
        }
        guard count >= 1 && count <= 1000 else { throw ValidationError("--count must be 1...1000, got \(count)") }
        guard start >= 0 else { throw ValidationError("--start must be at least 0") }
        guard columns >= 1 && columns <= 64 else { throw ValidationError("--columns must be 1...64, got \(columns)") }
        guard scale >= 1 && scale <= 8 else { throw ValidationError("--scale must be 1...8, got \(scale)") }
    }

    func run() throws {
        let manifest = try libraryCall { () throws(DatasetError) in try DatasetManifest.read(folder: dataset) }
        guard let splitRecord = manifest.split(split), splitRecord.samples > 0 else {
            throw CommandFailure(DatasetError.noSuchSplit(path: dataset, split: split.rawValue).description)
        }
        let wanted = type.flatMap(ActionType.init(name:))

        // Matching samples as (shard, index in shard, sample number in the split).
        var matches: [(shard: Int, index: Int, number: Int)] = []
        var shards: [Shard] = []
        var number = 0
        for (s, record) in splitRecord.shards.enumerated() {
            let path = dataset + "/" + record.file
            let shard = try libraryCall { () throws(DatasetError) in try Shard.read(path: path) }
            for i in 0..<shard.count {
                let r = shard.records[i]
                if (wanted == nil || r.type == wanted) && (episode == nil || Int(r.episode) == episode) {
                    matches.append((s, i, number))
                }
                number += 1
            }
            shards.append(shard)
            // In order, stop reading once enough samples are found.
            if !random && matches.count >= start + count { break }
        }
        var chosen: [(shard: Int, index: Int, number: Int)]
        if random {
            var generator = SeededRandom(seed: seed)
            chosen = Array(generator.shuffled(matches).prefix(count)).sorted { $0.number < $1.number }
        } else {
            chosen = Array(matches.dropFirst(start).prefix(count))
        }
        guard !chosen.isEmpty else {
            throw CommandFailure("\(dataset): no \(split.rawValue) samples match" + (type.map { " --type \($0)" } ?? "")
                                 + (episode.map { " --episode \($0)" } ?? "") + (start > 0 ? " from --start \(start)" : ""))
        }

        let tiles = chosen.map { c -> ContactSheet.Tile in
            let shard = shards[c.shard]
            let r = shard.records[c.index]
            let caption = String(format: "#%d ep%d %.2fs f%d", c.number, r.episode, r.time / 1000, r.frameIndex)
            return ContactSheet.Tile(frame: shard.frame(c.index), record: r, caption: caption)
        }
        var title = "\(dataset)  \(split.rawValue)  \(tiles.count) of \(splitRecord.samples) samples"
        if let type { title += "  type \(type)" }
        if let episode { title += "  episode \(episode)" }
        let sheet = ContactSheet(columns: min(columns, tiles.count), scale: scale, title: title).render(tiles)
        let path = out ?? dataset + "/" + ShardLayout.contactSheetFile
        do {
            try Data(PNG.encode(sheet, level: 6, filter: .adaptive)).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("\(path): cannot write the contact sheet: \(error)")
        }
        print(path)
    }
}
