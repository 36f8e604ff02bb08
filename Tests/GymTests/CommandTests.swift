import Primitives
import Capture
import Dataset
import Episode
import Foundation
import Gym
import Testing
import TestSupport

@Suite("mimic gym on the command line")
struct CommandTests {
    /// `mimic <arguments>` without $DISPLAY: it only sees the display it is given or starts.
    static func mimic(_ arguments: [String]) throws -> ProcessResult {
        try run(BuiltProducts.mimic, arguments, environment: ["DISPLAY": ""])
    }

    @Test("gym demos records every task through the recorder; the dataset built from it holds the expert's clicks and keys where the tasks put them")
    func demosToDataset() throws {
        let folder = TemporaryFolder()
        let out = folder.file("recordings")
        let seed: UInt64 = 41
        let demos = try Self.mimic(["gym", "demos", "--task", "all", "--episodes", "1", "--seed", "\(seed)", "--out", out])
        #expect(demos.status == 0, "\(demos.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.count == TaskCatalog.all.count)
        #expect(demos.stdout.split(separator: "\n").filter { $0.hasSuffix("seed \(seed)  success") }.count == TaskCatalog.all.count, "\(demos.stdout)")

        var episodes: [String: EpisodeContents] = [:]
        for name in names {
            let episode = try EpisodeReader.open(out + "/" + name)
            let task = try #require(episode.metadata.task)
            #expect(task.seed == seed && task.outcome == "success", "\(name): \(task)")
            #expect(episode.status == .complete)
            #expect(episode.metadata.fps == 10)
            #expect(episode.metadata.screen == .init(width: 480, height: 480))
            #expect(episode.metadata.instruction == (try TaskCatalog.task(named: task.name)).init(seed: seed, size: TaskCanvas.defaultSize).instruction)
            episodes[task.name] = episode
        }
        #expect(Set(episodes.keys) == Set(TaskCatalog.names))

        // The expert moves like a hand: every press comes at the end of a path of small steps.
        for (name, episode) in episodes {
            var motions = 0
            var previous: (x: Int, y: Int)?
            for event in episode.events {
                switch event.kind {
                case .motion(let x, let y):
                    if let previous { #expect(abs(x - previous.x) <= 24 && abs(y - previous.y) <= 24, "\(name): a jump to \(x),\(y)") }
                    previous = (x, y)
                    motions += 1
                case .buttonDown(let button):
                    #expect(motions >= 6 || button.button >= 4, "\(name): a press after only \(motions) motion events")
                    motions = 0
                default:
                    break
                }
            }
        }

        let data = folder.file("data")
        let build = try Self.mimic(["dataset", "build", out, "--out", data, "--val", "0"])
        #expect(build.status == 0, "\(build.stderr)")
        let manifest = try DatasetManifest.read(folder: data)
        var samples: [String: [SampleRecord]] = [:]
        for shard in try #require(manifest.split(.train)).shards {
            for record in try Shard.read(path: data + "/" + shard.file).records {
                let task = try #require(manifest.episodes.first { $0.index == Int(record.episode) }?.task)
                samples[task, default: []].append(record)
            }
        }
        func actions(_ task: String) -> [SampleRecord] { (samples[task] ?? []).filter { $0.type != .wait && $0.type != .move } }
        func screen(_ r: SampleRecord) -> Point { Point(Int(r.screenX * 480), Int(r.screenY * 480)) }
        let size = TaskCanvas.defaultSize

        let target = ClickTarget(seed: seed, size: size).target
        let clicks = actions("click-target")
        #expect(clicks.map(\.type) == [.click])
        #expect(clicks.first.map { target.contains(screen($0)) } == true, "click at \(clicks.first.map(screen)!) is not on \(target)")

        let sequence = ClickSequence(seed: seed, size: size)
        let circleClicks = actions("click-sequence")
        #expect(circleClicks.map(\.type) == [.click, .click, .click, .click])
        for (k, click) in circleClicks.enumerated() {
            #expect(screen(click).distance(to: sequence.circles[k]) <= Double(ClickSequence.radius), "click \(k + 1) at \(screen(click))")
        }

        let key = PressKey(seed: seed, size: size).keysym
        let pressed = actions("press-key")
        #expect(pressed.map(\.type) == [.key])
        #expect(pressed.map { KeyVocabulary.standard.name(at: Int($0.key)) } == [key])

        let typing = TypeWord(seed: seed, size: size)
        let typed = actions("type-word")
        #expect(typed.first?.type == .click && typed.first.map { typing.field.contains(screen($0)) } == true)
        #expect(typed.dropFirst().map { KeyVocabulary.standard.name(at: Int($0.key)) } == typing.word.map(String.init) + ["Return"])

        let drag = DragToTarget(seed: seed, size: size)
        let dragged = actions("drag-to-target")
        #expect(dragged.map(\.type) == [.mouseDown, .mouseUp])
        #expect(dragged.first.map { drag.box.contains(screen($0)) } == true)

        let menu = RightClickMenu(seed: seed, size: size)
        #expect(actions("right-click-menu").first.map { $0.type == .rightClick && menu.item.contains(screen($0)) } == true)
        #expect(actions("scroll-list").contains { $0.type == .scrollDown })
    }

    @Test("gym list names every task with its time limit and says how seeds are kept apart")
    func list() throws {
        let result = try Self.mimic(["gym", "list"])
        #expect(result.status == 0)
        for task in TaskCatalog.all {
            #expect(result.stdout.contains(task.name) && result.stdout.contains(task.summary))
        }
        #expect(result.stdout.contains("evaluation 2^32 ..< 2^33"))
    }

    @Test("bad arguments: a clear message and a non-zero exit", arguments: [
        (["gym", "demos", "--task", "click-everything"], "no task named \"click-everything\""),
        (["gym", "demos", "--seed", "4294967290", "--episodes", "10"], "demonstration seeds must stay below it"),
        (["gym", "demos", "--episodes", "0"], "--episodes must be at least 1"),
        (["gym", "play", "--task", "press-key"], "no X display"),
        (["gym", "play", "--task", "press-key", "--display", ":1", "--size", "200x200"], "--size must be at least 360x360"),
    ])
    func badArguments(arguments: [String], message: String) throws {
        let result = try Self.mimic(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("every gym command explains itself with examples")
    func help() throws {
        for command in [["gym"], ["gym", "list"], ["gym", "demos"], ["gym", "play"]] {
            let result = try Self.mimic(["help"] + command)
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"), "\(command)")
        }
    }

    @Test("gym play shows a task and prints how it ended")
    func play() throws {
        try withPrivateDisplay { display in
            let expert = try Self.mimic(["gym", "play", "--task", "click-color", "--seed", "3", "--display", display, "--expert", "--linger", "0"])
            #expect(expert.status == 0, "\(expert.stderr)")
            #expect(expert.stdout.contains("click-color seed 3 on \(display): Click this colour"))
            #expect(expert.stdout.contains("success after"))
            let idle = try Self.mimic(["gym", "play", "--task", "press-key", "--display", display, "--time-limit", "0.2", "--linger", "0"])
            #expect(idle.status == 0)
            #expect(idle.stdout.contains("timeout after"))
        }
    }
}
