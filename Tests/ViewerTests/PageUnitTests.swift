import Episode
import Foundation
import Testing
import TestSupport
import Report
import Training
@testable import Viewer

@Suite("input marks drawn over episodes")
struct EventMarksTests {
    static func press(_ t: Double, _ x: Int, _ y: Int, button: Int = 1) -> InputEvent {
        InputEvent(t: t, .buttonDown(.init(button: button, x: x, y: y)))
    }
    static func release(_ t: Double, _ x: Int, _ y: Int, button: Int = 1) -> InputEvent {
        InputEvent(t: t, .buttonUp(.init(button: button, x: x, y: y)))
    }
    static func move(_ t: Double, _ x: Int, _ y: Int) -> InputEvent { InputEvent(t: t, .motion(x: x, y: y)) }

    @Test("a press and release within 4 px is a click; a 3-px wobble too; farther is a drag, also when it comes back")
    func clicksAndDrags() {
        let marks = EventMarks([
            Self.press(0, 10, 10), Self.move(5, 13, 10), Self.release(10, 13, 10),                          // click (wobble)
            Self.press(100, 50, 50), Self.move(110, 80, 50), Self.move(120, 50, 50), Self.release(130, 50, 50), // drag that returns
            Self.press(200, 0, 0, button: 3), Self.release(210, 0, 0, button: 3),                           // right click
            Self.press(300, 5, 5), Self.move(310, 200, 5),                                                  // never released
        ])
        #expect(marks.clicks.map(\.button) == [1, 3])
        #expect(marks.clicks[0].x == 10 && marks.clicks[0].count == 1)
        #expect(marks.drags.count == 2)
        #expect(marks.drags[0] == EventMarks.Drag(t: 100, endT: 130, fromX: 50, fromY: 50, toX: 50, toY: 50, button: 1, released: true))
        #expect(marks.drags[1].released == false && marks.drags[1].toX == 200 && marks.drags[1].endT == 310)
        #expect(marks.pathT.first == 0 && marks.pathX.count == 8)
    }

    @Test("two quick clicks in one place: the second is drawn as a double click; a third starts afresh")
    func doubleClick() {
        let marks = EventMarks([
            Self.press(0, 10, 10), Self.release(20, 10, 10), Self.press(150, 11, 10), Self.release(170, 11, 10),
            Self.press(300, 11, 10), Self.release(320, 11, 10), Self.press(2000, 11, 10), Self.release(2020, 11, 10),
        ])
        #expect(marks.clicks.map(\.count) == [1, 2, 1, 1])
    }

    @Test("wheel buttons are scrolls in their direction; releases and other buttons draw nothing")
    func scrolls() {
        let events = (4...9).flatMap { [Self.press(Double($0), 5, 6, button: $0), Self.release(Double($0) + 0.5, 5, 6, button: $0)] }
        let marks = EventMarks(events)
        #expect(marks.scrolls.map(\.direction) == [.up, .down, .left, .right])
        #expect(marks.clicks.isEmpty && marks.drags.isEmpty)
    }

    @Test("keys: characters as typed, named keys bracketed, shortcuts with their modifiers, modifier keys alone hidden",
          arguments: [
              ("a", Modifiers(), "a", true), ("A", [.shift], "A", true), ("exclam", [.shift], "!", true),
              ("space", [], " ", true), ("KP_7", [], "7", true), ("Return", [], "⟨Return⟩", false),
              ("c", [.ctrl], "ctrl+c", false), ("Tab", [.shift], "shift+⟨Tab⟩", false), ("U20AC", [], "€", true),
              ("F5", [.alt], "alt+⟨F5⟩", false), ("Up", [], "⟨Up⟩", false),
          ] as [(String, Modifiers, String, Bool)])
    func keys(keysym: String, modifiers: Modifiers, text: String, printable: Bool) {
        let label = KeyLabels.label(keysym: keysym, modifiers: modifiers)
        #expect(label?.text == text && label?.printable == printable)
    }

    @Test("modifier keys on their own are not in the strip")
    func modifierKeys() {
        for keysym in ["Shift_L", "Control_R", "Alt_L", "Super_L", "Caps_Lock", "ISO_Level3_Shift"] {
            #expect(KeyLabels.label(keysym: keysym, modifiers: []) == nil, "\(keysym)")
        }
    }
}

@Suite("page files")
struct PageFileTests {
    @Test("frames are named relative to the page, percent-encoded, wherever the page is written")
    func relativeURLs() throws {
        let folder = TemporaryFolder("mimic-view")
        let page = try PageLocation(path: folder.file("pages/deep/page.html"))
        #expect(page.url(to: folder.file("rec #1/ep a"), isFolder: true) == "../../rec%20%231/ep%20a/")
        #expect(page.url(to: folder.file("pages/deep"), isFolder: true) == "")
        #expect(page.url(to: folder.file("pages/deep/page-files/x.png")) == "page-files/x.png")
        #expect(page.filesFolder.hasSuffix("/pages/deep/page-files"))
    }

