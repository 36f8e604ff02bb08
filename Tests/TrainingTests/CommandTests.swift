import Foundation
import Testing
import TestSupport
@testable import Training

/// `mimic train` as a user runs it: a SIGTERM writes a checkpoint, --resume continues it exactly.
@Suite("mimic train on the command line")
struct CommandTests {
    static let model = ["--patch", "8", "--d-model", "32", "--heads", "2", "--layers", "1", "--mlp", "32"]
    static func arguments(_ dataset: String, _ out: String) -> [String] {
        ["train", dataset, "--out", out, "--steps", "60", "--batch", "16", "--lr", "0.003", "--warmup", "5", "--val-every", "20",
         "--checkpoint-every", "7", "--log-every", "1", "--seed", "4", "--threads", "2"] + model
    }

    @Test("SIGTERM mid-run writes a checkpoint and exits 130; --resume then gives the uninterrupted run's losses, bit for bit")
    func signalAndResume() throws {
        let folder = TemporaryFolder("mimic-train-cli")
        let dataset = try syntheticDataset(in: folder, episodes: 4, scenes: 32, valFraction: 0.25)
        let whole = try run(BuiltProducts.mimic, Self.arguments(dataset, folder.file("whole")))
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("finished: 60 steps"), "\(whole.stdout)")
        #expect(whole.stdout.contains("step 20  val loss"), "\(whole.stdout)")

        // The same run, stopped by SIGTERM once it has logged a few steps.
        let parts = folder.file("parts")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.mimic)
        process.arguments = Self.arguments(dataset, parts)
        let out = OutputCollector(), err = OutputCollector()
        process.standardOutput = out.pipe
        process.standardError = err.pipe
        try process.run()
        while process.isRunning {
            if let losses = try? stepLosses(parts), (losses.keys.max() ?? 0) >= 3 { break }
            usleep(10_000)
        }
        process.terminate()
        process.waitUntilExit()
        let stdout = out.finish(), stderr = err.finish()
        try #require(process.terminationStatus == 130, "the run was not stopped by the signal: status \(process.terminationStatus); \(stdout) \(stderr)")
        #expect(stdout.contains("stopped at step"), "\(stdout)")
        #expect(stdout.contains("continue with: mimic train --out \(parts) --resume"))
        let stoppedAt = try #require(try stepLosses(parts).keys.max())
        #expect(stoppedAt < 60)
        let checkpoint = try SafeTensorsProbe.metadata(parts + "/" + RunLayout.last)["step"]
        #expect(checkpoint == String(stoppedAt), "checkpoint at \(checkpoint ?? "none"), metrics up to \(stoppedAt)")

        let resumed = try run(BuiltProducts.mimic, ["train", "--out", parts, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming \(parts) at step \(stoppedAt)"), "\(resumed.stdout)")
        let a = try stepLosses(folder.file("whole")), b = try stepLosses(parts)
        #expect(a.count == 60 && b.count == 60)
        let differing = (1...60).filter { a[$0]?.bitPattern != b[$0]?.bitPattern }
        #expect(differing.isEmpty, "steps whose loss differs after the resume at \(stoppedAt): \(differing)")

        // A run folder in use is refused, and --resume with another setting too.
        let again = try run(BuiltProducts.mimic, Self.arguments(dataset, parts))
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds a training run (step 60"), "\(again.stderr)")
        let other = try run(BuiltProducts.mimic, ["train", "--out", parts, "--resume", "--batch", "8"])
        #expect(other.status == 1)
        #expect(other.stderr.contains("--batch 8 (the run has 16)"), "\(other.stderr)")
        let finished = try run(BuiltProducts.mimic, ["train", "--out", parts, "--resume"])
        #expect(finished.status == 0 && finished.stdout.contains("the run already finished at step 60"), "\(finished.stdout)")
    }

    @Test("--time alone sets the schedule's length from the speed, also over --preset demo's 3,000 steps")
    func timeOverPreset() throws {
        let folder = TemporaryFolder("mimic-train-time")
        let dataset = try syntheticDataset(in: folder, episodes: 4, scenes: 32, valFraction: 0.25)
        let small = ["--d-model", "32", "--heads", "2", "--layers", "1", "--mlp", "32", "--batch", "4", "--threads", "2", "--val-every", "0"]
        let timed = try run(BuiltProducts.mimic, ["train", dataset, "--out", folder.file("timed"), "--preset", "demo", "--time", "2s"] + small)
        #expect(timed.status == 0, "\(timed.stderr)")
        #expect(timed.stdout.contains("for 2s (length set after 10 steps)"), "\(timed.stdout)")
        let bounded = try run(BuiltProducts.mimic, ["train", dataset, "--out", folder.file("bounded"), "--preset", "demo", "--time", "2s",
                                                    "--steps", "5"] + small)
        #expect(bounded.status == 0, "\(bounded.stderr)")
        #expect(bounded.stdout.contains("5 steps of 4") && bounded.stdout.contains("at most 2s"), "\(bounded.stdout)")
    }

    @Test("durations are read as they are printed: 90, 500ms, 1.5s, 12m, 7m30s, 12m00s, 1h05m; others are refused")
    func durations() throws {
        let folder = TemporaryFolder("mimic-train-duration")
        // Without a dataset folder the command stops right after parsing: at the folder if the duration was read.
        for good in ["90", "500ms", "1.5s", "12m", "7m30s", "12m00s", "1h05m"] {
            let result = try run(BuiltProducts.mimic, ["train", "--out", folder.file("run"), "--time", good])
            #expect(result.stderr.contains("name the dataset folder") && !result.stderr.contains("invalid"), "\(good): \(result.stderr)")
        }
        for bad in ["0", "0s", "-1m", "7x", "m5", "1m30", "1m30s5", "1..5s", "12 m"] {
            let result = try run(BuiltProducts.mimic, ["train", "--out", folder.file("run"), "--time=" + bad])
            #expect(result.status == 64 && result.stderr.contains("is invalid for '--time"), "\(bad): \(result.stderr)")
        }
    }

    @Test("help shows the flags, files and runnable examples; a missing dataset is a usage error")
    func help() throws {
        let help = try run(BuiltProducts.mimic, ["help", "train"])
        #expect(help.status == 0)
        for text in ["mimic train data/first --out models/first", "--resume", "--epochs", "--time", "--warmup", "report.html", "--d-model"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
        let missing = try run(BuiltProducts.mimic, ["train", "--out", "/tmp/x"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("name the dataset folder"), "\(missing.stderr)")
        let bench = try run(BuiltProducts.mimic, ["help", "bench", "train"])
        #expect(bench.status == 0 && bench.stdout.contains("end to end"))
    }
}
