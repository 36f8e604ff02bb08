@testable import Report
import Foundation
import Imaging
import Testing
import TestSupport

/// The evaluation page, rendered by headless Chromium from an eval.json: success bars per task for the
/// model, the random agent and the expert, and links to the model's failed runs.
@Suite("evaluation page in a browser")
struct EvaluationPageBrowserTests {
    /// click-target: model 3 of 4, random 0 of 2, expert 2 of 2; press-key: model 1 of 4, random 0 of 2, expert 2 of 2.
    static func report() -> EvaluationReport {
        var episodes: [EpisodeRecord] = []
        for (task, modelWins) in [("click-target", 3), ("press-key", 1)] {
            for i in 0..<4 {
                let won = i < modelWins
                episodes.append(EpisodeRecord(task: task, seed: UInt64(i), agent: .model, outcome: won ? "success" : "timeout",
                                              result: won ? "success" : "timeout", steps: won ? 2 : 40, seconds: won ? 0.4 : 10,
                                              actingSeconds: won ? 0.4 : 10, tokens: (won ? 2 : 40) * 261,
                                              path: "episodes/\(task)-\(i)"))
            }
            for i in 0..<2 {
                episodes.append(EpisodeRecord(task: task, seed: UInt64(i), agent: .random, outcome: "failure: 3 clicks hit nothing",
                                              result: "failure", steps: 5, seconds: 0.5, actingSeconds: 0.5))
                episodes.append(EpisodeRecord(task: task, seed: UInt64(i), agent: .expert, outcome: "success", result: "success",
                                              steps: 1, seconds: 0.8, actingSeconds: 0.8))
            }
        }
        var report = EvaluationReport(
            model: "models/x/best.safetensors", createdAt: "2026-11-29T00:00:00Z", display: ":9", taskNames: ["click-target", "press-key"],
            episodesPerTask: 4, baselineEpisodesPerTask: 2, seed: 0, seedRange: [1 << 32, (1 << 32) + 3], timeLimit: nil,
            valuePerTask: 1, tokensPerDecision: 261, stopped: false, tasks: [], overall: [], episodes: episodes)
        report.summarize()
        return report
    }

    @Test("`mimic view` on an evaluation folder: a success bar per task and agent as wide as its rate, failed runs linked")
    func evaluationInChromium() throws {
        let folder = TemporaryFolder("mimic-view-eval")
        let evalFolder = folder.file("eval")
        try FileManager.default.createDirectory(atPath: evalFolder, withIntermediateDirectories: true)
        try Self.report().write(folder: evalFolder)

        let view = try run(BuiltProducts.mimic, ["view", evalFolder])
        #expect(view.status == 0, "\(view.stderr)")
        let out = evalFolder + "/view.html"
        #expect(view.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)

        let page = try RenderedPage(out)
        #expect(page.dom.contains("Success per task"))
        // One bar per (task or all tasks) × agent, each filled to its success rate.
        let fills = page.tags(containing: "class=\"fill ").map { tag in
            (RenderedPage.attribute("class", in: tag) ?? "", RenderedPage.attribute("style", in: tag) ?? "")
        }
        #expect(fills.map(\.0) == Array(repeating: ["fill model", "fill random", "fill expert"], count: 3).flatMap { $0 })
        #expect(fills.map(\.1) == ["width:75.0%", "width:0.0%", "width:100.0%", "width:25.0%", "width:0.0%", "width:100.0%",
                                   "width:50.0%", "width:0.0%", "width:100.0%"])
        // The four failed model runs are linked to their folders.
        for (task, i) in [("click-target", 3), ("press-key", 1), ("press-key", 2), ("press-key", 3)] {
            #expect(page.dom.contains("href=\"episodes/\(task)-\(i)/\""), "\(task)-\(i)")
        }
        #expect(page.dom.contains("Failed model runs (4)"))

        // Drawn: the model's and the expert's bars in their colours; no random bar (it never succeeded).
        let all = (page.screenshot.width / 2, page.screenshot.height / 2)
        let radius = max(all.0, all.1)
        let model = page.count(near: Double(all.0), Double(all.1), radius: radius, color: RGBColor(0x1d, 0x5f, 0xbf), tolerance: 12)
        let expert = page.count(near: Double(all.0), Double(all.1), radius: radius, color: RGBColor(0x2e, 0x7d, 0x32), tolerance: 12)
        let random = page.count(near: Double(all.0), Double(all.1), radius: radius, color: RGBColor(0xc9, 0xa4, 0x00), tolerance: 12)
        // Bars are 80×10 pixels: the expert's three full bars alone are 2,400 pixels.
        #expect(expert >= 2000, "expert bar pixels: \(expert)")
        #expect(model >= 900, "model bar pixels: \(model)")
        #expect(random < 50, "random bar pixels: \(random)")
    }
}
