import Episode
@testable import Evaluation
import Report
import Foundation
import Gym
import Testing
import TestSupport

@Suite("mimic eval on a private display")
struct EvalRunTests {
    @Test("an untrained model against the random agent and the expert: eval.json, eval.html with the failed runs linked")
    func untrainedModel() throws {
        let folder = TemporaryFolder("mimic-eval-run")
        try writeTinyModel(to: folder.file("tiny.safetensors"))
        let out = folder.file("eval")
        var options = EvaluationOptions(tasks: ["click-target", "type-word"], episodes: 1, seed: 7, out: out)
        options.timeLimit = 3
        var reports: [EvaluationProgress] = []
        let report = try withPrivateDisplay { display in
            try Evaluation.run(model: folder.file("tiny.safetensors"), display: display, options: options,
                               shouldStop: { false }, progress: { reports.append($0) })
        }
        #expect(!report.stopped)
        #expect(report.tokensPerDecision == 1 + 2 + 16)
        #expect(report.episodes.map(\.agent) == [.model, .random, .expert, .model, .random, .expert])
        #expect(report.episodes.map(\.seed) == Array(repeating: SeedRange.evaluationSeed(base: 7, index: 0), count: 6))
        #expect(reports.count == 12 && reports.last?.done == 6 && reports.last?.total == 6)
        for task in report.tasks {
            #expect(task[.expert]?.successRate == 1, "the expert solves \(task.task)")
            #expect(task[.expert]?.episodes == 1 && task[.random]?.episodes == 1 && task[.model]?.episodes == 1)
        }
        for e in report.episodes {
            #expect(e.tokens == (e.agent == .model ? e.steps * 19 : 0))
            #expect((e.path != nil) == (e.agent == .model), "only the model's runs are recorded")
        }

        // The files: eval.json reads back as the report; eval.html links every failed model run.
        let saved = try EvaluationReport.read(folder: out)
        #expect(saved.episodes == report.episodes && saved.tasks == report.tasks)
        let html = try String(contentsOfFile: out + "/eval.html", encoding: .utf8)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "self-contained")
        for agent in AgentKind.allCases { #expect(html.contains(">\(agent.rawValue)</th>")) }
        // Typing a word within 3 s is beyond an untrained model: at least that run failed.
        let failed = report.failedModelEpisodes
        #expect(failed.contains { $0.task == "type-word" })
        for e in failed {
            let path = try #require(e.path)
            #expect(html.contains("href=\"\(path)/\""), "\(path) is linked")
            #expect(html.contains("href=\"\(path)/view.html\""), "its page is linked")
            let episode = try EpisodeReader.open(out + "/" + path)
            #expect(episode.metadata.task?.name == e.task && episode.metadata.task?.outcome == e.outcome)
            #expect(episode.metadata.agent?.model == folder.file("tiny.safetensors"))
        }

        // `mimic view` of the folder writes the page elsewhere with links relative to it.
        let page = try EvaluationPage.write(folder: out, out: folder.file("pages/eval-view.html"))
        let moved = try String(contentsOfFile: page, encoding: .utf8)
        for e in failed { #expect(moved.contains("href=\"../eval/\(e.path!)/\"")) }

        // A second run into the same folder is refused, naming it.
        #expect(throws: EvaluationError.outFolderInUse(path: out)) {
            try Evaluation.run(model: folder.file("tiny.safetensors"), display: ":0", options: options, shouldStop: { false }, progress: { _ in })
        }
    }

