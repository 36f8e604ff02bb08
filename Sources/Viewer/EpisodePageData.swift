import Episode
import Foundation

/// What the episode page's script reads, in a compact column form: an hour at 30 frames/s is
/// 108,000 frames and the page must still open quickly. Frame files are only named here; the
/// script loads the ones it shows (lazily, from `base`).
struct EpisodePageData: Encodable {
    var title: String
    /// URL of the episode folder relative to the page, ending in "/".
    var base: String
    var screen: EpisodeMetadata.Screen
    var durationMs: Double
    /// [label, value] rows.
    var metadata: [[String]]
    var notes: [String]
    var frames: Frames
    var path: Path
    var clicks: Clicks
    var drags: Drags
    var scrolls: Scrolls
    var keys: Keys
    var windows: Windows
    var heat: [PointerHeat]
    var colors: [String: String]

    /// Parallel arrays, one entry per line of frames.jsonl.
    struct Frames: Encodable {
        var t: [Double] = []
        /// The PNG: a number n for "frames/<n as 6 digits>.png" (almost every frame), else the path.
        var file: [FileName] = []
        var px: [Int] = []
        var py: [Int] = []
        /// Frames identical to an earlier one (ascending) and that frame.
        var sameFrame: [Int] = []
        var sameAs: [Int] = []
        /// Frames stored as a patch over a full frame (ascending), the base and where the patch goes.
        var patchFrame: [Int] = []
        var patchBase: [Int] = []
        var patchX: [Int] = []
        var patchY: [Int] = []
    }

    enum FileName: Encodable {
        case standard(Int)
        case other(String)

        init(_ file: String) {
            let prefix = EpisodeLayout.framesFolder + "/"
            if file.hasPrefix(prefix), file.hasSuffix(".png"), let n = Int(file.dropFirst(prefix.count).dropLast(4)),
               EpisodeLayout.frameFile(index: n) == file {
                self = .standard(n)
            } else {
                self = .other(file)
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .standard(let n): try container.encode(n)
            case .other(let file): try container.encode(file)
            }
        }
    }

    struct Path: Encodable { var t: [Double]; var x: [Int]; var y: [Int] }
    struct Clicks: Encodable { var t: [Double] = []; var x: [Int] = []; var y: [Int] = []; var button: [Int] = []; var count: [Int] = [] }
    struct Drags: Encodable {
        var t: [Double] = []; var end: [Double] = []
        var x0: [Int] = []; var y0: [Int] = []; var x1: [Int] = []; var y1: [Int] = []
        var button: [Int] = []; var released: [Bool] = []
    }
    struct Scrolls: Encodable { var t: [Double] = []; var x: [Int] = []; var y: [Int] = []; var direction: [Int] = [] }
    struct Keys: Encodable { var t: [Double] = []; var text: [String] = []; var printable: [Bool] = [] }
    struct Windows: Encodable { var t: [Double] = []; var title: [String] = []; var wmClass: [String] = [] }

