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
                       "back to back", "CPU time of this process while playing", "warm-up 3.0 ms"] {
            #expect(result.stdout.contains(figure), "missing '\(figure)' in:\n\(result.stdout)")
        }
    }

    @Test("a negative warm-up is refused by bench decision and run, naming the flag")
    func negativeWarmUp() throws {
        for arguments in [["bench", "decision", "--warm-up=-1"], ["run", "--model", "none.safetensors", "--warm-up=-1"]] {
            let result = try mimic(arguments)
            #expect(result.status == 64 && result.stderr.contains("--warm-up must be 0 or more"),
                    "\(arguments): \(result.status) \(result.stderr)")
        }
    }

    @Test("an unknown task is named")
    func unknownTask() throws {
        let result = try mimic(["bench", "decision", "--task", "no-such-task", "--episodes", "1"])
        #expect(result.status != 0 && result.stderr.contains("no-such-task"), "\(result.stderr)")
    }
}
