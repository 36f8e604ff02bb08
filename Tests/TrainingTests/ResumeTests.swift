import SafeTensors
import Dataset
import Foundation
import NN
import Testing
import TestSupport
@testable import Training

/// A run stopped and resumed gives, bit for bit, the losses (and weights) of a run never interrupted.
@Suite("stop and resume")
struct ResumeTests {
    static let steps = 24

    static func options() -> TrainingOptions {
        var o = testOptions(steps: steps, lr: 3e-3, warmup: 5)
        o.validateEvery = 8
        o.checkpointEvery = 5
        return o
    }

    @Test("a run stopped at step 11 and resumed has the uninterrupted run's loss at every step, and its weights")
    func resumeIsExact() throws {
        let folder = TemporaryFolder("mimic-resume")
        let dataset = try syntheticDataset(in: folder, episodes: 4, scenes: 32, valFraction: 0.5)  // 64 validation samples: 2 batches
        try withTestThreads {
            let whole = try TrainingRun.start(dataset: dataset, folder: folder.file("whole"), options: Self.options(), model: tinyModel())
            #expect(try whole.run() == .finished(step: Self.steps))

            let first = try TrainingRun.start(dataset: dataset, folder: folder.file("parts"), options: Self.options(), model: tinyModel())
            #expect(try first.run(shouldStop: { first.state.step == 11 }) == .stopped(step: 11))
            // Ask for the stop in the middle of a validation too: it is cut short and redone after the resume.
            let second = try TrainingRun.resume(folder: folder.file("parts"), options: Self.options(), model: ModelOverrides())
            var validating = false
            #expect(try second.run(shouldStop: {
                if second.state.step == 16 { if validating { return true }; validating = true }
                return false
            }) == .stopped(step: 16))
            let third = try TrainingRun.resume(folder: folder.file("parts"), options: Self.options(), model: ModelOverrides())
            #expect(third.state.step == 16)
            #expect(try third.run() == .finished(step: Self.steps))
            #expect(try TrainingRun.resume(folder: folder.file("parts"), options: Self.options(), model: ModelOverrides()).run()
                    == .alreadyFinished(step: Self.steps))
        }
        let a = try stepLosses(folder.file("whole")), b = try stepLosses(folder.file("parts"))
        #expect(a.count == Self.steps && Set(a.keys) == Set(1...Self.steps))
        let differing = (1...Self.steps).filter { a[$0]?.bitPattern != b[$0]?.bitPattern }
        #expect(differing.isEmpty, "steps whose loss differs: \(differing.map { "\($0): \(a[$0] ?? .nan) vs \(b[$0] ?? .nan)" })")
        // Weights, moments and the best checkpoint are the same bytes; the validations the same figures.
        for name in [RunLayout.last, RunLayout.best] {
            let x = try SafeTensorsFile.read(path: folder.file("whole/" + name)), y = try SafeTensorsFile.read(path: folder.file("parts/" + name))
            #expect(x.entries == y.entries, "\(name)")
            // The weights say how frames were prepared, so an agent can prepare live frames the same way.
            let kept = try x.metadata["preprocessing"].map { try JSONDecoder().decode(Preprocessing.self, from: Data($0.utf8)) }
            #expect(kept == Preprocessing(size: ImageSize(width: 32, height: 32), fit: .stretch), "\(name)")
        }
        let x = try SafeTensorsFile.read(path: folder.file("whole/optimizer.safetensors"))
        let y = try SafeTensorsFile.read(path: folder.file("parts/optimizer.safetensors"))
        #expect(x.entries == y.entries)
        let va = try MetricsLog.read(path: folder.file("whole/metrics.jsonl")).compactMap { r -> ValidationMetrics? in
            if case .validation(let v) = r { v.overall } else { nil }
        }
        let vb = try MetricsLog.read(path: folder.file("parts/metrics.jsonl")).compactMap { r -> ValidationMetrics? in
            if case .validation(let v) = r { v.overall } else { nil }
        }
        #expect(va == vb && va.count == 3)
        let events = try MetricsLog.read(path: folder.file("parts/metrics.jsonl")).compactMap { r -> String? in
            if case .event(let e) = r { "\(e.event)@\(e.step)" } else { nil }
        }
        #expect(events == ["started@0", "stopped@11", "resumed@11", "stopped@16", "resumed@16", "finished@24"])
    }

    @Test("lines written after the last checkpoint (a killed process) are dropped on resume")
    func killedProcess() throws {
        let folder = TemporaryFolder("mimic-killed")
        let dataset = try syntheticDataset(in: folder, episodes: 3, scenes: 24, valFraction: 0)
        var options = testOptions(steps: 12, lr: 3e-3, warmup: 5)
        options.checkpointEvery = 4
        try withTestThreads {
            let run = try TrainingRun.start(dataset: dataset, folder: folder.file("run"), options: options, model: tinyModel())
            for _ in 0..<6 { try run.step() }
            try run.checkpoint()
            for _ in 0..<3 { try run.step() }
            run.stopLoader()
            // As if killed here: checkpoint at 6, metrics up to 9, and half a line.
            let handle = try #require(FileHandle(forWritingAtPath: folder.file("run/metrics.jsonl")))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"kind\":\"train\",\"step\":10,\"lo".utf8))
            try handle.close()
            let resumed = try TrainingRun.resume(folder: folder.file("run"), options: options, model: ModelOverrides())
            #expect(resumed.state.step == 6)
            #expect(resumed.metrics.trainRecords.map(\.step) == Array(1...6))
            #expect(try resumed.run() == .finished(step: 12))
        }
        #expect(try stepLosses(folder.file("run")).keys.sorted() == Array(1...12))
    }
}
