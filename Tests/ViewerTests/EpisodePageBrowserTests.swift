import Dataset
import Episode
import Foundation
import Imaging
import Testing
import TestSupport
import Viewer

/// The episode page, rendered by headless Chromium: the frame and the marks over it must be on
/// the screenshot, where the episode says they are, and the page's script must not have failed.
@Suite("episode page in a browser")
struct EpisodePageBrowserTests {
    typealias P = Fixtures.Playground

    /// Screenshot coordinates of screen pixel (x, y) of the episode.
    static func map(_ x: Int, _ y: Int, _ rect: (x: Double, y: Double, width: Double, height: Double)) -> (Double, Double) {
        (rect.x + (Double(x) + 0.5) * rect.width / Double(P.screen.width), rect.y + (Double(y) + 0.5) * rect.height / Double(P.screen.height))
    }

    static func expectHealthy(_ page: RenderedPage) {
        #expect(page.rootAttribute("data-state") == "ready", "the page never drew its frame")
        #expect(page.rootAttribute("data-error") == nil, "script error: \(page.rootAttribute("data-error") ?? "")")
        #expect(page.rootAttribute("data-missing") == nil, "frames that did not load: \(page.rootAttribute("data-missing") ?? "")")
    }

    @Test("`mimic view` on an episode: the patched frame with a click ring, drag arrow, scroll chevron, path and keys over it")
    func episodeInChromium() throws {
        let folder = TemporaryFolder("mimic-view")
        let episode = try P.write(folder.file("recordings/playground"))
        let out = folder.file("pages/episode.html")  // elsewhere than the episode: frames are found by relative paths
        let view = try run(BuiltProducts.mimic, ["view", episode, "--out", out])
        #expect(view.status == 0, "\(view.stderr)")
        #expect(view.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)

        let page = try RenderedPage(out, fragment: "frame=2")
        EpisodePageBrowserTests.expectHealthy(page)
        let rect = try page.frameRect()
        #expect(rect.width < Double(P.screen.width), "the 1600-pixel frame should be shown scaled down to fit: \(rect)")
        #expect(abs(rect.width / rect.height - 1.6) < 0.02, "aspect ratio kept: \(rect)")

        // Frame 2 is frame 0's grey with the blue patch composed in.
        let grey = EpisodePageBrowserTests.map(40, 40, rect)
        #expect(RenderedPage.close(page.screenshot[Int(grey.0), Int(grey.1)], Fixtures.background, 6), "frame pixel: \(page.pixel(grey.0, grey.1))")
        let patch = EpisodePageBrowserTests.map(P.patch.x + P.patch.width / 2, P.patch.y + P.patch.height / 2, rect)
        #expect(RenderedPage.close(page.screenshot[Int(patch.0), Int(patch.1)], Fixtures.patchColor, 6), "patch pixel: \(page.pixel(patch.0, patch.1))")
        let outsidePatch = EpisodePageBrowserTests.map(P.patch.x - 20, P.patch.y + 20, rect)
        #expect(RenderedPage.close(page.screenshot[Int(outsidePatch.0), Int(outsidePatch.1)], Fixtures.background, 6))

        // The click: a ring of 12 CSS pixels around (400, 300) in the click colour; none far from it.
        let click = EpisodePageBrowserTests.map(P.click.x, P.click.y, rect)
        let red = ContactSheet.color(.click)
        let ring = page.count(near: click.0, click.1, radius: 16, color: red)
        #expect(ring >= 40, "click ring pixels near \(click): \(ring)")
        #expect(page.count(near: grey.0, grey.1, radius: 16, color: red) == 0)
        // Ring, not disc: between the centre dot and the ring the frame shows through.
        let between = (click.0 + 7, click.1)
        #expect(!RenderedPage.close(page.screenshot[Int(between.0), Int(between.1)], red, 40), "inside the ring: \(page.pixel(between.0, between.1))")

        // The drag: an arrow along the line from press to release.
        let dragMiddle = EpisodePageBrowserTests.map((P.dragFrom.x + P.dragTo.x) / 2, (P.dragFrom.y + P.dragTo.y) / 2, rect)
        #expect(page.count(near: dragMiddle.0, dragMiddle.1, radius: 4, color: ContactSheet.color(.mouseDown)) >= 4)
        // The scroll up: a chevron just above the wheel's position.
        let scroll = EpisodePageBrowserTests.map(P.scroll.x, P.scroll.y, rect)
        #expect(page.count(near: scroll.0, scroll.1 - 14, radius: 8, color: ContactSheet.color(.scrollUp)) >= 4)
        // The pointer path, between two of its points.
        let path = EpisodePageBrowserTests.map(325, 225, rect)
        #expect(page.count(near: path.0, path.1, radius: 3, color: ContactSheet.color(.move)) >= 2)
        // Typed keys in the strip along the bottom of the frame.
        let strip = page.count(near: rect.x + 60, rect.y + rect.height - 19, radius: 30, color: ContactSheet.color(.key))
        #expect(strip >= 10, "key strip pixels: \(strip)")

        // The side panel describes the frame, and markup in a window title stays text.
        #expect(page.dom.contains("patch over frame 0 at 1000,600"))
        #expect(page.dom.contains("&lt;/script&gt;&lt;b&gt;title&lt;/b&gt;"))
        #expect(!page.dom.contains("<b>title</b>"))
        #expect(page.dom.contains("\"Hi\"") || page.dom.contains("key \"H\""))
    }

