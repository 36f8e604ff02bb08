import ArgumentParser
import Episode
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize an episode and check that it is readable.",
        discussion: """
            Prints the episode's status (complete, interrupted, or still recording), duration,
            screen, frames stored and deduplicated, events by type, and any problems found.
            Every frame's PNG is decoded to check it unless --quick is given.

            Exit status: 0 when the episode is readable (also when interrupted), 1 when it is
            not: a missing episode.json, an unknown format_version, a corrupt line in the middle
            of a file, or a frame whose PNG is missing or unreadable. The message names the file
            and line.

            Examples:
              mimic inspect recordings/2026-11-29T12-00-00Z-a1b2
              mimic inspect --json recordings/2026-11-29T12-00-00Z-a1b2 | python3 -m json.tool
            """
    )

    @Argument(help: "The episode folder (one of recordings/*).")
    var episode: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Do not decode the frames' PNGs (only check that they exist).")
    var quick = false

    func run() throws {
        let contents: EpisodeContents
        do {
            contents = try EpisodeReader.open(episode)
            if !quick {
                let progress = ProgressLine()
                let failure = contents.verifyFrameFiles { done, total in
                    progress.update(done: done, total: total, unit: "frames checked")
                }
                progress.finish(nil)
                if let failure { throw failure }
            }
        } catch let error as EpisodeError {
            if json {
                print(String(decoding: try JSONSerialization.data(
                    withJSONObject: ["path": episode, "readable": false, "error": error.description],
                    options: [.prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self))
            }
            throw CommandFailure(error.description)
        }
        let summary = EpisodeSummary(contents, framesVerified: !quick)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(Inspect.text(summary))
        }
    }

    static func text(_ s: EpisodeSummary) -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 10, withPad: " ", startingAt: 0) + value)
        }
        row("episode", s.path)
        row("status", s.status + (s.statusReason.map { " (\($0))" } ?? ""))
        row("started", "\(s.startedAt), duration \(String(format: "%.1f", s.durationMs / 1000)) s")
        var screen = "\(s.screen.width)x\(s.screen.height)"
        if let display = s.display { screen += " on display \(display)" }
        if let fps = s.fps { screen += ", \(String(format: "%g", fps)) fps requested" }
        row("screen", screen)
        let partial = s.frames.partial > 0 ? " (\(s.frames.partial) of them only the changed region)" : ""
        row("frames", "\(s.frames.count) (\(s.frames.stored) stored as PNG\(partial), \(s.frames.deduplicated) identical to an earlier one, \(s.frames.skipped) skipped while encoding)"
            + (s.framesVerified ? "" : ", PNGs not decoded (--quick)"))
        let byType = InputEvent.typeNames.compactMap { type in s.eventsByType[type].map { "\(type) \($0)" } }
        row("events", "\(s.events)" + (byType.isEmpty ? "" : ": " + byType.joined(separator: ", ")))
        if let k = s.keyboard {
            row("keyboard", [k.layout, k.variant, k.model, k.rules].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
                + (s.keysRedacted ? " (printable keys redacted)" : ""))
        } else if s.keysRedacted {
            row("keyboard", "printable keys redacted")
        }
        if let instruction = s.instruction { row("task", instruction) }
        if let task = s.task {
            row("gym", "\(task.name)" + (task.seed.map { " seed \($0)" } ?? "") + (task.outcome.map { ", \($0)" } ?? ""))
        }
        if let agent = s.agent { row("agent", agent.model) }
        row("recorder", s.recorder)
        if s.problems.isEmpty {
            row("problems", "none")
        } else {
            row("problems", "")
            lines += s.problems.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
