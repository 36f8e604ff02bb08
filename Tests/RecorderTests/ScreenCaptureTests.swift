import Capture
import Episode
import Foundation
import Imaging
import Testing
import TestSupport

struct ColorChange: Decodable {
    var rgb: String
    var before_ns: UInt64
    var after_ns: UInt64
}

@Suite("Recording the screen", .serialized)
struct ScreenCaptureTests {
    @Test("frames before a colour change show the old colour, the first frame after shows the new one; events share the frames' clock")
    func timing() throws {
        let display = try PrivateDisplay(width: 640, height: 480)
        let window = try FixtureProcess(["event-window", display.name])
        #expect(window.readLine(containing: "ready") != nil)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "30"])

        // Pointer moves from an injector that logs when it sent each one.
        let injector = try run(BuiltProducts.fixtures, ["inject-motion", display.name, "150", "2000"])
        #expect(injector.status == 0)
        usleep(200_000)
        window.send("color ff0000")
        let change = try JSONDecoder().decode(ColorChange.self, from: Data(try #require(window.readLine(containing: "color")).utf8))
        usleep(300_000)
        #expect(recorder.stop().status == 0)

        let episode = try EpisodeReader.open(try #require(recorder.episode))
        let start = try #require(episode.metadata.monotonicStartNs)
        func absolute(_ t: Double) -> Double { Double(start) + t * 1_000_000 }

        // Frames: well before the change, the old colour; after it, the new one.
        let probe = (x: 600, y: 20)  // far from the pointer's path
        var sawNewAfter = false
        for frame in episode.frames {
            let pixel = try episode.loadFrame(frame)[probe.x, probe.y]
            if absolute(frame.t) < Double(change.before_ns) - 1_000_000 {
                #expect(pixel == (0x20, 0x30, 0x40), "frame \(frame.index) at \(frame.t) ms grabbed before the change")
            } else if absolute(frame.t) > Double(change.after_ns) {
                #expect(pixel == (0xFF, 0, 0), "frame \(frame.index) at \(frame.t) ms grabbed after the change")
                sawNewAfter = true
            }
        }
        #expect(sawNewAfter)

        // Events: each move is recorded where it was sent, and never stamped before its send began.
        struct Sent: Decodable { var x: Int; var y: Int; var before_ns: UInt64; var sent_ns: UInt64 }
        let sent = try injector.stdout.split(separator: "\n").map { try JSONDecoder().decode(Sent.self, from: Data($0.utf8)) }
        let motions = episode.events.compactMap { e -> (Int, Int, Double)? in
            if case .motion(let x, let y) = e.kind { return (x, y, e.t) }
            return nil
        }
        #expect(motions.count == sent.count)
        var early: [Double] = []
        for (s, m) in zip(sent, motions) {
            #expect(s.x == m.0 && s.y == m.1)
            early.append((Double(s.before_ns) - absolute(m.2)) / 1_000_000)
        }
        // X stamps the start of the millisecond an event happened in: never more than 1 ms before the send began.
        // (How soon after the send the stamp falls is a timing figure: `mimic bench record` prints it.)
        #expect(early.max()! < 1.05, "an event stamped \(early.max()!) ms before its send began")
        _ = window.finish()
    }

    @Test("an unchanged screen is stored once; the rest of the frames are references to it")
    func deduplication() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let window = try FixtureProcess(["event-window", display.name])
        #expect(window.readLine(containing: "ready") != nil)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "20"])
        usleep(600_000)
        window.send("color 00ff00")
        _ = window.readLine(containing: "color")
        usleep(600_000)
        #expect(recorder.stop().status == 0)
        let episode = try EpisodeReader.open(try #require(recorder.episode))
        let stored = episode.frames.filter { $0.sameAs == nil }
        #expect(episode.frames.count >= 10)
        #expect(stored.count == 2, "stored \(stored.count) of \(episode.frames.count) frames for two distinct screens")
        for frame in episode.frames where frame.sameAs != nil {
            let reference = episode.frames[frame.sameAs!]
            #expect(reference.sameAs == nil && frame.file == reference.file)
        }
        #expect(episode.metadata.counts.framesDeduplicated == episode.frames.count - 2)
        _ = window.finish()
    }

    @Test("the mouse cursor is drawn into frames at the pointer position")
    func cursor() throws {
        let display = try PrivateDisplay(width: 320, height: 240)
        let window = try FixtureProcess(["event-window", display.name])
        #expect(window.readLine(containing: "ready") != nil)
        try xdotool(display.name, ["mousemove", "150", "100"])
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "10"])
        usleep(300_000)
        #expect(recorder.stop().status == 0)
        let episode = try EpisodeReader.open(try #require(recorder.episode))
        let frame = try #require(episode.frames.last)
        #expect(frame.pointer == (150, 100))
        let image = try episode.loadFrame(frame)
        let background: (UInt8, UInt8, UInt8) = (0x20, 0x30, 0x40)
        var changedNear = 0
        for y in 92...108 { for x in 142...158 where image[x, y] != background { changedNear += 1 } }
        #expect(changedNear > 10, "only \(changedNear) cursor pixels near the pointer")
        for (x, y) in [(20, 20), (300, 220), (150, 200), (40, 100)] {
            #expect(image[x, y] == background, "pixel \(x),\(y) away from the pointer")
        }
        _ = window.finish()
    }
}

@Suite("Partial frames", .serialized)
struct PartialFrameTests {
    @Test("a small change is stored as the changed region over the last full frame, and reads back as the whole screen")
    func smallChange() throws {
        let display = try PrivateDisplay(width: 400, height: 300)
        let window = try FixtureProcess(["event-window", display.name])
        #expect(window.readLine(containing: "ready") != nil)
        try xdotool(display.name, ["mousemove", "390", "290"])
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: display.name, outFolder: folder.path, arguments: ["--fps", "20"])
        usleep(300_000)
        window.send("fill 300 200 30 20 ff8000")
        _ = window.readLine(containing: "fill")
        usleep(300_000)
        try xdotool(display.name, ["mousemove", "370", "280"])
        usleep(300_000)
        #expect(recorder.stop().status == 0)

        let episode = try EpisodeReader.open(try #require(recorder.episode))
        #expect(episode.frames.first?.patch == nil)
        let partial = episode.frames.filter { $0.patch != nil && $0.sameAs == nil }
        #expect(partial.count >= 2, "\(episode.frames.map { "\($0.index):\($0.patch.map { "p\($0.base)@\($0.x),\($0.y)" } ?? ($0.sameAs.map { "=\($0)" } ?? "full"))" })")
        #expect(episode.metadata.counts.framesPartial == partial.count)
        // The rectangle's frame: a patch exactly the size of the rectangle, at its place.
        let rectangle = try #require(partial.first)
        #expect(rectangle.patch == .init(base: 0, x: 300, y: 200))
        let region = try PNG.read(path: episode.path(of: rectangle))
        #expect(region.width == 30 && region.height == 20)
        // Reading it back composes the whole screen.
        let composed = try episode.loadFrame(rectangle)
        #expect(composed.width == 400 && composed.height == 300)
        #expect(composed[310, 210] == (0xFF, 0x80, 0))
        #expect(composed[20, 20] == (0x20, 0x30, 0x40))
        // After the pointer moved nearby: still a partial frame; the rectangle is there, the cursor at its new place.
        let last = try episode.loadFrame(try #require(episode.frames.last))
        #expect(last[310, 210] == (0xFF, 0x80, 0))
        #expect(last[392, 292] == (0x20, 0x30, 0x40))
        #expect(episode.frames.last.map { $0.pointer == (370, 280) && $0.patch?.base == 0 } == true)
        #expect(episode.verifyFrameFiles() == nil)
        _ = window.finish()
    }
}