    @Test("text in the page's data cannot end its script element")
    func scriptSafeJSON() throws {
        let json = try PageData.json(["title": "</script><script>alert(1)</script>"])
        #expect(!json.contains("</script"))
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(decoded["title"] == "</script><script>alert(1)</script>")
        #expect(HTMLText.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test("an episode's page is owner-only, refers to its frames instead of embedding them, and loads them lazily")
    func episodePageFile() throws {
        let folder = TemporaryFolder("mimic-view")
        let episode = try Fixtures.Playground.write(folder.file("playground"))
        let path = try Viewer.writePage(source: episode + "/")
        #expect(path == episode + "/view.html")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!html.contains("data:image"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("http://") && !html.contains("https://"), "no network")
        #expect(html.contains("\"base\":\"\""))
        for field in ["\"patchFrame\":[2]", "\"patchBase\":[0]", "\"patchX\":[1000]", "\"patchY\":[600]",
                      "\"sameFrame\":[1]", "\"sameAs\":[0]"] {
            #expect(html.contains(field), "\(field)")
        }
    }

    @Test("folders are told apart by their defining file; one that cannot be drawn says why", arguments: [
        ("metrics.jsonl", "training run", "no config.json"), ("eval.json", "evaluation", "eval.json: cannot read the evaluation"),
    ])
    func unavailableKinds(file: String, kind: String, issue: String) throws {
        let folder = TemporaryFolder("mimic-view")
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: folder.file(file)))
        #expect(try SourceKind.detect(folder.path).rawValue == kind)
        #expect {
            try Viewer.writePage(source: folder.path)
        } throws: { error in
            "\(error)".contains(kind) && "\(error)".contains(issue)
        }
    }
}

@Suite("an agent run's recorded predictions on its page")
struct PredictionHeatTests {
    struct Embedded: Decodable {
        struct Heat: Decodable, Equatable { var frame: Int; var columns: Int; var rows: Int; var x: Int; var y: Int; var width: Int; var height: Int; var probabilities: [Float] }
        var heat: [Heat]
        var notes: [String]
        var metadata: [[String]]
    }

    /// The JSON the page embeds for its script.
    static func embedded(_ html: String) throws -> Embedded {
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"page-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try JSONDecoder().decode(Embedded.self, from: Data(html[start.upperBound..<end.lowerBound].utf8))
    }

    @Test("each prediction goes on the frame it names, else the last frame at or before its time; none before the first frame")
    func mapping() throws {
        let folder = TemporaryFolder("mimic-view")
        // Frames at t = 0, 100, 200, 600.
        let episode = try Fixtures.Playground.write(folder.file("playground"), agent: "models/run-1/model.safetensors")
        func prediction(_ t: Double, frame: Int? = nil, hot: Int) -> PointerPrediction {
            var p = [Float](repeating: 0, count: 6)
            p[hot] = 1
            return PointerPrediction(t: t, frame: frame, columns: 3, rows: 2, region: .init(x: 0, y: 0, width: 1600, height: 1000),
                                     probabilities: p)
        }
        let predictions = [prediction(-3, hot: 0), prediction(100, hot: 1), prediction(450, hot: 2),
                           prediction(10, frame: 3, hot: 3), prediction(900, hot: 4)]
        let lines = predictions.flatMap { $0.jsonLine() }
        try Data(lines).write(to: URL(fileURLWithPath: episode + "/" + EpisodeLayout.predictionsFile))

        let page = try Viewer.writePage(source: episode)
        let data = try PredictionHeatTests.embedded(try String(contentsOfFile: page, encoding: .utf8))
        #expect(data.heat.map(\.frame) == [1, 2, 3, 3])
        #expect(data.heat.map { $0.probabilities.firstIndex(of: 1) } == [1, 2, 3, 4])
        #expect(data.heat.allSatisfy { $0.columns == 3 && $0.rows == 2 && $0.width == 1600 && $0.height == 1000 })
        #expect(data.notes.contains { $0.contains("1 prediction(s) without a frame") })
        #expect(data.metadata.contains { $0.contains("model models/run-1/model.safetensors, 4 pointer heat maps") })

        // Without the file: no heat, and the page says it was not recorded.
        try FileManager.default.removeItem(atPath: episode + "/" + EpisodeLayout.predictionsFile)
        let plain = try PredictionHeatTests.embedded(try String(contentsOfFile: try Viewer.writePage(source: episode), encoding: .utf8))
        #expect(plain.heat.isEmpty && plain.notes.isEmpty)

        // A corrupt line: the page is refused, naming the file and line.
        try "{\"t\":1}\n{}\n".write(toFile: episode + "/" + EpisodeLayout.predictionsFile, atomically: false, encoding: .utf8)
        do {
            _ = try Viewer.writePage(source: episode)
            Issue.record("a corrupt predictions.jsonl was accepted")
        } catch {
            #expect(error.description.contains(EpisodeLayout.predictionsFile + ":1: corrupt line"))
        }
    }
}
