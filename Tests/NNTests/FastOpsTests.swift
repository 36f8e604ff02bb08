import NN
import NumericChecks
import Testing

/// The fast float32 ops (BLAS, SIMD, threads) against the naive double-precision references.
/// Stated tolerance: max |fast − reference| ≤ 1e-5 · max(1, max |reference|) per tensor.
@Suite("fast ops match their naive references")
struct FastOpsTests {
    static let tolerance = 1e-5

    /// 300 rows: split over threads by rows; 4,500 rows into 5 outputs: the weight gradient split over the
    /// rows (k) instead, one partial per thread.
    @Test("linear forward (bias, residual, finish hook) and backward (adds into gradients)",
          arguments: [1, 2], [(300, 24, 20), (4500, 9, 5)])
    func linear(threads: Int, shape: (rows: Int, inputs: Int, outputs: Int)) {
        NNRuntime.withThreadCount(threads) {
            let (r, i, o) = shape
            #expect(GEMM.sumsSplitOverK(m: o, k: r) == (threads > 1 && r > 4096))
            let x = rounded(randomValues(r * i, seed: 1)), w = rounded(randomValues(o * i, seed: 2)), b = rounded(randomValues(o, seed: 3))
            let res = rounded(randomValues(r * o, seed: 4))
            let out = Tensor(zeros: [r, o])
            var finished = Array(repeating: 0, count: r)
            finished.withUnsafeMutableBufferPointer { marks in
                let marks = marks.baseAddress!
                Linear.forward(out, Tensor([r, i], x), Tensor([o, i], w), Tensor([o], b), residual: Tensor([r, o], res)) { rows in
                    for row in rows { marks[row] += 1 }
                }
            }
            #expect(finished.allSatisfy { $0 == 1 }, "finish must see every row once")
            let expected = zip(Linear.forwardNaive(input: x, weight: w, bias: b, rows: r, inFeatures: i, outFeatures: o), res).map { $0 + $1 }
            checkClose("out", out.doubles, expected, tolerance: Self.tolerance)

            let g = rounded(randomValues(r * o, seed: 5))
            let ref = Linear.backwardNaive(dOut: g, input: x, weight: w, rows: r, inFeatures: i, outFeatures: o)
            let dx = Tensor(zeros: [r, i]), dw = Tensor(zeros: [o, i]), db = Tensor(zeros: [o])
            for _ in 0..<2 {  // twice: gradients are added into
                Linear.backward(dInput: dx, dWeight: dw, dBias: db, dOut: Tensor([r, o], g), input: Tensor([r, i], x), weight: Tensor([o, i], w))
            }
            checkClose("dInput", dx.doubles, ref.dInput.map { 2 * $0 }, tolerance: Self.tolerance)
            checkClose("dWeight", dw.doubles, ref.dWeight.map { 2 * $0 }, tolerance: Self.tolerance)
            checkClose("dBias", db.doubles, ref.dBias.map { 2 * $0 }, tolerance: Self.tolerance)
            // overwrite mode replaces dInput
            Linear.backward(dInput: dx, dWeight: dw, dBias: nil, dOut: Tensor([r, o], g), input: Tensor([r, i], x), weight: Tensor([o, i], w),
                            overwriteInputGradient: true)
            checkClose("dInput (overwrite)", dx.doubles, ref.dInput, tolerance: Self.tolerance)
        }
    }

