import Benchmarks
import NN
import Testing

@Suite("Train-step benchmark: GEMM work and lines")
struct TrainStepBenchmarkTests {
    @Test("a GEMM of (m, n, k) is 2mnk flops, whatever its transposes; a list sums them")
    func flops() {
        let shapes = [GEMMShape(transA: false, transB: true, m: 32 * 261, n: 384, k: 128),
                      GEMMShape(transA: true, transB: false, m: 128, n: 384, k: 32 * 261),
                      GEMMShape(transA: false, transB: false, m: 1, n: 1, k: 1)]
        #expect(shapes[0].flops == 2 * 8352 * 384 * 128)
        #expect(shapes[1].flops == shapes[0].flops)
        #expect(TrainStepBenchmark.flops(shapes) == 2 * shapes[0].flops + 2)
        #expect(TrainStepBenchmark.flops([]) == 0)
        #expect(shapes[0].description == "NT 8352x384x128")
    }

    @Test("the largest groups by work (count x flops) come first; 12 unless all are asked for")
    func largest() {
        let groups = (1...14).map { i in
            GEMMBenchmark.Group(shape: GEMMShape(transA: false, transB: false, m: i, n: 10, k: 10), count: 15 - i,
                                threadedSeconds: 1, sideBySideSeconds: 1)
        }
        // Work m * (15 - m) peaks at m = 7 and 8.
        let top = TrainStepBenchmark.largestGroups(groups, all: false)
        #expect(top.count == 12)
        #expect(Set(top.prefix(2).map(\.shape.m)) == [7, 8])
        #expect(!top.contains { $0.shape.m == 1 || $0.shape.m == 14 })
        #expect(TrainStepBenchmark.largestGroups(groups, all: true).count == 14)
    }

    @Test("a round's line gives step and sgemm times and their ratio")
    func round() {
        let round = TrainStepBenchmark.RoundFigures(round: 2, step: 0.2, fastest: 0.19, sgemm: 0.17)
        #expect(TrainStepBenchmark.line(round) == "round 2: step 200.0 ms (fastest 190.0), the same GEMMs in plain sgemm 170.0 ms: 85.0%")
    }
}
