import Dataset
import Foundation
import Imaging
import Testing
import TestSupport

/// The dataset page, rendered by headless Chromium with a filter in its address.
@Suite("dataset page in a browser")
struct DatasetPageBrowserTests {
    @Test("`mimic view` on a dataset: click samples only, each frame with its ring where the click was")
    func datasetInChromium() throws {
        let folder = TemporaryFolder("mimic-view")
        let dataset = try Fixtures.dataset(in: folder)
        let samples = try Fixtures.samples(dataset)
        let clicks = samples.filter { $0.type == .click }
        try #require(clicks.count >= 2 && samples.count > clicks.count, "fixture: \(samples.map(\.type.name))")

        let view = try run(BuiltProducts.mimic, ["view", dataset])
        #expect(view.status == 0, "\(view.stderr)")
        let out = dataset + "/view.html"
        #expect(view.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)
        let atlases = try FileManager.default.contentsOfDirectory(atPath: dataset + "/view-files").filter { $0.hasSuffix(".png") }
        #expect(Set(atlases) == ["train-00000-000.png", "val-00000-000.png"])

        let page = try RenderedPage(out, fragment: "type=click")
        #expect(page.rootAttribute("data-state") == "ready", "the page never drew its tiles")
        #expect(page.rootAttribute("data-error") == nil, "script error: \(page.rootAttribute("data-error") ?? "")")
        #expect(page.rootAttribute("data-missing") == nil)
        #expect(page.rootAttribute("data-matches") == "\(clicks.count)")
        let tiles = page.tags(containing: "class=\"tile\"")
        #expect(tiles.count == clicks.count)
        #expect(tiles.allSatisfy { RenderedPage.attribute("data-type", in: $0) == "click" }, "\(tiles)")

        // The first tile: the first click's frame (grey inside the letterbox bars), its ring at the click.
        let rect = try page.frameRect()
        let first = clicks[0]
        let at = (rect.x + Double(first.x) * rect.width, rect.y + Double(first.y) * rect.height)
        let red = ContactSheet.color(.click)
        let ring = page.count(near: at.0, at.1, radius: 12, color: red)
        #expect(ring >= 30, "ring pixels at \(at): \(ring)")
        // A point of the frame away from the click, inside the letterboxed content (y 16..112 of 128).
        let far = (x: first.x < 0.5 ? 0.9 : 0.1, y: 0.5)
        let frame = page.pixel(rect.x + far.x * rect.width, rect.y + far.y * rect.height)
        #expect(RenderedPage.close(frame.tuple, Fixtures.background, 6), "frame pixel: \(frame)")
        #expect(page.count(near: rect.x + far.x * rect.width, rect.y + far.y * rect.height, radius: 8, color: red) == 0)
        let bar = page.pixel(rect.x + rect.width / 2, rect.y + 4)
        #expect(RenderedPage.close(bar.tuple, .black, 6), "letterbox bar: \(bar)")
    }
}
