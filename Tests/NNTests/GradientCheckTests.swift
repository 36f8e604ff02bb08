import NN
import NumericChecks
import Testing

/// Every op's naive reference backward is checked against central finite differences of its naive
/// forward, in double precision (h = 1e-5). Loss L = Σ g ⊙ out for a random upstream gradient g.
/// Stated tolerance: relative error ≤ 1e-6 per element (floor 1e-6 for values near zero).
@Suite("finite-difference gradient checks of every op (double precision)")
struct GradientCheckTests {
    static let tolerance = 1e-6
    static let floor = 1e-6

    @Test("linear: input, weight and bias")
    func linear() {
        let (r, i, o) = (3, 5, 4)
        let x = randomValues(r * i, seed: 1), w = randomValues(o * i, seed: 2), b = randomValues(o, seed: 3)
        let g = randomValues(r * o, seed: 4)
        let analytic = Linear.backwardNaive(dOut: g, input: x, weight: w, rows: r, inFeatures: i, outFeatures: o)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            dot(g, Linear.forwardNaive(input: x, weight: w, bias: b, rows: r, inFeatures: i, outFeatures: o))
        }
        checkRelative("dInput", analytic.dInput, numericGradient(x) { loss($0, w, b) }, tolerance: Self.tolerance, floor: Self.floor)
        checkRelative("dWeight", analytic.dWeight, numericGradient(w) { loss(x, $0, b) }, tolerance: Self.tolerance, floor: Self.floor)
        checkRelative("dBias", analytic.dBias, numericGradient(b) { loss(x, w, $0) }, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("embedding: table rows, repeated indices summed")
    func embedding() {
        let (v, d) = (4, 3)
        let indices: [Int32] = [1, 3, 1, 0]
        let table = randomValues(v * d, seed: 5), g = randomValues(indices.count * d, seed: 6)
        let analytic = Embedding.backwardNaive(dOut: g, indices: indices, entries: v, d: d)
        let numeric = numericGradient(table) { dot(g, Embedding.forwardNaive(indices: indices, table: $0, d: d)) }
        checkRelative("dTable", analytic, numeric, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("layernorm: input, weight and bias")
    func layerNorm() {
        let (r, d) = (3, 8)
        let x = randomValues(r * d, seed: 7, scale: 2), w = randomValues(d, seed: 8), b = randomValues(d, seed: 9)
        let g = randomValues(r * d, seed: 10)
        let analytic = LayerNorm.backwardNaive(dOut: g, input: x, weight: w, rows: r, d: d)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            dot(g, LayerNorm.forwardNaive(input: x, weight: w, bias: b, rows: r, d: d))
        }
        checkRelative("dInput", analytic.dInput, numericGradient(x) { loss($0, w, b) }, tolerance: Self.tolerance, floor: Self.floor)
        checkRelative("dWeight", analytic.dWeight, numericGradient(w) { loss(x, $0, b) }, tolerance: Self.tolerance, floor: Self.floor)
        checkRelative("dBias", analytic.dBias, numericGradient(b) { loss(x, w, $0) }, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("gelu (tanh form)")
    func gelu() {
        let x = randomValues(20, seed: 11, scale: 4), g = randomValues(20, seed: 12)
        let analytic = GELU.backwardNaive(dOut: g, input: x)
        let numeric = numericGradient(x) { dot(g, GELU.forwardNaive($0)) }
        checkRelative("dInput", analytic, numeric, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("multi-head attention: q, k and v")
    func attention() {
        let (b, t, d, h) = (2, 5, 8, 2)
        let qkv = randomValues(b * t * 3 * d, seed: 13), g = randomValues(b * t * d, seed: 14)
        let analytic = Attention.backwardNaive(dOut: g, qkv: qkv, batch: b, tokens: t, width: d, heads: h)
        let numeric = numericGradient(qkv) { dot(g, Attention.forwardNaive(qkv: $0, batch: b, tokens: t, width: d, heads: h)) }
        checkRelative("dQKV", analytic, numeric, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("softmax cross-entropy with per-row weights (a masked mean)")
    func crossEntropy() {
        let (r, c) = (4, 5)
        let z = randomValues(r * c, seed: 15, scale: 3)
        let targets: [Int32] = [2, 0, 4, 1]
        let weights: [Double] = [1.0 / 3, 0, 1.0 / 3, 1.0 / 3]
        let analytic = CrossEntropy.backwardNaive(logits: z, targets: targets, weights: weights)
        let numeric = numericGradient(z) { CrossEntropy.forwardNaive(logits: $0, targets: targets, weights: weights) }
        checkRelative("dLogits", analytic, numeric, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("binary cross-entropy with logits")
    func bce() {
        let (r, c) = (3, 4)
        let z = randomValues(r * c, seed: 16, scale: 3)
        let t: [Double] = [1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1]
        let weights: [Double] = [0.5, 0, 0.5]
        let analytic = BCEWithLogits.backwardNaive(logits: z, targets: t, weights: weights)
        let numeric = numericGradient(z) { BCEWithLogits.forwardNaive(logits: $0, targets: t, weights: weights) }
        checkRelative("dLogits", analytic, numeric, tolerance: Self.tolerance, floor: Self.floor)
    }

    @Test("residual add: both inputs get the upstream gradient")
    func residual() {
        let a = Tensor([6], randomValues(6, seed: 17)), b = Tensor([6], randomValues(6, seed: 18))
        let out = Tensor(zeros: [6])
        Residual.forward(out, a, b)
        checkClose("out", out.doubles, zip(a.doubles, b.doubles).map { $0 + $1 }, tolerance: 1e-7)
        let g = Tensor([6], randomValues(6, seed: 19))
        let da = Tensor(zeros: [6]), db = Tensor(zeros: [6])
        Residual.backward(dA: da, dB: db, dOut: g)
        // d(Σ g·(a+b))/da = g exactly
        #expect(da.values == g.values && db.values == g.values)
    }
}
