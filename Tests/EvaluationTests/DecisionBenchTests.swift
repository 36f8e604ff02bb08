import Foundation
import Testing
import TestSupport

@Suite("mimic bench decision")
struct DecisionBenchTests {
    @Test("plays a task on its own display with a model file and prints each phase of a decision")
    func phases() throws {
        let folder = TemporaryFolder("mimic-bench-decision")
        try writeTinyModel(to: folder.file("tiny.safetensors"))
        let result = try mimic(["bench", "decision", "--model", folder.file("tiny.safetensors"), "--episodes", "1",
                                "--max-steps", "3", "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        // Up to 3 decisions: a lucky click on the square ends the episode sooner.
        #expect(result.stdout.range(of: #"\n[123] decisions? over 1 episode, milliseconds"#, options: .regularExpression) != nil,
                "\(result.stdout)")
        for figure in ["grab", "decide", "act", "one decision (grab -> predict -> inject): median",
                       "back to back"] {
            #expect(result.stdout.contains(figure), "missing '\(figure)' in:\n\(result.stdout)")
        }
    }

    @Test("an unknown task is named")
    func unknownTask() throws {
        let result = try mimic(["bench", "decision", "--task", "no-such-task", "--episodes", "1"])
        #expect(result.status != 0 && result.stderr.contains("no-such-task"), "\(result.stderr)")
    }
}
