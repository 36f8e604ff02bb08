import Capture
import Episode
import Foundation
import Workloads

/// The phases of `mimic bench record`, each on a private display of its own.
extension RecordBenchmark {
    /// The first executable `program` on PATH.
    public static func find(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func recordPhase(mimic: String, width: Int, height: Int, seconds: Double, fps: Double, mode: ScreenAnimator.Mode,
                            eventsPerSecond: Double, out: String, recordArguments: [String] = [], shouldStop: () -> Bool,
                            progress: (Progress) -> Void) throws -> RecordResult {
        let label = (mode == .busy ? "busy" : "typical") + (recordArguments.isEmpty ? "" : " (" + recordArguments.joined(separator: " ") + ")")
        let display = try PrivateDisplay(width: width, height: height)
        defer { display.stop() }  // also keeps the display alive until the phase ends
        let animator = try ScreenAnimator(display: display.name, mode: mode, fps: fps)
        // Busy: a storm of moves to check that none is lost. Typical: a pointer that rests and glides now and then.
        let storm = try MotionStorm(display: display.name, eventsPerSecond: mode == .busy ? eventsPerSecond : 0)
        let glides = mode == .typical ? try PointerGlides(display: display.name) : nil
        let recorder = try ChildProcess(path: mimic, arguments: ["record", "--display", display.name, "--out", out, "--fps", "\(fps)"] + recordArguments)
        // The recorder is live once its first event (the active window) is on disk.
        while !FileManager.default.fileExists(atPath: out) || (try? FileManager.default.contentsOfDirectory(atPath: out))?.first
            .flatMap({ FileManager.default.contents(atPath: out + "/" + $0 + "/events.jsonl") })?.contains(10) != true {
            guard recorder.isRunning else { throw BenchmarkError.programExitedEarly(program: "mimic record") }
            usleep(20_000)
        }
        animator.start()
        storm.start()
        glides?.start()
        var resident: [Double] = []
        let start = Date()
        while Date().timeIntervalSince(start) < seconds && !shouldStop() {
            usleep(200_000)
            let elapsed = Date().timeIntervalSince(start)
            if Int(elapsed * 5) % 5 == 0 || resident.isEmpty, let rss = residentMB(recorder.pid) { resident.append(rss) }
            progress(.status(String(format: "%@: %.0f/%.0f s, %d moves sent", label, elapsed, seconds, storm.sent)))
        }
        storm.stop()
        glides?.stop()
        animator.stop()
        recorder.send(SIGINT)
        let ended = recorder.wait()
        progress(.phaseEnded)
        guard ended.status == 0 else { throw BenchmarkError.programFailed(program: "mimic record", status: ended.status) }

        let folder = try FileManager.default.contentsOfDirectory(atPath: out).sorted().last.map { out + "/" + $0 }!
        let episode = try EpisodeReader.open(folder)
        let duration = episode.durationMs / 1000
        let moves = episode.events.compactMap { e -> (position: (Int, Int), t: Double)? in
            if case .motion(let x, let y) = e.kind { return ((x, y), e.t) }
            return nil
        }
        // Walk the sent sequence: every recorded move must be the next one sent. A matched move's stamp,
        // on CLOCK_MONOTONIC, against when it was flushed to the server, is its timestamp's lateness.
        let sentAt = storm.sentNanoseconds
        let startNs = episode.metadata.monotonicStartNs
        var lateness: [Double] = []
        var matched = 0
        var mismatched = 0
        var next = 0
        for move in moves {
            var index: Int?
            if next < storm.sent, move.position == storm.position(next) {
                index = next
            } else {
                index = (next..<min(storm.sent, next + 1000)).first(where: { storm.position($0) == move.position })
            }
            guard let index else { mismatched += 1; continue }
            matched += 1
            next = index + 1
            if let startNs, index < sentAt.count {
                lateness.append((Double(startNs) + move.t * 1e6 - Double(sentAt[index])) / 1e6)
            }
        }
        let bytes = folderSize(folder)
        let frames = episode.frames.count
        return RecordResult(fps: Double(frames) / duration, cpuPerSecond: ended.cpuSeconds / duration,
                            framesPerCPUSecond: Double(frames) / ended.cpuSeconds,
                            megabytesPerMinute: Double(bytes) / 1e6 / duration * 60,
                            kilobytesPerPNG: Double(folderSize(folder + "/frames")) / 1e3 / Double(max(1, episode.metadata.counts.framesStored)),
                            skipped: episode.metadata.counts.framesSkipped, eventsSent: storm.sent,
                            eventsLost: storm.sent - matched, coordinateMismatches: mismatched, stampLatenessMs: lateness, residentMB: resident)
    }

    static func ffmpegPhase(ffmpeg: String, width: Int, height: Int, seconds: Double, fps: Double, out: String,
                            progress: (Progress) -> Void) throws -> FFmpegResult {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let display = try PrivateDisplay(width: width, height: height)
        defer { display.stop() }  // also keeps the display alive until the phase ends
        let animator = try ScreenAnimator(display: display.name, mode: .busy, fps: fps)
        animator.start()
        progress(.status("ffmpeg x11grab: \(Int(seconds)) s"))
        let child = try ChildProcess(path: ffmpeg, arguments: [
            "-nostdin", "-loglevel", "error", "-f", "x11grab", "-framerate", "\(fps)", "-video_size", "\(width)x\(height)",
            "-i", display.name, "-t", "\(seconds)", "-c:v", "png", "-compression_level", "1", "-pred", "none", out + "/%06d.png",
        ])
        let ended = child.wait()
        animator.stop()
        progress(.phaseEnded)
        let frames = (try? FileManager.default.contentsOfDirectory(atPath: out))?.count ?? 0
        guard ended.status == 0, frames > 0 else { throw BenchmarkError.programFailed(program: "ffmpeg", status: ended.status) }
        return FFmpegResult(fps: Double(frames) / seconds, cpuPerSecond: ended.cpuSeconds / seconds,
                            framesPerCPUSecond: Double(frames) / ended.cpuSeconds,
                            megabytesPerMinute: Double(folderSize(out)) / 1e6 / seconds * 60,
                            kilobytesPerPNG: Double(folderSize(out)) / 1e3 / Double(frames))
    }

    static func residentMB(_ pid: pid_t) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    static func folderSize(_ path: String) -> Int {
        guard let files = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let file as String in files {
            total += (try? FileManager.default.attributesOfItem(atPath: path + "/" + file)[.size] as? Int) ?? 0
        }
        return total
    }
}
