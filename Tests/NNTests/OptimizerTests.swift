import Primitives
import SafeTensors
import Foundation
import Synchronization
import NN
import NumericChecks
import Testing

@Suite("AdamW and gradient clipping")
struct OptimizerTests {
    /// torch.optim.AdamW's update, written out in double for one tensor.
    struct ReferenceAdamW {
        var m: [Double], v: [Double], step = 0
        let lr = 1e-2, b1 = 0.9, b2 = 0.95, eps = 1e-8, wd: Double
        init(count: Int, weightDecay: Double) { m = Array(repeating: 0, count: count); v = m; wd = weightDecay }
        mutating func update(_ p: inout [Double], _ g: [Double]) {
            step += 1
            let c1 = 1 - pow(b1, Double(step)), c2 = 1 - pow(b2, Double(step))
            for i in p.indices {
                p[i] *= 1 - lr * wd
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                p[i] -= lr / c1 * m[i] / (v[i].squareRoot() / c2.squareRoot() + eps)
            }
        }
    }

    @Test("matches PyTorch's AdamW formula over 5 steps; decays matrices and conv kernels, not 1-D tensors")
    func adamW() {
        var layout = ArenaLayout()
        layout.add("w", [3, 4])  // 2-D: decayed
        layout.add("b", [5])     // 1-D: not decayed
        let params = Arena(layout), grads = Arena(layout)
        var pw = randomValues(12, seed: 1).map { Double(Float($0)) }, pb = randomValues(5, seed: 2).map { Double(Float($0)) }
        params["w"].copy(from: pw.map(Float.init)); params["b"].copy(from: pb.map(Float.init))
        let opt = AdamW(layout: layout, learningRate: 1e-2, weightDecay: 0.1)
        var refW = ReferenceAdamW(count: 12, weightDecay: 0.1), refB = ReferenceAdamW(count: 5, weightDecay: 0)
        for step in 0..<5 {
            let gw = randomValues(12, seed: 10 + UInt64(step)).map { Double(Float($0)) }
            let gb = randomValues(5, seed: 20 + UInt64(step)).map { Double(Float($0)) }
            grads["w"].copy(from: gw.map(Float.init)); grads["b"].copy(from: gb.map(Float.init))
            opt.update(parameters: params, gradients: grads)
            refW.update(&pw, gw)
            refB.update(&pb, gb)
        }
        #expect(opt.step == 5)
        checkClose("w", params["w"].doubles, pw, tolerance: 1e-6)
        checkClose("b", params["b"].doubles, pb, tolerance: 1e-6)
        #expect(AdamW.decays(shape: [3, 4]) && !AdamW.decays(shape: [5]) && AdamW.decays(shape: [8, 3, 3, 3]))
    }

    @Test("state round-trips through a safetensors file")
    func state() throws {
        var layout = ArenaLayout()
        layout.add("w", [2, 2])
        let params = Arena(layout), grads = Arena(layout)
        grads["w"].copy(from: [1, -2, 3, -4])
        let a = AdamW(layout: layout)
        a.update(parameters: params, gradients: grads)
        a.update(parameters: params, gradients: grads)
        let file = try SafeTensorsFile.decode(a.state().encoded())
        let b = AdamW(layout: layout)
        try b.restore(file)
        #expect(b.step == 2 && b.m.flat.values == a.m.flat.values && b.v.flat.values == a.v.flat.values)
        var broken = file
        broken.metadata["step"] = nil
        #expect(throws: NNError.self) { try b.restore(broken) }
    }

    @Test("global-norm clipping scales every gradient by max/(norm+1e-6) only above the max")
    func clipping() {
        var layout = ArenaLayout()
        layout.add("a", [3])
        layout.add("b", [2, 2])
        let grads = Arena(layout)
        grads["a"].copy(from: [3, 0, 0])
        grads["b"].copy(from: [0, 4, 0, 0])
        #expect(abs(GradientClipping.globalNorm(grads) - 5) < 1e-6)
        let norm = GradientClipping.clipGlobalNorm(grads, maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(grads["a"][0] - Float(3 / (5 + 1e-6))) < 1e-6 && abs(grads["b"][1] - Float(4 / (5 + 1e-6))) < 1e-6)
        let before = grads.flat.values
        GradientClipping.clipGlobalNorm(grads, maxNorm: 10)
        #expect(grads.flat.values == before)
    }
}

@Suite("runtime: threads, seeded randomness, tensors, files")
struct RuntimeTests {
    @Test("parallelFor runs every index exactly once, also when nested", arguments: [1, 2, 3])
    func parallelFor(threads: Int) {
        NNRuntime.withThreadCount(threads) {
        for count in [0, 1, 2, 7, 100] {
            var hits = [Int](repeating: 0, count: count * 3)
            hits.withUnsafeMutableBufferPointer { h in
                let h = h.baseAddress!
                NNRuntime.parallelFor(count) { i in
                    h[i] += 1
                    NNRuntime.parallelFor(2) { j in h[count + 2 * i + j] += 1 }  // nested: runs serially
                }
            }
            #expect(hits.allSatisfy { $0 == 1 }, "count \(count): \(hits)")
        }
        }
    }

