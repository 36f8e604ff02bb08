import Foundation
import Imaging
import Testing
import TestSupport

/// The training-run page, rendered by headless Chromium from a run that `mimic train` just wrote.
@Suite("training-run page in a browser")
struct TrainingRunPageBrowserTests {
    @Test("`mimic view` on a run folder: the loss and accuracy curves per head, drawn from metrics.jsonl")
    func trainingRunInChromium() throws {
        let folder = TemporaryFolder("mimic-view-run")
        let dataset = try Fixtures.dataset(in: folder)
        let runFolder = folder.file("run")
        let train = try run(BuiltProducts.mimic, [
            "train", dataset, "--out", runFolder, "--steps", "6", "--batch", "4", "--val-every", "3", "--log-every", "1",
            "--patch", "16", "--d-model", "16", "--heads", "2", "--layers", "1", "--mlp", "32", "--threads", "1",
        ])
        try #require(train.status == 0, "\(train.stderr)")

        let view = try run(BuiltProducts.mimic, ["view", runFolder])
        #expect(view.status == 0, "\(view.stderr)")
        let out = runFolder + "/view.html"
        #expect(view.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)

        let page = try RenderedPage(out)
        #expect(page.rootAttribute("data-state") == "ready", "the page never drew")
        #expect(page.rootAttribute("data-error") == nil, "script error: \(page.rootAttribute("data-error") ?? "")")
        #expect(page.rootAttribute("data-step") == "6")
        // Training loss, validation loss, accuracy, pointer error, learning rate, speed.
        #expect(page.rootAttribute("data-charts") == "6")
        let charts = page.tags(containing: "data-chart=\"").compactMap { RenderedPage.attribute("data-chart", in: $0) }
        #expect(charts == ["train-loss", "val-loss", "accuracy", "pointer-error", "lr", "speed"])
        // One point per logged step in the training curves, one per validation (steps 3 and 6) in the others.
        let totals = page.tags(containing: "data-series=\"total\"").compactMap { RenderedPage.attribute("data-points", in: $0) }
        #expect(totals == ["6", "2"])
        for head in ["type", "patch", "offset"] {
            #expect(page.tags(containing: "data-series=\"\(head)\"").count >= 2, "\(head)")
        }
        #expect(page.tags(containing: "data-series=\"pointer in patch\"").count == 1)
        #expect(page.dom.contains("step 6 of 6, finished"))
        #expect(page.dom.contains("Last validation by action type (step 6)"))

        // The first chart (training loss) is drawn where the page says, its "type" curve in its colour.
        let rect = try page.frameRect()
        #expect(abs(rect.width - 560) < 1 && abs(rect.height - 250) < 1, "\(rect)")
        let blue = RGBColor(0x5a, 0xa0, 0xff)
        let curve = page.count(near: rect.x + rect.width / 2, rect.y + rect.height / 2, radius: Int(rect.width / 2) - 2, color: blue, tolerance: 30)
        #expect(curve >= 20, "pixels of the type curve: \(curve)")
        let background = page.pixel(rect.x + 30, rect.y + rect.height - 5)
        #expect(RenderedPage.close(background.tuple, RGBColor(0x20, 0x20, 0x26), 6), "chart background: \(background)")
    }
}
