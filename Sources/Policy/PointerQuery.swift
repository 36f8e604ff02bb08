import NN

/// The pointer query's scores (`patch_query`): each sample's query q (E) against each of its N patch keys
/// kₙ (E), logit[n] += q · kₙ / √E. Forward and backward side by side.
enum PointerQuery {
    /// logits (B·N, 1) += q_b · k_{b,n} / √E for query (B, E) and keys (B·N, E).
    static func forward(_ logits: Tensor, query: Tensor, keys: Tensor, patches n: Int) {
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
}