    @Test("parallelFor under stress: thousands of jobs, two callers at once, the pool replaced meanwhile")
    func stress() {
        let failures = Mutex(0)
        NNRuntime.withThreadCount(2) {
            DispatchQueue.concurrentPerform(iterations: 3) { caller in
                if caller == 2 {
                    for n in [3, 2, 1, 2] { NNRuntime.setThreadCount(n) }  // restored by withThreadCount
                    return
                }
                for round in 0..<3_000 {
                    let count = 1 + (round * 7 + caller) % 13
                    var hits = [Int](repeating: 0, count: count)
                    hits.withUnsafeMutableBufferPointer { h in
                        let h = h.baseAddress!
                        NNRuntime.parallelFor(count) { i in h[i] += i + 1 }
                    }
                    if hits != (1...count).map({ $0 }) { failures.withLock { $0 += 1 } }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }

    @Test("the pool can be replaced while a job's body asks for the pool")
    func replacedWhileBodyAsks() {
        // Before the fix this deadlocked: the replacing thread held the runtime's lock while it waited for
        // the job to end, and the job's body waited for that lock. A failure here is a hang.
        NNRuntime.withThreadCount(2) {
            let inBody = DispatchSemaphore(value: 0), replacing = DispatchSemaphore(value: 0)
            let replacer = DispatchGroup()
            DispatchQueue.global().async(group: replacer) {
                inBody.wait()
                replacing.signal()
                NNRuntime.setThreadCount(3)  // restored by withThreadCount
            }
            var hits = [Int](repeating: 0, count: 4)
            hits.withUnsafeMutableBufferPointer { h in
                let h = h.baseAddress!
                NNRuntime.parallelFor(2) { i in
                    if i == 0 {
                        inBody.signal()
                        replacing.wait()
                        usleep(50_000)  // lets the replacer reach the shutdown, which waits for this job
                    }
                    NNRuntime.parallelFor(2) { j in h[2 * i + j] += 1 }
                }
            }
            replacer.wait()
            #expect(hits == [1, 1, 1, 1])
        }
    }

    @Test("warm-ups keep parallelFor exact: jobs while the workers spin, after their deadline, and a pool replaced while warm",
          arguments: [2, 3])
    func warmUp(threads: Int) {
        NNRuntime.withThreadCount(threads) {
            var failures = 0
            for round in 0..<400 {
                // Long warm-ups (the workers spin through the next jobs), short ones (they lapse between
                // jobs, and the workers go back to sleep), and none.
                if round % 50 == 0 { NNRuntime.warmUp(milliseconds: 20) }
                if round % 7 == 0 { NNRuntime.warmUp(milliseconds: 0.01) }
                if round % 100 == 99 { usleep(2_000) }
                let count = 1 + round % 11
                var hits = [Int](repeating: 0, count: count)
                hits.withUnsafeMutableBufferPointer { h in
                    let h = h.baseAddress!
                    NNRuntime.parallelFor(count) { i in h[i] += i + 1 }
                }
                if hits != (1...count).map({ $0 }) { failures += 1 }
            }
            NNRuntime.warmUp(milliseconds: 10_000)
            NNRuntime.setThreadCount(1)  // stops spinning workers; withThreadCount restores the count
            #expect(failures == 0)
        }
    }

    @Test("evenSplit covers 0..<n with nearly equal parts")
    func split() {
        for (n, parts) in [(10, 3), (3, 5), (0, 2), (8352, 8)] {
            let ranges = (0..<parts).map { evenSplit(n, parts: parts, part: $0) }
            #expect(ranges.map(\.count).reduce(0, +) == n)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect((ranges.map(\.count).max() ?? 0) - (ranges.map(\.count).min() ?? 0) <= 1)
        }
    }

    @Test("SeededRandom: same seed, same numbers; state resumes")
    func random() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var resumed = SeededRandom(state: a.state)!
        #expect(resumed.next() == a.next())
        let normals = (0..<10_000).map { _ in b.normal() }
        let mean = normals.reduce(0, +) / 10_000, variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 10_000
        #expect(abs(mean) < 0.05 && abs(variance - 1) < 0.05)
        #expect(SeededRandom(state: [0, 0, 0, 0]) == nil)
    }

    @Test("arenas: named views into one allocation, aligned to 64 bytes")
    func arena() {
        var layout = ArenaLayout()
        layout.add("a", [3])
        layout.add("b", [2, 5])
        #expect(layout.offsets == [0, 16] && layout.totalCount == 32 && layout.elementCount == 13)
        let arena = Arena(layout)
        arena["b"][9] = 7
        #expect(arena.flat[16 + 9] == 7)
        #expect(arena["b"].rows(1..<2).values == [0, 0, 0, 0, 7])
        #expect(arena["b"].reshaped([10])[9] == 7)
    }

    @Test("tensors in and out of safetensors files, with shape checks")
    func tensorFiles() throws {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        var file = SafeTensorsFile()
        file.add("t", t)
        let back = try SafeTensorsFile.decode(file.encoded(), source: "x.safetensors")
        #expect(try back.tensor("t").values == t.values)
        let into = Tensor(zeros: [2, 3])
        try back.read("t", into: into)
        #expect(into.values == t.values)
        #expect(throws: NNError.tensorMismatch(file: "x.safetensors", tensor: "t", expected: "F32 [3, 2]", found: "F32 [2, 3]")) {
            try back.read("t", into: Tensor(zeros: [3, 2]))
        }
        #expect(throws: NNError.file(.missingTensor(name: "u", file: "x.safetensors"))) { try back.read("u", into: into) }
    }

    @Test("a GEMM trace records whole logical GEMMs")
    func trace() {
        let shapes = GEMM.record {
            Linear.forward(Tensor(zeros: [500, 4]), Tensor(zeros: [500, 3]), Tensor(zeros: [4, 3]), nil)
        }
        // (tests run in parallel: other tests' GEMMs may be recorded too)
        #expect(shapes.contains(GEMMShape(transA: false, transB: true, m: 500, n: 4, k: 3)))
    }
}
