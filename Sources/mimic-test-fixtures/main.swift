// Programs the tests start as child processes. Not part of what users run.
//
//   mimic-test-fixtures write-episode <folder>
//       Writes SyntheticEpisode events and frames forever (until killed). After each explicit
//       flush it prints "flushed <events> <frames>" to stdout: everything up to there is on disk.
import Episode
import Foundation
import TestSupport

let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

switch arguments.first {
case "write-episode":
    guard arguments.count == 2 else { fail("usage: mimic-test-fixtures write-episode <folder>") }
    let writer: EpisodeWriter
    do {
        writer = try EpisodeWriter(directory: arguments[1], metadata: SyntheticEpisode.metadata())
    } catch {
        fail("\(error)")
    }
    var events = 0
    var frames = 0
    while true {
        for _ in 0..<50 {
            writer.append(SyntheticEpisode.event(events))
            events += 1
        }
        do {
            try writer.addFrame(SyntheticEpisode.frame(frames), t: Double(events) * 0.25, pointer: (frames, frames))
            frames += 1
            if frames % 4 == 0 {
                try writer.flush()
                FileHandle.standardOutput.write(Data("flushed \(events) \(frames)\n".utf8))
            }
        } catch {
            fail("\(error)")
        }
    }
default:
    fail("usage: mimic-test-fixtures write-episode <folder>")
}
