import ArgumentParser
import Dataset
import Foundation

struct DatasetInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarize a dataset: samples per action type and split, episodes, settings, vocabulary.",
        discussion: """
            Reads dataset.json. With --verify it also opens every shard and checks its
            samples against the manifest (tensors, shapes, counts per action type).

            Examples:
              mimic dataset info data/first
              mimic dataset info data/first --verify
              mimic dataset info data/first --json | python3 -m json.tool
            """
    )

    @Argument(help: "The dataset folder (written by `mimic dataset build`).")
    var dataset: String

    @Flag(help: "Print the manifest (dataset.json) as it is.")
    var json = false

    @Flag(help: "Open every shard and check it against the manifest.")
    var verify = false

    func run() throws {
        let manifest = try libraryCall { () throws(DatasetError) in try DatasetManifest.read(folder: dataset) }
        if verify { try libraryCall { () throws(DatasetError) in try manifest.verifyShards(folder: dataset) } }
        if json {
            print(String(decoding: manifest.encoded(), as: UTF8.self), terminator: "")
        } else {
            print(DatasetInfo.text(manifest, folder: dataset))
            if verify { print("verified: every shard opens and matches the manifest") }
        }
    }

    static func text(_ m: DatasetManifest, folder: String) -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 13, withPad: " ", startingAt: 0) + value)
        }
        row("dataset", folder)
        row("built", "\(m.createdAt) by \(m.builder)")
        let p = m.preprocessing
        row("images", "\(p.size) RGB, \(p.fit.rawValue)" + (p.crop.map { ", crop \($0)" } ?? ", whole screen"))
        row("history", "K = \(m.history) previous actions, \(m.bins) pointer bins per axis")
        row("split", "by episode, \(String(format: "%g", m.valFraction)) to validation, seed \(m.seed); \(m.shardSize) samples per shard")
        lines.append("")

        // Samples per action type and split.
        let splits = m.splits
        var header = "action".padding(toLength: 14, withPad: " ", startingAt: 0)
        for s in splits { header += s.split.rawValue.leftPadded(9) }
        header += "total".leftPadded(9)
        lines.append(header)
        for type in m.actionTypes {
            var line = type.padding(toLength: 14, withPad: " ", startingAt: 0)
            var total = 0
            for s in splits {
                let n = s.byType[type] ?? 0
                total += n
                line += String(n).leftPadded(9)
            }
            lines.append(line + String(total).leftPadded(9))
        }
        var totals = "all".padding(toLength: 14, withPad: " ", startingAt: 0)
        for s in splits { totals += String(s.samples).leftPadded(9) }
        lines.append(totals + String(m.totalSamples).leftPadded(9))
        var shards = "shards".padding(toLength: 14, withPad: " ", startingAt: 0)
        for s in splits { shards += String(s.shards.count).leftPadded(9) }
        lines.append(shards)
        lines.append("")

        let used = m.episodes.filter { $0.split != nil }
        lines.append("episodes: \(m.episodes.count) (" + splits.map { "\($0.split.rawValue) \($0.episodes)" }.joined(separator: ", ")
                     + ", without samples \(m.episodes.count - used.count))")
        for e in m.episodes.prefix(40) {
            let split = e.split?.rawValue ?? "-"
            var line = "  " + String(e.index).leftPadded(4) + "  " + split.padding(toLength: 6, withPad: " ", startingAt: 0)
            line += String(e.samples).leftPadded(7) + " samples  " + e.status.padding(toLength: 12, withPad: " ", startingAt: 0) + e.path
            if let task = e.task { line += "  [\(task)]" }
            if let note = e.note { line += "  (\(note))" }
            lines.append(line)
        }
        if m.episodes.count > 40 { lines.append("  ... and \(m.episodes.count - 40) more (see --json)") }
        lines.append("")

        let leftOut = leftOutSummary(m)
        row("left out", leftOut.isEmpty ? "nothing" : leftOut)
        if !m.leftOut.keysOutsideVocabulary.isEmpty {
            let keys = m.leftOut.keysOutsideVocabulary.sorted { $0.value > $1.value }.prefix(10).map { "\($0.key) \($0.value)" }
            row("unknown keys", keys.joined(separator: ", "))
        }
        if !m.warnings.isEmpty { row("warnings", "\(m.warnings.count) (see --json)") }
        let s = m.segmentation
        row("segmentation", String(format: "click <= %g px and <= %g ms; double click <= %g ms and <= %g px apart; rest %g ms; move >= %g px;",
                                   s.clickMaxTravel, s.clickMaxDuration, s.doubleClickInterval, s.doubleClickDistance,
                                   s.restTime, s.moveMinDistance))
        row("", String(format: "pause > %g ms: a wait every %g ms, none within %g ms of the next action; observation at most %g ms old",
                       s.pauseThreshold, s.waitInterval, s.waitMargin, s.maxObservationAge))
        row("modifiers", m.modifiers.joined(separator: ", "))
        row("vocabulary", "\(m.keyVocabulary.count) keys (index 0 = none)")
        var line = ""
        for key in m.keyVocabulary {
            if line.count + key.count + 1 > 92 { lines.append("  " + line); line = "" }
            line += (line.isEmpty ? "" : " ") + key
        }
        if !line.isEmpty { lines.append("  " + line) }
        return lines.joined(separator: "\n")
    }

    /// "horizontal scrolls 3, keys outside the vocabulary 5, ..." (non-zero counts only).
    static func leftOutSummary(_ m: DatasetManifest) -> String {
        let l = m.leftOut, u = m.unpaired, s = m.skipped
        let items: [(String, Int)] = [
            ("actions before the first frame", u.beforeFirstFrame), ("actions with a stale frame", u.staleFrame),
            ("samples with an unreadable frame", s.unreadableFrame), ("samples outside the crop", s.outsideCrop),
            ("episodes", s.episodes), ("events after the last frame of interrupted episodes", s.eventsAfterLastFrame),
            ("horizontal scrolls", l.horizontalScrolls), ("other buttons", l.otherButtons),
            ("keys outside the vocabulary", l.keysOutsideVocabulary.values.reduce(0, +)),
            ("releases without a press", l.releasesWithoutPress), ("presses never released (kept as mouse_down)", l.pressesWithoutRelease),
        ]
        return items.filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }
}

fileprivate extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