    @Test("play runs through the episode at real speed (the browser's virtual clock) and stops on the last frame")
    func playsAtRealSpeed() throws {
        let folder = TemporaryFolder("mimic-view")
        let episode = try P.write(folder.file("playground"))
        let out = try Viewer.writePage(source: episode)
        let page = try RenderedPage(out, fragment: "frame=0&play")
        EpisodePageBrowserTests.expectHealthy(page)
        // data-played: from and to (episode ms), browser ms from the start to the last tick and to the tick
        // before it, speed. At real speed the end is reached at the first tick 600 ms or more after the start:
        // the tick before it came earlier. (Which tick that is depends on the machine's load; this does not.)
        let played = try #require(page.rootAttribute("data-played"), "playback never ended").split(separator: ",").compactMap { Double($0) }
        try #require(played.count == 5)
        #expect(played[0] == 0 && played[1] == 600 && played[4] == 1, "\(played)")
        #expect(played[3] < 600 + 0.1 && played[2] >= 600 - 0.1, "600 ms of episode ended at the tick \(played[2]) ms after the start; the tick before was at \(played[3]) ms")
        #expect(page.dom.contains("#3 (of 0–3)"), "ends on the last frame")
    }

    @Test("a model's predicted pointer heat is drawn over the frame its decision saw")
    func heatMap() throws {
        let folder = TemporaryFolder("mimic-view")
        let episode = try P.write(folder.file("playground"), agent: "models/run-1/model.safetensors")
        // A 4×2 grid over the whole screen, all the probability in the top-right cell.
        var probabilities = [Float](repeating: 0, count: 8)
        probabilities[3] = 1
        let heat = PointerHeat(frame: 0, columns: 4, rows: 2, x: 0, y: 0, width: P.screen.width, height: P.screen.height,
                               probabilities: probabilities)
        let out = try Viewer.writeEpisodePage(source: episode, heat: [heat])
        #expect(out == episode + "/view.html")

        let page = try RenderedPage(out, fragment: "frame=0")
        EpisodePageBrowserTests.expectHealthy(page)
        let rect = try page.frameRect()
        let hot = EpisodePageBrowserTests.map(1400, 250, rect), cold = EpisodePageBrowserTests.map(200, 250, rect)
        let h = page.pixel(hot.0, hot.1), c = page.pixel(cold.0, cold.1)
        #expect(Int(h.r) > Int(h.g) + 80, "the hot cell is red: \(h)")
        #expect(RenderedPage.close(c.tuple, Fixtures.background, 6), "a cold cell shows the frame: \(c)")
        #expect(page.dom.contains("model models/run-1/model.safetensors, 1 pointer heat maps"))

        // The same distribution recorded by the agent in predictions.jsonl (a decision at 50 ms,
        // so on frame 0): `mimic view`'s page draws it the same way.
        let prediction = PointerPrediction(t: 50, columns: 4, rows: 2, region: .init(x: 0, y: 0, width: P.screen.width, height: P.screen.height),
                                           probabilities: probabilities)
        try Data(prediction.jsonLine()).write(to: URL(fileURLWithPath: episode + "/" + EpisodeLayout.predictionsFile))
        let recorded = try RenderedPage(try Viewer.writePage(source: episode), fragment: "frame=0")
        EpisodePageBrowserTests.expectHealthy(recorded)
        let rect2 = try recorded.frameRect()
        let hot2 = EpisodePageBrowserTests.map(1400, 250, rect2), cold2 = EpisodePageBrowserTests.map(200, 250, rect2)
        let h2 = recorded.pixel(hot2.0, hot2.1), c2 = recorded.pixel(cold2.0, cold2.1)
        #expect(Int(h2.r) > Int(h2.g) + 80, "the hot cell is red: \(h2)")
        #expect(RenderedPage.close(c2.tuple, Fixtures.background, 6), "a cold cell shows the frame: \(c2)")
        #expect(recorded.dom.contains("model models/run-1/model.safetensors, 1 pointer heat maps"))
    }
}