    @Test("embedding forward and backward")
    func embedding() {
        let (v, d) = (5, 7)
        let indices: [Int32] = [4, 0, 4, 2, 1]
        let table = rounded(randomValues(v * d, seed: 6)), g = rounded(randomValues(indices.count * d, seed: 7))
        let out = Tensor(zeros: [indices.count, d])
        Embedding.forward(out, indices: indices, table: Tensor([v, d], table))
        checkClose("out", out.doubles, Embedding.forwardNaive(indices: indices, table: table, d: d), tolerance: 0)
        Embedding.forward(out, indices: indices, table: Tensor([v, d], table), accumulate: true)
        checkClose("out (accumulated)", out.doubles, Embedding.forwardNaive(indices: indices, table: table, d: d).map { 2 * $0 }, tolerance: 0)
        let dTable = Tensor(zeros: [v, d])
        Embedding.backward(dTable: dTable, dOut: Tensor([indices.count, d], g), indices: indices)
        checkClose("dTable", dTable.doubles, Embedding.backwardNaive(dOut: g, indices: indices, entries: v, d: d), tolerance: 1e-7)
    }

    @Test("layernorm forward and backward (width not a multiple of 8)", arguments: [(130, 20), (70, 128)])
    func layerNorm(rows: Int, d: Int) {
        NNRuntime.withThreadCount(2) {
            let x = rounded(randomValues(rows * d, seed: 8, scale: 3)), w = rounded(randomValues(d, seed: 9)), b = rounded(randomValues(d, seed: 10))
            let out = Tensor(zeros: [rows, d]), mean = Tensor(zeros: [rows]), rstd = Tensor(zeros: [rows])
            LayerNorm.forward(out, mean: mean, rstd: rstd, Tensor([rows, d], x), weight: Tensor([d], w), bias: Tensor([d], b))
            checkClose("out", out.doubles, LayerNorm.forwardNaive(input: x, weight: w, bias: b, rows: rows, d: d), tolerance: Self.tolerance)
            let g = rounded(randomValues(rows * d, seed: 11))
            let ref = LayerNorm.backwardNaive(dOut: g, input: x, weight: w, rows: rows, d: d)
            let dx = Tensor([rows, d], Array(repeating: 1, count: rows * d)), dw = Tensor(zeros: [d]), db = Tensor(zeros: [d])
            LayerNorm.backward(dInput: dx, dWeight: dw, dBias: db, dOut: Tensor([rows, d], g), input: Tensor([rows, d], x),
                               weight: Tensor([d], w), mean: mean, rstd: rstd)
            checkClose("dInput (added to ones)", dx.doubles, ref.dInput.map { $0 + 1 }, tolerance: Self.tolerance)
            checkClose("dWeight", dw.doubles, ref.dWeight, tolerance: Self.tolerance)
            checkClose("dBias", db.doubles, ref.dBias, tolerance: Self.tolerance)
        }
    }

    @Test("gelu forward and backward, including the tails and a ragged end")
    func gelu() {
        let n = 1003
        var x = rounded(randomValues(n, seed: 12, scale: 6))
        x[0] = 0; x[1] = -30; x[2] = 30; x[3] = 1e-4
        let out = Tensor(zeros: [n])
        GELU.forward(out, Tensor([n], x))
        checkClose("out", out.doubles, GELU.forwardNaive(x), tolerance: 2e-6)
        let g = rounded(randomValues(n, seed: 13))
        let dx = Tensor([n], Array(repeating: 0.5, count: n))
        GELU.backward(dInput: dx, dOut: Tensor([n], g), input: Tensor([n], x))
        checkClose("dInput", dx.doubles, GELU.backwardNaive(dOut: g, input: x).map { $0 + 0.5 }, tolerance: 2e-6)
        // with the tanh term kept by forward, in place (dInput is dOut's memory)
        let tanh = Tensor(zeros: [n]), out2 = Tensor(zeros: [n])
        GELU.forward(out2, Tensor([n], x), tanh: tanh)
        #expect(out2.values == out.values)
        let inPlace = Tensor([n], g)
        GELU.backward(dInput: inPlace, dOut: inPlace, input: Tensor([n], x), tanh: tanh, accumulate: false)
        checkClose("dInput (kept tanh, in place)", inPlace.doubles, GELU.backwardNaive(dOut: g, input: x), tolerance: 2e-6)
    }