    /// `notes`: more things a person should know, beside the reader's notes on the episode.
    init(_ episode: EpisodeContents, base: String, heat: [PointerHeat], notes: [String] = []) {
        let m = episode.metadata
        title = m.id
        self.base = base
        screen = m.screen
        durationMs = episode.durationMs
        metadata = EpisodePageData.rows(episode, heatMaps: heat.count)
        self.notes = episode.notes + notes
        frames = Frames()
        for f in episode.frames {
            frames.t.append(f.t)
            frames.file.append(FileName(f.file))
            frames.px.append(f.pointer.x)
            frames.py.append(f.pointer.y)
            if let same = f.sameAs { frames.sameFrame.append(f.index); frames.sameAs.append(same) }
            if let p = f.patch {
                frames.patchFrame.append(f.index); frames.patchBase.append(p.base); frames.patchX.append(p.x); frames.patchY.append(p.y)
            }
        }
        let marks = EventMarks(episode.events)
        path = Path(t: marks.pathT, x: marks.pathX, y: marks.pathY)
        clicks = Clicks()
        for c in marks.clicks {
            clicks.t.append(c.t); clicks.x.append(c.x); clicks.y.append(c.y); clicks.button.append(c.button); clicks.count.append(c.count)
        }
        drags = Drags()
        for d in marks.drags {
            drags.t.append(d.t); drags.end.append(d.endT); drags.x0.append(d.fromX); drags.y0.append(d.fromY)
            drags.x1.append(d.toX); drags.y1.append(d.toY); drags.button.append(d.button); drags.released.append(d.released)
        }
        scrolls = Scrolls()
        for s in marks.scrolls {
            scrolls.t.append(s.t); scrolls.x.append(s.x); scrolls.y.append(s.y); scrolls.direction.append(s.direction.rawValue)
        }
        keys = Keys()
        for k in marks.keys { keys.t.append(k.t); keys.text.append(k.text); keys.printable.append(k.printable) }
        windows = Windows()
        for w in marks.windows { windows.t.append(w.t); windows.title.append(w.title); windows.wmClass.append(w.wmClass) }
        // Heat maps in frame order, for a binary search by frame.
        self.heat = heat.filter { $0.frame >= 0 && $0.frame < episode.frames.count }.sorted { $0.frame < $1.frame }
        colors = Palette.events
    }

    /// The episode's metadata as a person reads it.
    static func rows(_ episode: EpisodeContents, heatMaps: Int) -> [[String]] {
        let m = episode.metadata
        var rows: [[String]] = []
        func row(_ label: String, _ value: String?) { if let value, !value.isEmpty { rows.append([label, value]) } }
        row("id", m.id)
        row("folder", episode.directory)
        switch episode.status {
        case .complete: row("status", "complete")
        case .recording: row("status", "still recording (pid \(m.pid.map(String.init) ?? "?"))")
        case .interrupted(let reason): row("status", "interrupted: \(reason)")
        }
        row("started", m.startedAt)
        row("ended", m.endedAt)
        row("duration", String(format: "%.3f s", episode.durationMs / 1000))
        var screen = "\(m.screen.width)×\(m.screen.height)"
        if let monitors = m.monitors, monitors.count > 1 {
            screen += ", monitors: " + monitors.map { "\($0.name ?? "?") \($0.width)×\($0.height)+\($0.x)+\($0.y)" }.joined(separator: ", ")
        }
        row("screen", screen)
        row("display", m.display)
        row("fps asked", m.fps.map { String(format: "%g", $0) })
        let c = m.counts
        row("frames", "\(episode.frames.count) (\(c.framesStored) stored, \(c.framesPartial) of them partial; \(c.framesDeduplicated) repeated; \(c.framesSkipped) skipped)")
        var byType: [String: Int] = [:]
        for event in episode.events { byType[event.typeName, default: 0] += 1 }
        row("events", "\(episode.events.count)" + (byType.isEmpty ? "" : ": " + InputEvent.typeNames.compactMap { name in
            byType[name].map { "\(name) \($0)" }
        }.joined(separator: ", ")))
        row("instruction", m.instruction)
        if let task = m.task {
            row("task", task.name + (task.seed.map { ", seed \($0)" } ?? "") + (task.outcome.map { ", \($0)" } ?? ""))
        }
        row("agent", m.agent.map {
            "model \($0.model)" + (heatMaps > 0 ? ", \(heatMaps) pointer heat maps" : " (its predicted pointer heat is not recorded)")
        })
        if let k = m.keyboard {
            row("keyboard", [k.layout, k.variant, k.model, k.rules].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / "))
        }
        if m.keysRedacted == true { row("keys", "printable keys redacted") }
        row("png", m.png.map { png in
            png.encoder == "fast" ? "Mimic's fast encoder, filter \(png.filter)"
                : "libpng" + (png.level.map { ", zlib level \($0)" } ?? "") + ", filter \(png.filter)"
        })
        row("recorder", m.recorder)
        return rows
    }
}