    @Test("mimic eval end to end: the table on stdout, eval.json written")
    func command() throws {
        let folder = TemporaryFolder("mimic-eval-cli")
        try writeTinyModel(to: folder.file("tiny.safetensors"))
        let result = try mimic(["eval", "--model", folder.file("tiny.safetensors"), "--tasks", "press-key", "--episodes", "1",
                                "--time-limit", "2", "--out", folder.file("e"), "--no-record", "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("press-key") && result.stdout.contains("expert") && result.stdout.contains("95% CI"))
        let report = try EvaluationReport.read(folder: folder.file("e"))
        #expect(report.episodes.count == 3 && report.episodes.allSatisfy { $0.path == nil })

        // `mimic view` knows an evaluation folder.
        let view = try mimic(["view", folder.file("e")])
        #expect(view.status == 0, "\(view.stderr)")
        let page = try String(contentsOfFile: folder.file("e/view.html"), encoding: .utf8)
        #expect(page.contains("Success per task") && page.contains("press-key"))
    }

    @Test("stopped after an episode: the report so far is written, marked stopped; a run cut short does not count")
    func stopped() throws {
        let folder = TemporaryFolder("mimic-eval-stop")
        try writeTinyModel(to: folder.file("tiny.safetensors"))
        var options = EvaluationOptions(tasks: ["press-key"], episodes: 2, baselineEpisodes: 0, out: folder.file("e"))
        options.timeLimit = 1
        let flag = StopFlag()
        let report = try withPrivateDisplay { display in
            try Evaluation.run(model: folder.file("tiny.safetensors"), display: display, options: options,
                               shouldStop: { flag.isSet }, progress: { if $0.finished != nil { flag.set() } })
        }
        // Progress reaches the caller a moment after the episode ends: the next one may have started, and ends as stopped.
        #expect(report.stopped && report.episodes.filter(\.counts).count == 1)
        #expect(report.episodes.count <= 2 && report.episodes.dropFirst().allSatisfy { !$0.counts })
        let saved = try EvaluationReport.read(folder: folder.file("e"))
        #expect(saved.stopped && saved.episodes == report.episodes)
        #expect(saved.tasks.first?[.model]?.episodes == 1)
    }

    @Test("bad input is refused with the path or name at fault", arguments: [
        (["--model", "/nonexistent/m.safetensors"], "/nonexistent/m.safetensors"),
        (["--model", "MODEL", "--tasks", "click-target,fly-kite"], "fly-kite"),
        (["--model", "MODEL", "--episodes", "-1"], "--episodes"),
    ])
    func refusals(arguments: [String], named: String) throws {
        let folder = TemporaryFolder("mimic-eval-bad")
        try writeTinyModel(to: folder.file("m.safetensors"))
        let args = ["eval"] + arguments.map { $0 == "MODEL" ? folder.file("m.safetensors") : $0 } + ["--out", folder.file("e")]
        let result = try mimic(args)
        #expect(result.status != 0)
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("e/eval.json")))
    }

    @Test("a file that is not a model is named")
    func notAModel() throws {
        let folder = TemporaryFolder("mimic-eval-junk")
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: folder.file("junk.safetensors")))
        #expect {
            try Evaluation.run(model: folder.file("junk.safetensors"), display: ":0", options: EvaluationOptions(out: folder.file("e")),
                               shouldStop: { false }, progress: { _ in })
        } throws: { error in
            guard case .model(let path, _) = error as? EvaluationError else { return false }
            return path == folder.file("junk.safetensors") && "\(error)".contains(path)
        }
    }
}

@Suite("mimic eval on displays side by side")
struct EvalLanesTests {
    @Test("two displays run the same episodes as one would, reported in the same order, each model run in its own folder")
    func twoDisplays() throws {
        let folder = TemporaryFolder("mimic-eval-lanes")
        try writeTinyModel(to: folder.file("tiny.safetensors"))
        var options = EvaluationOptions(tasks: ["click-target", "press-key"], episodes: 2, seed: 3, out: folder.file("eval"))
        options.baselineEpisodes = 1
        options.timeLimit = 2
        options.episodePages = false
        var progress: [EvaluationProgress] = []
        let report = try withPrivateDisplay { a in
            try withPrivateDisplay { b in
                try Evaluation.run(model: folder.file("tiny.safetensors"), displays: [a, b], options: options,
                                   shouldStop: { false }, progress: { progress.append($0) })
            }
        }
        let s0 = SeedRange.evaluationSeed(base: 3, index: 0), s1 = SeedRange.evaluationSeed(base: 3, index: 1)
        var expected: [(String, UInt64, AgentKind)] = []
        for task in ["click-target", "press-key"] {
            expected += [(task, s0, .model), (task, s0, .random), (task, s0, .expert), (task, s1, .model)]
        }
        #expect(!report.stopped)
        #expect(report.episodes.map { "\($0.task) \($0.seed) \($0.agent)" } == expected.map { "\($0.0) \($0.1) \($0.2)" })
        #expect(progress.filter { $0.finished != nil }.map(\.done) == Array(1...8))
        for task in report.tasks { #expect(task[.expert]?.successRate == 1, "the expert solves \(task.task)") }
        let paths = report.episodes.compactMap(\.path)
        #expect(paths.count == 4 && Set(paths).count == 4)
        for path in paths { #expect(try EpisodeReader.open(folder.file("eval/" + path)).status == .complete, "\(path)") }
    }
}
