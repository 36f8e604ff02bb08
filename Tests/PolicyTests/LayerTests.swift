import NN
import NumericChecks
@testable import Policy
import Testing

/// Policy's own layers, checked like NN's: the fast forward and backward against plain naive loops (in
/// double precision, on float-rounded inputs), and each naive backward against central finite differences
/// of its naive forward (h = 1e-5) for L = Σ g ⊙ out with a random upstream gradient g.
@Suite("Policy's layers: fast against naive, naive against finite differences")
struct LayerTests {
    static let fastTolerance = 1e-5
    static let gradientTolerance = 1e-6
    static let floor = 1e-6

    // MARK: GlobalMaxPool

    @Test("global max-pool: fast forward, positions and backward match the naive reference")
    func globalMaxPoolFastMatchesNaive() {
        let (b, s, c) = (3, 7, 5)
        let x = rounded(randomValues(b * s * c, seed: 1)), g = rounded(randomValues(b * c, seed: 2)), earlier = rounded(randomValues(b * s * c, seed: 3))
        let naive = GlobalMaxPool.forwardNaive(features: x, batch: b, positionCount: s, channels: c)
        let pooled = Tensor(zeros: [b, c]), positions = PoolPositions(count: b * c)
        GlobalMaxPool.forward(pooled, positions: positions, Tensor([b * s, c], x), batch: b, positionCount: s, channels: c)
        checkTensor("pooled", pooled.values, naive.pooled.map { Float($0) }, tolerance: Self.fastTolerance)
        #expect(positions.values == naive.positions)
        // backward adds into dFeatures
        let dFeatures = Tensor([b * s, c], earlier)
        GlobalMaxPool.backward(dFeatures: dFeatures, dPooled: Tensor([b, c], g), positions: positions, batch: b, positionCount: s, channels: c)
        let expected = zip(earlier, GlobalMaxPool.backwardNaive(dPooled: g, positions: naive.positions, batch: b, positionCount: s, channels: c)).map(+)
        checkTensor("dFeatures", dFeatures.values, expected.map { Float($0) }, tolerance: Self.fastTolerance)
    }

