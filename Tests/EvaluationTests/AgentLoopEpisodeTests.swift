import Primitives
import Episode
@testable import Evaluation
import Foundation
import Dataset
import Gym
import Imaging
import Agent
import Policy
import Testing
import TestSupport
import Viewer

@Suite("the live loop on a stub policy, recorded as an episode")
struct AgentLoopEpisodeTests {
    /// The left presses of an episode, in screen pixels.
    static func presses(_ episode: EpisodeContents) -> [(x: Int, y: Int)] {
        episode.events.compactMap { event in
            if case .buttonDown(let b) = event.kind, b.button == 1 { return (b.x, b.y) }
            return nil
        }
    }

    @Test("a policy that always clicks one point: one decision on the target succeeds, three beside it fail the run")
    func fixedClick() throws {
        let folder = TemporaryFolder("mimic-eval-loop")
        try withPrivateDisplay { display in
            var options = EvaluationOptions(tasks: ["click-target"], episodes: 1, out: folder.path)
            options.episodePages = true
            let runner = try EpisodeRunner(display: display, modelPath: "models/stub.safetensors", folder: folder.path, options: options)
            defer { runner.close() }
            let seed = SeedRange.evaluationSeed(index: 0)
            let target = ClickTarget(seed: seed, size: TaskCanvas.defaultSize).target

            // On the square: the first click ends the run.
            let hit = try runner.run(FixedClickPolicy(x: target.center.x, y: target.center.y), as: .model, task: ClickTarget.self,
                                     seed: seed, record: true, shouldStop: { false })
            #expect(hit.result == "success" && hit.outcome == "success")
            #expect(hit.steps == 1 && hit.tokens == 0 && hit.medianDecisionMs != nil && hit.page == nil)
            let path = try #require(hit.path)
            #expect(path.hasPrefix("episodes/"))
            let episode = try EpisodeReader.open(folder.path + "/" + path)
            #expect(episode.status == .complete)
            #expect(episode.metadata.task == .init(name: "click-target", seed: seed, outcome: "success"))
            #expect(episode.metadata.agent == .init(model: "models/stub.safetensors"))
            let pressed = AgentLoopEpisodeTests.presses(episode)
            #expect(pressed.count == 1 && pressed.first.map { $0.x == target.center.x && $0.y == target.center.y } == true)

            // Beside it (a corner of the play area no seed's square reaches): three misses fail the run.
            let corner = Point(TaskCanvas.playArea(TaskCanvas.defaultSize).x + 2, TaskCanvas.defaultSize.height - 3)
            #expect(!target.contains(corner))
            let miss = try runner.run(FixedClickPolicy(x: corner.x, y: corner.y), as: .model, task: ClickTarget.self,
                                      seed: seed, record: true, shouldStop: { false })
            #expect(miss.result == "failure" && miss.outcome == "failure: 3 clicks hit nothing")
            #expect(miss.steps == 3)
            let failed = try EpisodeReader.open(folder.path + "/" + (miss.path ?? "-"))
            #expect(failed.metadata.task?.outcome == "failure: 3 clicks hit nothing")
            #expect(AgentLoopEpisodeTests.presses(failed).count == 3)
            // A failure gets a page to watch it.
            #expect(miss.page == (miss.path ?? "-") + "/view.html")
            #expect(FileManager.default.fileExists(atPath: folder.path + "/" + (miss.page ?? "-")))
        }
    }

