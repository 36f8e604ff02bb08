import Benchmarks
import Testing

@Suite("Record benchmark: figures as lines")
struct RecordBenchmarkTests {
    static func busy(stamps: [Double], mismatches: Int = 0) -> RecordBenchmark.RecordResult {
        .init(fps: 30, cpuPerSecond: 0.3, framesPerCPUSecond: 100, megabytesPerMinute: 150, kilobytesPerPNG: 80, skipped: 0,
              eventsSent: 1000, eventsLost: 2, coordinateMismatches: mismatches, stampLatenessMs: stamps, residentMB: [40, 45, 42])
    }

    @Test("the table, the ffmpeg ratio and the stamps' median, p99 and max")
    func lines() {
        let stamps = (0..<100).map { Double($0) / 50 - 0.5 }  // -0.5 ... 1.48 ms
        let figures = RecordBenchmark.Figures(busy: Self.busy(stamps: stamps.reversed()),
                                              ffmpeg: .init(fps: 29, cpuPerSecond: 0.6, framesPerCPUSecond: 50, megabytesPerMinute: 300, kilobytesPerPNG: 170))
        #expect(RecordBenchmark.lines(figures) == [
            "",
            "                          frames/s  CPU s/s  frames/CPU-s   MB/min  KB/PNG  skipped  events lost",
            "mimic record (fast PNG)       30.0     0.30         100.0      150      80        0  2 of 1000",
            "ffmpeg x11grab (PNG l1)       29.0     0.60          50.0      300     170",
            "ratio of frames per CPU-second, mimic / ffmpeg: 2.00x",
            "input event stamps minus send times (X stamps whole ms, so down to -1): median 0.49 ms, p99 1.46 ms, max 1.48 ms (target: within 2 ms)",
            "recorder resident memory: 40 MB after 1 s, 45 MB at most, 42 MB at the end",
            "targets: >= 30 frames/s on <= 0.40 CPU s/s, >= 1.2x ffmpeg, 0 skipped, 0 events lost, stamps within 2 ms, flat memory, <= 20 MB/min typical",
        ])
    }

    @Test("no stamps line without recorded moves; wrong places are named")
    func withoutMoves() {
        let lines = RecordBenchmark.lines(.init(busy: Self.busy(stamps: [], mismatches: 3)))
        #expect(!lines.contains { $0.hasPrefix("input event stamps") })
        #expect(lines.contains("recorded moves at the wrong place: 3"))
    }
}
