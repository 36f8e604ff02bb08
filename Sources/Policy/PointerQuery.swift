import NN

/// The pointer query's scores (`patch_query`): each sample's query q (E) against each of its N patch keys
/// kₙ (E), logit[n] += q · kₙ / √E. Forward and backward side by side.
enum PointerQuery {
    /// logits (B·N, 1) += q_b · k_{b,n} / √E for query (B, E) and keys (B·N, E).
    static func forward(_ logits: Tensor, query: Tensor, keys: Tensor, patches n: Int) {
        checkShapes("forward", query: query, keys: keys, logits: logits, patches: n)
        let e = query.shape[1], scale = 1 / Float(e).squareRoot()
        let out = logits.data, q = query.data, k = keys.data
        NNRuntime.parallelFor(query.shape[0]) { b in
            let qb = q + b * e
            for i in 0..<n {
                let kn = k + (b * n + i) * e
                var sum: Float = 0
                for j in 0..<e { sum += qb[j] * kn[j] }
                out[b * n + i] += sum * scale
            }
        }
    }

    /// dQuery (B, E) = Σₙ dLogits[b, n] · k_{b,n} / √E and dKeys (B·N, E) = dLogits[b, n] · q_b / √E
    /// (both overwritten).
    static func backward(dQuery: Tensor, dKeys: Tensor, dLogits: Tensor, query: Tensor, keys: Tensor, patches n: Int) {
        checkShapes("backward", query: query, keys: keys, logits: dLogits, patches: n)
        precondition(dQuery.shape == query.shape && dKeys.shape == keys.shape,
                     "PointerQuery.backward: dQuery \(dQuery.shape), query \(query.shape), dKeys \(dKeys.shape), keys \(keys.shape)")
        let e = query.shape[1], scale = 1 / Float(e).squareRoot()
        let dq = dQuery.data, dk = dKeys.data, g = dLogits.data, q = query.data, k = keys.data
        NNRuntime.parallelFor(query.shape[0]) { b in
            let qb = q + b * e, dqb = dq + b * e
            for j in 0..<e { dqb[j] = 0 }
            for i in 0..<n {
                let gi = g[b * n + i] * scale
                let kn = k + (b * n + i) * e, dkn = dk + (b * n + i) * e
                for j in 0..<e {
                    dqb[j] += gi * kn[j]
                    dkn[j] = gi * qb[j]
                }
            }
        }
    }

    /// query (B, E), keys (B·N, E), logits (B·N) in any shape of that count.
    private static func checkShapes(_ function: String, query: Tensor, keys: Tensor, logits: Tensor, patches n: Int) {
        precondition(n > 0 && query.shape.count == 2 && query.shape[1] > 0 && keys.shape == [query.shape[0] * n, query.shape[1]]
                     && logits.count == query.shape[0] * n,
                     "PointerQuery.\(function): query \(query.shape), keys \(keys.shape), logits \(logits.shape) for N \(n)")
    }

    // MARK: - Naive reference

    /// logits (B·N) = q_b · k_{b,n} / √E, by plain loops.
    static func forwardNaive<T: BinaryFloatingPoint>(query: [T], keys: [T], samples: Int, patches n: Int, channels e: Int) -> [T] {
        let scale = 1 / T(e).squareRoot()
        return (0..<(samples * n)).map { row in
            (0..<e).map { query[(row / n) * e + $0] * keys[row * e + $0] }.reduce(0, +) * scale
        }
    }

    /// dQuery (B, E) and dKeys (B·N, E) for dLogits (B·N), by plain loops.
    static func backwardNaive<T: BinaryFloatingPoint>(dLogits: [T], query: [T], keys: [T], samples: Int, patches n: Int, channels e: Int)
        -> (dQuery: [T], dKeys: [T]) {
        let scale = 1 / T(e).squareRoot()
        var dQuery = [T](repeating: 0, count: samples * e), dKeys = [T](repeating: 0, count: samples * n * e)
        for row in 0..<(samples * n) {
            let b = row / n
            for j in 0..<e {
                dQuery[b * e + j] += dLogits[row] * keys[row * e + j] * scale
                dKeys[row * e + j] = dLogits[row] * query[b * e + j] * scale
            }
        }
        return (dQuery, dKeys)
    }
}
