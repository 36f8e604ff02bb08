import Dataset
import Episode
import Foundation
import Imaging
import TestSupport

/// Hand-made episodes and datasets whose pictures are flat colours, so that a screenshot shows
/// exactly which pixels are the frame and which are the marks drawn over it.
enum Fixtures {
    /// The frames' colour: far from every mark's colour.
    static let background = RGBColor(120, 120, 120)
    /// The colour of the patch drawn over frame 0 to make frame 2.
    static let patchColor = RGBColor(20, 40, 200)

    /// A 1600×1000 screen (shown scaled down, as real screens are):
    /// frame 0 at 0 ms, grey; frame 1 at 100 ms, the same (stored as a reference); frame 2 at
    /// 200 ms, a 200×150 blue patch at (1000, 600) over frame 0; frame 3 at 600 ms, grey again.
    /// After frame 2: a window change (with markup in its title), the pointer moving to (400, 300),
    /// a click there, a drag from (200, 800) to (550, 850), a scroll up at (1300, 300), and "Hi⏎".
    enum Playground {
        static let screen = (width: 1600, height: 1000)
        static let patch = (x: 1000, y: 600, width: 200, height: 150)
        static let click = (x: 400, y: 300)
        static let dragFrom = (x: 200, y: 800), dragTo = (x: 550, y: 850)
        static let scroll = (x: 1300, y: 300)
        static let windowTitle = "</script><b>title</b> & \"quotes\""

        static func write(_ directory: String, agent: String? = nil) throws -> String {
            var metadata = SyntheticEpisode.metadata(id: "playground", width: screen.width, height: screen.height)
            if let agent { metadata.agent = .init(model: agent) }
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            let writer = try EpisodeWriter(directory: directory, metadata: metadata)
            let grey = RGBImage(width: screen.width, height: screen.height, fill: background.tuple)
            try writer.addFrame(grey, t: 0, pointer: (10, 10))
            try writer.addFrame(grey, t: 100, pointer: (10, 10))
            let region = RGBImage(width: patch.width, height: patch.height, fill: patchColor.tuple)
            let file = try writer.writeFrameFile(region, index: 2).file
            try writer.appendFrame(FrameEntry(index: 2, t: 200, file: file, pointer: (10, 10),
                                              patch: .init(base: 0, x: patch.x, y: patch.y)))
            let full = try writer.writeFrameFile(grey, index: 3).file
            try writer.appendFrame(FrameEntry(index: 3, t: 600, file: full, pointer: (550, 850)))

            let events: [InputEvent] = [
                InputEvent(t: 150, .window(.init(id: 7, title: windowTitle, wmClass: "Test", x: 0, y: 0, width: 1600, height: 1000))),
                InputEvent(t: 210, .motion(x: 300, y: 200)),
                InputEvent(t: 220, .motion(x: 350, y: 250)),
                InputEvent(t: 230, .motion(x: click.x, y: click.y)),
                InputEvent(t: 240, .buttonDown(.init(button: 1, x: click.x, y: click.y))),
                InputEvent(t: 260, .buttonUp(.init(button: 1, x: click.x, y: click.y))),
                InputEvent(t: 280, .motion(x: dragFrom.x, y: dragFrom.y)),
                InputEvent(t: 300, .buttonDown(.init(button: 1, x: dragFrom.x, y: dragFrom.y))),
                InputEvent(t: 320, .motion(x: 400, y: 830)),
                InputEvent(t: 340, .motion(x: dragTo.x, y: dragTo.y)),
                InputEvent(t: 360, .buttonUp(.init(button: 1, x: dragTo.x, y: dragTo.y))),
                InputEvent(t: 400, .buttonDown(.init(button: 4, x: scroll.x, y: scroll.y))),
                InputEvent(t: 401, .buttonUp(.init(button: 4, x: scroll.x, y: scroll.y))),
                InputEvent(t: 440, .keyDown(.init(keycode: 50, keysym: "Shift_L"))),
                InputEvent(t: 450, .keyDown(.init(keycode: 43, keysym: "H", modifiers: [.shift]))),
                InputEvent(t: 455, .keyUp(.init(keycode: 43, keysym: "H", modifiers: [.shift]))),
                InputEvent(t: 460, .keyUp(.init(keycode: 50, keysym: "Shift_L", modifiers: [.shift]))),
                InputEvent(t: 470, .keyDown(.init(keycode: 31, keysym: "i"))),
                InputEvent(t: 490, .keyDown(.init(keycode: 36, keysym: "Return"))),
            ]
            for event in events { writer.append(event) }
            try writer.finish()
            return directory
        }
    }

    /// Two grey 320×240 episodes under `folder`/recordings with clicks, a key and a scroll, built
    /// into a dataset at `folder`/data (one episode in train, one in val).
    static func dataset(in folder: TemporaryFolder) throws -> String {
        func press(_ t: Double, _ x: Int, _ y: Int, button: Int = 1) -> [InputEvent] {
            [InputEvent(t: t, .buttonDown(.init(button: button, x: x, y: y))), InputEvent(t: t + 40, .buttonUp(.init(button: button, x: x, y: y)))]
        }
        func key(_ t: Double, _ keysym: String) -> [InputEvent] {
            [InputEvent(t: t, .keyDown(.init(keycode: 38, keysym: keysym))), InputEvent(t: t + 30, .keyUp(.init(keycode: 38, keysym: keysym)))]
        }
        let episodes: [(String, [InputEvent])] = [
            ("a", press(300, 100, 100) + key(1200, "a") + press(2000, 200, 150)),
            ("b", press(500, 60, 60) + press(1500, 160, 120, button: 5)),
        ]
        for (name, events) in episodes {
            let directory = folder.file("recordings/" + name)
            try FileManager.default.createDirectory(atPath: folder.file("recordings"), withIntermediateDirectories: true)
            let writer = try EpisodeWriter(directory: directory, metadata: SyntheticEpisode.metadata(id: name, width: 320, height: 240))
            let grey = RGBImage(width: 320, height: 240, fill: background.tuple)
            for t in stride(from: 0.0, through: 2500, by: 100) { try writer.addFrame(grey, t: t, pointer: (0, 0)) }
            for event in events { writer.append(event) }
            try writer.finish()
        }
        var options = BuildOptions()
        options.valFraction = 0.5
        let output = folder.file("data")
        _ = try DatasetBuilder(options: options).build(inputs: [folder.file("recordings")], output: output, warn: { _ in })
        return output
    }

    /// Every sample of a dataset in the page's order: training shards, then validation shards.
    static func samples(_ dataset: String) throws -> [SampleRecord] {
        let manifest = try DatasetManifest.read(folder: dataset)
        var records: [SampleRecord] = []
        for split in Split.allCases {
            for shard in manifest.split(split)?.shards ?? [] { records += try Shard.read(path: dataset + "/" + shard.file).records }
        }
        return records
    }
}