    @Test("global max-pool: a tie goes to the first position holding the maximum, and so does its gradient")
    func globalMaxPoolTiesPickTheFirstPosition() {
        // One sample, 4 positions, 3 channels: channel 0 all equal, channel 1 max at 1 and 3, channel 2 max at 2 only.
        let x: [Double] = [0.5, -1, 0,
                           0.5, 2, 0,
                           0.5, 0, 3,
                           0.5, 2, 0]
        let pooled = Tensor(zeros: [1, 3]), positions = PoolPositions(count: 3)
        GlobalMaxPool.forward(pooled, positions: positions, Tensor([4, 3], x), batch: 1, positionCount: 4, channels: 3)
        #expect(pooled.values == [0.5, 2, 3])
        #expect(positions.values == [0, 1, 2])
        #expect(GlobalMaxPool.forwardNaive(features: x, batch: 1, positionCount: 4, channels: 3).positions == [0, 1, 2])
        let dFeatures = Tensor(zeros: [4, 3])
        GlobalMaxPool.backward(dFeatures: dFeatures, dPooled: Tensor([1, 3], [10, 20, 30]), positions: positions, batch: 1, positionCount: 4, channels: 3)
        #expect(dFeatures.values == [10, 0, 0,
                                     0, 20, 0,
                                     0, 0, 30,
                                     0, 0, 0])
    }

    @Test("global max-pool: finite-difference gradient of the features")
    func globalMaxPoolGradient() {
        let (b, s, c) = (2, 6, 4)
        let x = rounded(randomValues(b * s * c, seed: 4)), g = rounded(randomValues(b * c, seed: 5))
        let positions = GlobalMaxPool.forwardNaive(features: x, batch: b, positionCount: s, channels: c).positions
        let analytic = GlobalMaxPool.backwardNaive(dPooled: g, positions: positions, batch: b, positionCount: s, channels: c)
        let numeric = numericGradient(x) { dot(g, GlobalMaxPool.forwardNaive(features: $0, batch: b, positionCount: s, channels: c).pooled) }
        checkRelative("dFeatures", analytic, numeric, tolerance: Self.gradientTolerance, floor: Self.floor)
    }

    // MARK: PatchRowMax

    @Test("patch row max: fast forward and backward match the naive reference")
    func patchRowMaxFastMatchesNaive() {
        let (b, rows, columns, e) = (2, 3, 4, 5), count = b * rows * columns * e
        let keys = rounded(randomValues(count, seed: 6)), values = rounded(randomValues(count, seed: 7)), g = rounded(randomValues(count, seed: 8))
        let out = Tensor([b * rows * columns, e], keys)
        PatchRowMax.forward(out, values: Tensor([b * rows * columns, e], values), rows: rows, columns: columns)
        let expected = PatchRowMax.forwardNaive(keys: keys, values: values, samples: b, rows: rows, columns: columns, channels: e)
        checkTensor("keys", out.values, expected.map { Float($0) }, tolerance: Self.fastTolerance)
        // backward overwrites dValues
        let dValues = Tensor([b * rows * columns, e], rounded(randomValues(count, seed: 9)))
        PatchRowMax.backward(dValues: dValues, dKeys: Tensor([b * rows * columns, e], g), values: Tensor([b * rows * columns, e], values),
                             rows: rows, columns: columns)
        let naive = PatchRowMax.backwardNaive(dKeys: g, values: values, samples: b, rows: rows, columns: columns, channels: e)
        checkTensor("dValues", dValues.values, naive.map { Float($0) }, tolerance: Self.fastTolerance)
    }

    @Test("patch row max: finite-difference gradient of the keys and the values")
    func patchRowMaxGradient() {
        let (b, rows, columns, e) = (2, 2, 3, 4), count = b * rows * columns * e
        let keys = rounded(randomValues(count, seed: 10)), values = rounded(randomValues(count, seed: 11)), g = rounded(randomValues(count, seed: 12))
        func loss(_ keys: [Double], _ values: [Double]) -> Double {
            dot(g, PatchRowMax.forwardNaive(keys: keys, values: values, samples: b, rows: rows, columns: columns, channels: e))
        }
        let dValues = PatchRowMax.backwardNaive(dKeys: g, values: values, samples: b, rows: rows, columns: columns, channels: e)
        checkRelative("dValues", dValues, numericGradient(values) { loss(keys, $0) }, tolerance: Self.gradientTolerance, floor: Self.floor)
        // forward adds into the keys, so their gradient is dKeys itself
        checkRelative("dKeys", g, numericGradient(keys) { loss($0, values) }, tolerance: Self.gradientTolerance, floor: Self.floor)
    }

    // MARK: PointerQuery

    @Test("pointer query: fast forward and backward match the naive reference")
    func pointerQueryFastMatchesNaive() {
        let (b, n, e) = (3, 6, 8)
        let query = rounded(randomValues(b * e, seed: 13)), keys = rounded(randomValues(b * n * e, seed: 14))
        let earlier = rounded(randomValues(b * n, seed: 15)), g = rounded(randomValues(b * n, seed: 16))
        // forward adds into the logits
        let logits = Tensor([b * n, 1], earlier)
        PointerQuery.forward(logits, query: Tensor([b, e], query), keys: Tensor([b * n, e], keys), patches: n)
        let expected = zip(earlier, PointerQuery.forwardNaive(query: query, keys: keys, samples: b, patches: n, channels: e)).map(+)
        checkTensor("logits", logits.values, expected.map { Float($0) }, tolerance: Self.fastTolerance)
        // backward overwrites both gradients
        let dQuery = Tensor([b, e], rounded(randomValues(b * e, seed: 17))), dKeys = Tensor([b * n, e], rounded(randomValues(b * n * e, seed: 18)))
        PointerQuery.backward(dQuery: dQuery, dKeys: dKeys, dLogits: Tensor([b * n, 1], g), query: Tensor([b, e], query),
                              keys: Tensor([b * n, e], keys), patches: n)
        let naive = PointerQuery.backwardNaive(dLogits: g, query: query, keys: keys, samples: b, patches: n, channels: e)
        checkTensor("dQuery", dQuery.values, naive.dQuery.map { Float($0) }, tolerance: Self.fastTolerance)
        checkTensor("dKeys", dKeys.values, naive.dKeys.map { Float($0) }, tolerance: Self.fastTolerance)
    }

    @Test("pointer query: finite-difference gradient of the query and the keys")
    func pointerQueryGradient() {
        let (b, n, e) = (2, 5, 4)
        let query = rounded(randomValues(b * e, seed: 19)), keys = rounded(randomValues(b * n * e, seed: 20)), g = rounded(randomValues(b * n, seed: 21))
        func loss(_ query: [Double], _ keys: [Double]) -> Double {
            dot(g, PointerQuery.forwardNaive(query: query, keys: keys, samples: b, patches: n, channels: e))
        }
        let analytic = PointerQuery.backwardNaive(dLogits: g, query: query, keys: keys, samples: b, patches: n, channels: e)
        checkRelative("dQuery", analytic.dQuery, numericGradient(query) { loss($0, keys) }, tolerance: Self.gradientTolerance, floor: Self.floor)
        checkRelative("dKeys", analytic.dKeys, numericGradient(keys) { loss(query, $0) }, tolerance: Self.gradientTolerance, floor: Self.floor)
    }
}
