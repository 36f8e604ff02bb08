import Primitives
import Foundation
import NN
import Policy
import Testing

/// The whole model's gradient against finite differences of its loss, on the tiny config, in float32.
///
/// For every weight tensor: a directional derivative along a random direction v (seeded; entries of
/// ±U(0.5, 1)), against g·v; and the same for the single entry with the largest gradient. The numeric
/// derivative is Richardson's extrapolation (4·D(h/2) − D(h)) / 3 of central differences
/// D(h) = (L(θ + h·v) − L(θ − h·v)) / 2h with h = 1e-2. Float32 forward passes are noisy at about 1e-7
/// of the loss, so the stated tolerance is a relative error ≤ 1e-2 (floor 1e-3 on the magnitude). The tight checks (1e-6 in
/// double per op, and the float64 numpy model) are elsewhere; this one proves the model's wiring: every
/// tensor's gradient flows from the right place.
@Suite("whole-model finite-difference gradient check (float32)")
struct ModelGradientTests {
    /// Without a stem (the default); with a two-convolution stem (16×16 → 4×4 features, 1×1 patches); with
    /// that stem's pooled features added to the act token; with colour cells too; and with a pointer query, with
    /// and without the stem. (With the pool and the query together, a step of 1e-2 along the random direction
    /// moves a pooled maximum to another position, where the loss has a kink, so finite differences cannot
    /// check stem.1: they give +0.033 at h = 1e-2, but −0.00241 at h = 2e-3, against the analytic −0.00241.
    /// The numpy reference checks that combination exactly, NumpyReferenceTests. The pointer query's row maxima
    /// have the same kinks, everywhere upstream of them, so they too are checked there and not here.)
    @Test("every weight tensor's gradient matches finite differences of the loss",
          arguments: [([], false, 0, 0), ([4, 6], false, 0, 0), ([4, 6], true, 0, 0), ([4, 6], true, 2, 0), ([4, 6], false, 2, 6), ([], false, 0, 6)]
            as [([Int], Bool, Int, Int)])
    func wholeModel(stem: [Int], pool: Bool, colorCells: Int, patchQuery: Int) throws {
        var (config, vocabulary) = tinyConfig()
        config.stemChannels = stem
        config.stemPool = pool
        config.colorCells = colorCells
        config.patchQuery = patchQuery
        let model = try PolicyModel(config: config, vocabulary: vocabulary, seed: 3)
        let batch = tinyBatch(config)
        let base = try model.lossAndGradients(batch)
        #expect(base.positionalSamples > 0 && base.keySamples > 0)
        let grads = model.gradients.tensors.map(\.values)
        var random = SeededRandom(seed: 11)
        let h: Float = 1e-2
        var report: [String] = []
        var worst = 0.0
        for (i, name) in model.parameters.layout.names.enumerated() {
            let w = model.parameters.tensors[i]
            let g = grads[i]
            if name == "head.patch.bias" {
                // One bias shared by every patch logit: the softmax over patches does not see it, so its
                // gradient is exactly 0 (up to rounding), and finite differences would measure only noise.
                #expect(g.allSatisfy { abs($0) < 1e-6 }, "head.patch.bias gradient \(g) should be 0")
                continue
            }
            let original = w.values
            // Direction: random signs and sizes, plus the largest-gradient entry alone.
            let direction = (0..<w.count).map { _ in Float((random.next() % 2 == 0 ? 1 : -1) * (0.5 + 0.5 * random.uniform())) }
            let largest = g.indices.max { abs(g[$0]) < abs(g[$1]) }!
            var single = [Float](repeating: 0, count: w.count)
            single[largest] = 1
            for (label, v) in [("random direction", direction), ("entry \(largest)", single)] {
                let analytic = zip(g, v).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                func centralDifference(_ h: Float) throws -> Double {
                    w.copy(from: zip(original, v).map { $0 + h * $1 })
                    let plus = try model.loss(batch).total
                    w.copy(from: zip(original, v).map { $0 - h * $1 })
                    let minus = try model.loss(batch).total
                    w.copy(from: original)
                    return (plus - minus) / (2 * Double(h))
                }
                // Richardson extrapolation of two central differences cancels the h² error term.
                let numeric = (4 * (try centralDifference(h / 2)) - (try centralDifference(h))) / 3
                let relative = abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-3)
                worst = max(worst, relative)
                if relative > 1e-2 { report.append("\(name) \(label): analytic \(analytic), numeric \(numeric), relative error \(relative)") }
            }
        }
        #expect(report.isEmpty, "\(report.count) mismatches: \(report.prefix(8).joined(separator: "; "))")
        print("whole-model gradient check: \(model.parameters.layout.names.count) tensors, max relative error \(worst)")
    }
}