    @Test("attention forward and backward", arguments: [(2, 13, 16, 2, 1), (3, 9, 24, 4, 2)])
    func attention(b: Int, t: Int, d: Int, h: Int, threads: Int) {
        NNRuntime.withThreadCount(threads) {
            let qkv = rounded(randomValues(b * t * 3 * d, seed: 14, scale: 2))
            let out = Tensor(zeros: [b * t, d]), probs = Tensor(zeros: [b, h, t, t])
            Attention.forward(out, probs: probs, Tensor([b * t, 3 * d], qkv), batch: b, tokens: t, width: d, heads: h)
            checkClose("out", out.doubles, Attention.forwardNaive(qkv: qkv, batch: b, tokens: t, width: d, heads: h), tolerance: Self.tolerance)
            let g = rounded(randomValues(b * t * d, seed: 15))
            let dqkv = Tensor(zeros: [b * t, 3 * d]), scratch = Tensor(zeros: [3, t, t])
            Attention.backward(dQKV: dqkv, dOut: Tensor([b * t, d], g), qkv: Tensor([b * t, 3 * d], qkv), probs: probs, scratch: scratch,
                               batch: b, tokens: t, width: d, heads: h)
            checkClose("dQKV", dqkv.doubles, Attention.backwardNaive(dOut: g, qkv: qkv, batch: b, tokens: t, width: d, heads: h),
                       tolerance: Self.tolerance)
        }
    }

    @Test("cross-entropy and BCE match their references")
    func losses() {
        let (r, c) = (4, 6)
        let z = rounded(randomValues(r * c, seed: 16, scale: 4))
        let targets: [Int32] = [5, 0, 3, 3]
        let weights: [Float] = [0.5, 0, 0.5, 0]
        let probs = Tensor(zeros: [r, c])
        let loss = CrossEntropy.forward(probs: probs, logits: Tensor([r, c], z), targets: targets, weights: weights)
        let wd = weights.map(Double.init)
        checkClose("loss", [loss], [CrossEntropy.forwardNaive(logits: z, targets: targets, weights: wd)], tolerance: 1e-7)
        let dz = Tensor(zeros: [r, c])
        CrossEntropy.backward(dLogits: dz, probs: probs, targets: targets, weights: weights)
        checkClose("dLogits", dz.doubles, CrossEntropy.backwardNaive(logits: z, targets: targets, weights: wd), tolerance: 1e-7)

        let t = (0..<(r * c)).map { Float($0 % 3 == 0 ? 1 : 0) }
        let bce = BCEWithLogits.forward(logits: Tensor([r, c], z), targets: t, weights: weights)
        checkClose("bce", [bce], [BCEWithLogits.forwardNaive(logits: z, targets: t.map(Double.init), weights: wd)], tolerance: 1e-7)
        let dzb = Tensor(zeros: [r, c])
        BCEWithLogits.backward(dLogits: dzb, logits: Tensor([r, c], z), targets: t, weights: weights)
        checkClose("dLogits (bce)", dzb.doubles, BCEWithLogits.backwardNaive(logits: z, targets: t.map(Double.init), weights: wd), tolerance: 1e-7)
    }

    @Test("exp8 and tanh8 are accurate over the range that matters")
    func fastMath() {
        var worstExp = 0.0, worstTanh = 0.0
        for i in 0..<2000 {
            let x = Float(i) / 2000 * 160 - 80  // [-80, 80)
            let e = exp8(Float8(repeating: x))[0]
            worstExp = max(worstExp, abs(Double(e) - Foundation.exp(Double(x))) / Foundation.exp(Double(x)))
            let u = Float(i) / 2000 * 20 - 10
            worstTanh = max(worstTanh, abs(Double(tanh8(Float8(repeating: u))[0]) - Foundation.tanh(Double(u))))
        }
        #expect(worstExp < 4e-7, "exp8 relative error \(worstExp)")
        #expect(worstTanh < 3e-7, "tanh8 absolute error \(worstTanh)")
    }
}

import Foundation
