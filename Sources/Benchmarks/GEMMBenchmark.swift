import CBLAS
import Foundation
import NN

/// Measures plain OpenBLAS sgemm on given shapes: the ceiling a model's GEMMs could reach on this machine.
/// (`mimic bench train-step` holds a whole training step to it.)
public enum GEMMBenchmark {
    /// One shape and how often it occurs.
    public struct Group: Sendable {
        public var shape: GEMMShape
        public var count: Int
        /// Seconds per call: OpenBLAS with its own threads, one call at a time.
        public var threadedSeconds: Double
        /// Seconds per call when `threads` one-thread calls run side by side (throughput per call).
        public var sideBySideSeconds: Double
        /// The better of the two.
        public var bestSeconds: Double { min(threadedSeconds, sideBySideSeconds) }
        public init(shape: GEMMShape, count: Int, threadedSeconds: Double, sideBySideSeconds: Double) {
            self.shape = shape; self.count = count; self.threadedSeconds = threadedSeconds; self.sideBySideSeconds = sideBySideSeconds
        }
    }

    /// Every GEMM `body` makes, in order (whole logical GEMMs, before NN splits them over threads).
    public static func record(_ body: () throws -> Void) rethrows -> [GEMMShape] {
        try GEMM.record(body)
    }

    /// Times each distinct shape of `shapes` both ways on `threads` threads, for at least `minSeconds`
    /// each way. OpenBLAS is left at one thread afterwards (NN's policy).
    public static func measure(_ shapes: [GEMMShape], threads: Int, minSeconds: Double = 0.05) -> [Group] {
        var counts: [GEMMShape: Int] = [:]
        var order: [GEMMShape] = []
        for s in shapes {
            if counts[s] == nil { order.append(s) }
            counts[s, default: 0] += 1
        }
        defer { openblas_set_num_threads(1) }
        return order.map { shape in
            let aCount = shape.m * shape.k, bCount = shape.k * shape.n, cCount = shape.m * shape.n
            // One set of operands per thread, filled with small values.
            let buffers = (0..<threads).map { t -> (Tensor, Tensor, Tensor) in
                let a = Tensor(zeros: [aCount]), b = Tensor(zeros: [bCount]), c = Tensor(zeros: [cCount])
                for i in 0..<aCount { a.data[i] = Float((i * 7 + t) % 13) / 13 - 0.5 }
                for i in 0..<bCount { b.data[i] = Float((i * 5 + t) % 11) / 11 - 0.5 }
                return (a, b, c)
            }
            func call(_ set: (Tensor, Tensor, Tensor)) {
                GEMM.raw(transA: shape.transA, transB: shape.transB, m: shape.m, n: shape.n, k: shape.k, alpha: 1,
                         a: set.0.data, lda: shape.transA ? shape.m : shape.k, b: set.1.data, ldb: shape.transB ? shape.k : shape.n,
                         beta: 0, c: set.2.data, ldc: shape.n)
            }
            // OpenBLAS threaded.
            openblas_set_num_threads(Int32(threads))
            call(buffers[0])
            let threaded = timePerCall(minSeconds) { call(buffers[0]) }
            // Side by side, one thread each: every thread repeats the call on its own operands.
            openblas_set_num_threads(1)
            var sideBySide = threaded
            if threads > 1 {
                let reps = max(1, Int(minSeconds / max(threaded * Double(threads), 1e-7)))
                NNRuntime.parallelFor(threads) { t in call(buffers[t]) }
                sideBySide = timePerCall(0) {
                    NNRuntime.parallelFor(threads) { t in for _ in 0..<reps { call(buffers[t]) } }
                } / Double(threads * reps)
            }
            return Group(shape: shape, count: counts[shape]!, threadedSeconds: threaded, sideBySideSeconds: sideBySide)
        }
    }

    /// CPU seconds of one-thread sgemm for all of `shapes` (each distinct shape timed by its thread's CPU
    /// clock, best of a few runs): what the GEMMs cost in CPU time however busy the machine is.
    public static func cpuSeconds(_ shapes: [GEMMShape], minSeconds: Double = 0.02) -> Double {
        var counts: [GEMMShape: Int] = [:]
        for s in shapes { counts[s, default: 0] += 1 }
        openblas_set_num_threads(1)
        var total = 0.0
        for (shape, count) in counts {
            let a = Tensor(zeros: [shape.m * shape.k]), b = Tensor(zeros: [shape.k * shape.n]), c = Tensor(zeros: [shape.m * shape.n])
            for i in 0..<a.count { a.data[i] = Float(i % 13) / 13 - 0.5 }
            for i in 0..<b.count { b.data[i] = Float(i % 11) / 11 - 0.5 }
            let reps = max(1, Int(minSeconds * 50e9 / max(shape.flops, 1)))
            var best = Double.infinity
            for _ in 0..<3 {
                let start = CPUTime.thread()
                for _ in 0..<reps {
                    GEMM.raw(transA: shape.transA, transB: shape.transB, m: shape.m, n: shape.n, k: shape.k, alpha: 1,
                             a: a.data, lda: shape.transA ? shape.m : shape.k, b: b.data, ldb: shape.transB ? shape.k : shape.n,
                             beta: 0, c: c.data, ldc: shape.n)
                }
                best = min(best, (CPUTime.thread() - start) / Double(reps))
            }
            total += best * Double(count)
        }
        return total
    }


    /// Seconds per run of `body`, repeated until at least `minSeconds` have passed.
    public static func timePerCall(_ minSeconds: Double, _ body: () -> Void) -> Double {
        var runs = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            body()
            runs += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minSeconds
        return elapsed / Double(runs)
    }
}
