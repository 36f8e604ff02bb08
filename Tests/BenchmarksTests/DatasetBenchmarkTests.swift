import Benchmarks
import Dataset
import Testing

@Suite("Dataset benchmark: figures as lines")
struct DatasetBenchmarkTests {
    static let rounds = [
        DatasetBenchmark.RoundFigures(round: 1, framesDecoded: 300, decodeSeconds: 1.0, samples: 600, seconds: 2.0, cpuSeconds: 1.5),
        DatasetBenchmark.RoundFigures(round: 2, framesDecoded: 300, decodeSeconds: 0.5, samples: 600, seconds: 1.5, cpuSeconds: 1.2),
        DatasetBenchmark.RoundFigures(round: 3, framesDecoded: 300, decodeSeconds: 0.75, samples: 600, seconds: 3.0, cpuSeconds: 0.9),
    ]

    @Test("a round's line gives its rates and CPU time per frame")
    func round() {
        #expect(DatasetBenchmark.line(Self.rounds[0])
            == "round 1: 300 frames decoded and resized in 1.00 s (300 frames/s); 600 samples built in 2.00 s (300 samples/s); 5.0 CPU-ms per frame")
    }

    @Test("the episode's line gives the mean PNG size of the distinct frames")
    func episode() {
        let episode = DatasetBenchmark.EpisodeFigures(path: "work/episode", frames: 600, distinctFrames: 300, pngBytes: 300 * 1024 * 50)
        #expect(DatasetBenchmark.line(episode) == "wrote 600 frames (300 distinct PNGs, 50 KB each) to work/episode")
    }

    @Test("the summary reports the medians of the rounds")
    func summary() {
        let figures = DatasetBenchmark.Figures(width: 1920, height: 1080, size: ImageSize(width: 128, height: 128), fit: "letterbox",
                                               contentWidth: 128, contentHeight: 72, cores: 2, decodeMilliseconds: 12.34,
                                               resizeMilliseconds: 0.456, rounds: Self.rounds)
        #expect(DatasetBenchmark.summaryLines(figures) == [
            "",
            "screen 1920x1080 -> 128x128 (letterbox, content 128x72), 2 cores",
            "one frame, one thread:  PNG decode 12.3 ms, resize 0.46 ms",
            "build, all cores:       400 frames/s (median of 3)   target >= 300 frames/s on 2 cores",
            "whole build:            300 samples/s (600 samples from 300 distinct frames)",
            "CPU per frame:          4.0 ms (whole build) -> 500 frames/s if all 2 cores were free",
        ])
    }
}