    @Test("a scripted drag through the loop reaches the task as a drag: the pointer moves in steps while the button is held")
    func scriptedDrag() throws {
        let folder = TemporaryFolder("mimic-eval-loop")
        try withPrivateDisplay { display in
            let options = EvaluationOptions(tasks: ["drag-to-target"], episodes: 1, out: folder.path)
            let runner = try EpisodeRunner(display: display, modelPath: "models/stub.safetensors", folder: folder.path, options: options)
            defer { runner.close() }
            let seed = SeedRange.evaluationSeed(index: 0)
            let task = DragToTarget(seed: seed, size: TaskCanvas.defaultSize)
            let from = task.box.center, to = task.zone.center
            let policy = ScriptedPolicy([Action(.mouseDown, t: 0, x: from.x, y: from.y), Action(.mouseUp, t: 0, x: to.x, y: to.y)])
            let run = try runner.run(policy, as: .model, task: DragToTarget.self, seed: seed, record: true, shouldStop: { false })
            #expect(run.result == "success" && run.steps == 2)
            let episode = try EpisodeReader.open(folder.path + "/" + (try #require(run.path)))
            let kinds = episode.events.map(\.kind)
            let down = try #require(kinds.firstIndex { if case .buttonDown(let b) = $0 { return b.button == 1 } else { return false } })
            let up = try #require(kinds.firstIndex { if case .buttonUp(let b) = $0 { return b.button == 1 } else { return false } })
            let held = kinds[down..<up].compactMap { kind -> (Int, Int)? in
                if case .motion(let x, let y) = kind { return (x, y) }
                return nil
            }
            // Six glide steps from the box to the zone, the last one on the zone's centre.
            #expect(held.count == 6)
            #expect(held.last.map { $0 == (to.x, to.y) } == true)
            let distances = held.map { abs($0.0 - from.x) + abs($0.1 - from.y) }
            #expect(distances == distances.sorted(), "each step further from where the drag began")
        }
    }

    @Test("a model's run records one pointer distribution per decision in predictions.jsonl; its page draws them")
    func modelPredictions() throws {
        let folder = TemporaryFolder("mimic-eval-loop")
        let model = try writeTinyModel(to: folder.file("tiny.safetensors"))
        try withPrivateDisplay { display in
            var options = EvaluationOptions(tasks: ["click-target"], episodes: 1, out: folder.path)
            options.timeLimit = 2
            let runner = try EpisodeRunner(display: display, modelPath: "models/tiny.safetensors", folder: folder.path, options: options)
            defer { runner.close() }
            let seed = SeedRange.evaluationSeed(index: 0)
            let run = try runner.run(ModelPolicy(model: model), as: .model, task: ClickTarget.self, seed: seed, record: true,
                                     shouldStop: { false })
            #expect(run.steps > 0)
            let directory = folder.path + "/" + (try #require(run.path))
            let episode = try EpisodeReader.open(directory)
            let (predictions, notes) = try EpisodeReader.readPredictions(directory)
            #expect(notes.isEmpty)
            #expect(predictions.count == run.steps, "one line per decision")
            let screen = episode.metadata.screen
            let geometry = try #require(FrameGeometry(screenWidth: screen.width, screenHeight: screen.height,
                                                      preprocessing: ModelPolicy(model: model).preprocessing))
            let firstFrame = try #require(episode.frames.first).t
            for p in predictions {
                #expect(p.columns == model.config.patchColumns && p.rows == model.config.patchRows)
                #expect(p.probabilities.count == model.config.patchCount)
                #expect(abs(p.probabilities.reduce(0, +) - 1) < 0.01, "sums to \(p.probabilities.reduce(0, +))")
                #expect(p.region == PointerDistribution.screenRegion(geometry))
                #expect(p.t >= firstFrame && p.t <= episode.durationMs, "on the episode's clock")
            }
            #expect(zip(predictions, predictions.dropFirst()).allSatisfy { $0.t < $1.t })
            // The whole model image covers the screen (letterboxed: the longer side fits exactly).
            let region = predictions[0].region
            #expect(region.x <= 0 && region.y <= 0 && region.x + region.width >= screen.width && region.y + region.height >= screen.height)

            // Its page draws them, each on the frame its decision saw.
            let heat = PointerHeat.maps(predictions, frames: episode.frames)
            #expect(heat.count == predictions.count, "every decision came after the first frame")
            let html = try String(contentsOfFile: try Viewer.writePage(source: directory), encoding: .utf8)
            #expect(html.contains("\(heat.count) pointer heat maps"))

            // The random baseline has no distribution: no file.
            let random = try runner.run(RandomPolicy(seed: 1), as: .random, task: ClickTarget.self, seed: seed, record: true,
                                        shouldStop: { false })
            #expect(!FileManager.default.fileExists(atPath: folder.path + "/" + (random.path ?? "-") + "/" + EpisodeLayout.predictionsFile))
        }
    }
}

/// Takes the given actions in order, then waits (for tests of the loop).
final class ScriptedPolicy: AgentPolicy {
    let name = "scripted"
    let tokensPerDecision = 0
    private let actions: [Action]
    init(_ actions: [Action]) { self.actions = actions }
    func decide(screen: RGBImage, history: [Action]) throws -> AgentDecision {
        AgentDecision(action: history.count < actions.count ? actions[history.count] : Action(.wait, t: 0))
    }
}
