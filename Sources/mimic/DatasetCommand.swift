import ArgumentParser
import Dataset
import Foundation

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Turn recorded episodes into training shards, and look at them.",
        discussion: """
            Raw input events are segmented into actions (wait, move, click, double_click,
            right_click, mouse_down, mouse_up, scroll_up, scroll_down, key), each paired
            with the last frame grabbed strictly before its first event. The rules and
            their thresholds are in docs/dataset.md.

            Examples:
              mimic dataset build recordings/ --out data/first
              mimic dataset info data/first
              mimic dataset show data/first --type click
            """,
        subcommands: [DatasetBuild.self, DatasetInfo.self, DatasetShow.self]
    )
}

extension Fit: ExpressibleByArgument {}
extension Split: ExpressibleByArgument {}

/// Warnings on stderr that do not collide with the live progress line.
enum DatasetWarnings {
    static let isTerminal = isatty(STDERR_FILENO) != 0

    static func print(_ message: String) {
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + "warning: " + message + "\n").utf8))
    }
}
