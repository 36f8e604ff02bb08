// Programs the tests start as child processes. Not part of what users run.
//
//   mimic-test-fixtures write-episode <folder>
//       Writes SyntheticEpisode events and frames until killed; prints "flushed <events> <frames>"
//       after each explicit flush (everything up to there is on disk).
//   mimic-test-fixtures event-window <display> [<width> <height>]
//       A window that logs every input event it receives as a JSON line on stdout and changes
//       colour on command (stdin: "color RRGGBB"; "fill X Y W H RRGGBB" one rectangle; "noise SEED"
//       random pixels everywhere),
//       logging when. Prints {"type":"ready"} first.
//   mimic-test-fixtures inject-motion <display> <count> <interval-us>
//       Sends <count> XTest pointer moves, one every <interval-us>, and prints each one's
//       position and CLOCK_MONOTONIC times (ns) just before and just after sending, as JSON lines.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

switch arguments.first {
case "write-episode":
    guard arguments.count == 2 else { fail("usage: mimic-test-fixtures write-episode <folder>") }
    writeEpisodeForever(arguments[1])
case "event-window":
    guard arguments.count == 2 || arguments.count == 4 else { fail("usage: mimic-test-fixtures event-window <display> [<width> <height>]") }
    runEventWindow(display: arguments[1], width: arguments.count == 4 ? Int(arguments[2]) : nil,
                   height: arguments.count == 4 ? Int(arguments[3]) : nil)
case "inject-motion":
    guard arguments.count == 4, let count = Int(arguments[2]), let interval = UInt32(arguments[3]) else {
        fail("usage: mimic-test-fixtures inject-motion <display> <count> <interval-us>")
    }
    injectMotion(display: arguments[1], count: count, intervalMicroseconds: interval)
case "paint-window": paintWindowMain(Array(arguments.dropFirst()))
case "dense-episode": denseEpisodeMain(Array(arguments.dropFirst()))
default:
    fail("usage: mimic-test-fixtures write-episode|event-window|inject-motion|paint-window|dense-episode ...")
}
