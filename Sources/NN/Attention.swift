import Foundation

/// Multi-head softmax attention, bidirectional (no mask).
/// Shapes: B batch, T tokens, D model width, H heads of Dh = D/H features each.
/// qkv (B, T, 3D) holds q, k, v side by side; head h uses features h·Dh..<(h+1)·Dh of each.
/// Work is one task per (batch, head): two GEMMs and a softmax on a (T, T) matrix that stays in cache.
public enum Attention {
    /// out (B, T, D) = softmax(q kᵀ / √Dh) v per head; probs (B, H, T, T) keeps the softmax for backward.
    public static func forward(_ out: Tensor, probs: Tensor, _ qkv: Tensor, batch: Int, tokens: Int, width: Int, heads: Int) {
        let profile = Profiler.start()
        defer { Profiler.stop("attention.forward", profile) }
        let (b, t, d, h) = (batch, tokens, width, heads)
        let hd = d / h
        precondition(d % h == 0, "Attention: width \(d) is not a multiple of \(h) heads")
        precondition(qkv.count == b * t * 3 * d && out.count == b * t * d && probs.count >= b * h * t * t,
                     "Attention.forward: qkv \(qkv.shape), out \(out.shape), probs \(probs.shape) for B=\(b) T=\(t) D=\(d) H=\(h)")
        let scale = 1 / Float(hd).squareRoot()
        let q0 = qkv.data, o0 = out.data, p0 = probs.data
        NNRuntime.parallelFor(b * h) { task in
            let bi = task / h, hi = task % h
            let q = q0 + bi * t * 3 * d + hi * hd, k = q + d, v = q + 2 * d
            let p = p0 + task * t * t
            GEMM.sgemm(transA: false, transB: true, m: t, n: t, k: hd, alpha: scale, a: q, lda: 3 * d, b: k, ldb: 3 * d,
                       beta: 0, c: p, ldc: t)
            for row in 0..<t { softmaxRow(p + row * t, t) }
            GEMM.sgemm(transA: false, transB: false, m: t, n: hd, k: t, alpha: 1, a: p, lda: t, b: v, ldb: 3 * d,
                       beta: 0, c: o0 + bi * t * d + hi * hd, ldc: d)
        }
    }

    /// dQKV (B, T, 3D) += ∂L/∂qkv (or `=` when not `accumulate`), from dOut (B, T, D).
    /// `scratch` (S, T, T), S ≥ 1, is working memory: the (batch, head) tasks run in S pieces, one matrix each.
    public static func backward(dQKV: Tensor, dOut: Tensor, qkv: Tensor, probs: Tensor, scratch: Tensor,
                                batch: Int, tokens: Int, width: Int, heads: Int, accumulate: Bool = true) {
        let profile = Profiler.start()
        defer { Profiler.stop("attention.backward", profile) }
        let (b, t, d, h) = (batch, tokens, width, heads)
        let hd = d / h
        precondition(dQKV.count == qkv.count && qkv.count == b * t * 3 * d && dOut.count == b * t * d && probs.count >= b * h * t * t,
                     "Attention.backward: dQKV \(dQKV.shape), dOut \(dOut.shape), probs \(probs.shape) for B=\(b) T=\(t) D=\(d) H=\(h)")
        let pieces = min(b * h, scratch.count / (t * t))
        precondition(pieces >= 1, "Attention.backward: scratch \(scratch.shape) holds no (T, T) matrix for T=\(t)")
        let scale = 1 / Float(hd).squareRoot()
        let beta: Float = accumulate ? 1 : 0
        let q0 = qkv.data, dq0 = dQKV.data, dy0 = dOut.data, p0 = probs.data, s0 = scratch.data
        NNRuntime.parallelFor(pieces) { piece in
            let dp = s0 + piece * t * t
            for task in evenSplit(b * h, parts: pieces, part: piece) {
                let bi = task / h, hi = task % h
                let q = q0 + bi * t * 3 * d + hi * hd, k = q + d, v = q + 2 * d
                let dq = dq0 + bi * t * 3 * d + hi * hd, dk = dq + d, dv = dq + 2 * d
                let dy = dy0 + bi * t * d + hi * hd
                let p = p0 + task * t * t
                // dP = dY vᵀ ; dV = Pᵀ dY
                GEMM.sgemm(transA: false, transB: true, m: t, n: t, k: hd, alpha: 1, a: dy, lda: d, b: v, ldb: 3 * d,
                           beta: 0, c: dp, ldc: t)
                GEMM.sgemm(transA: true, transB: false, m: t, n: hd, k: t, alpha: 1, a: p, lda: t, b: dy, ldb: d,
                           beta: beta, c: dv, ldc: 3 * d)
                // dS = P ⊙ (dP − rowsum(dP ⊙ P)), the softmax backward, in place
                for row in 0..<t { softmaxBackwardRow(dp + row * t, p + row * t, t) }
                // dQ = scale · dS k ; dK = scale · dSᵀ q
                GEMM.sgemm(transA: false, transB: false, m: t, n: hd, k: t, alpha: scale, a: dp, lda: t, b: k, ldb: 3 * d,
                           beta: beta, c: dq, ldc: 3 * d)
                GEMM.sgemm(transA: true, transB: false, m: t, n: hd, k: t, alpha: scale, a: dp, lda: t, b: q, ldb: 3 * d,
                           beta: beta, c: dk, ldc: 3 * d)
            }
        }
    }

    /// In place: row (n) = softmax(row).
    @inline(__always)
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ n: Int) {
        var m8 = Float8(repeating: -.infinity), i = 0
        while i + 8 <= n { m8 = max8(m8, load8(row + i)); i += 8 }
        var m = hmax8(m8)
        while i < n { m = max(m, row[i]); i += 1 }
        var s8 = Float8()
        i = 0
        while i + 8 <= n { let e = exp8(load8(row + i) - m); store8(e, row + i); s8 += e; i += 8 }
        var s: Float = 0
        if i < n {
            let e = exp8(loadPartial(row + i, n - i, fill: -.infinity) - m)
            // exp8 clamps, so masked lanes give ~1e-38: count only the real lanes.
            for j in 0..<(n - i) { row[i + j] = e[j]; s += e[j] }
        }
        s += s8.sum()
        let inv = 1 / s
        i = 0
        while i + 8 <= n { store8(load8(row + i) * inv, row + i); i += 8 }
        while i < n { row[i] *= inv; i += 1 }
    }

    /// In place: dRow (n) = p ⊙ (dRow − Σ dRow ⊙ p).
    @inline(__always)
    static func softmaxBackwardRow(_ dRow: UnsafeMutablePointer<Float>, _ p: UnsafePointer<Float>, _ n: Int) {
        var a = Float8(), i = 0
        while i + 8 <= n { a += load8(dRow + i) * load8(p + i); i += 8 }
        var dot: Float = 0
        while i < n { dot += dRow[i] * p[i]; i += 1 }
        dot += a.sum()
        i = 0
        while i + 8 <= n { store8(load8(p + i) * (load8(dRow + i) - dot), dRow + i); i += 8 }
        while i < n { dRow[i] = p[i] * (dRow[i] - dot); i += 1 }
    }

    // MARK: - Naive reference

    /// out (B, T, D) from qkv (B, T, 3D), one dot product at a time.
    public static func forwardNaive<T: BinaryFloatingPoint>(qkv: [T], batch: Int, tokens: Int, width: Int, heads: Int) -> [T] {
        let (b, t, d, h) = (batch, tokens, width, heads)
        let hd = d / h
        let scale = 1 / T(hd).squareRoot()
        var out = [T](repeating: 0, count: b * t * d)
        for bi in 0..<b {
            for hi in 0..<h {
                for i in 0..<t {
                    var scores = [T](repeating: 0, count: t)
                    for j in 0..<t {
                        var s: T = 0
                        for e in 0..<hd { s += qkv[(bi * t + i) * 3 * d + hi * hd + e] * qkv[(bi * t + j) * 3 * d + d + hi * hd + e] }
                        scores[j] = s * scale
                    }
                    let p = softmaxNaive(scores)
                    for e in 0..<hd {
                        var s: T = 0
                        for j in 0..<t { s += p[j] * qkv[(bi * t + j) * 3 * d + 2 * d + hi * hd + e] }
                        out[(bi * t + i) * d + hi * hd + e] = s
                    }
                }
            }
        }
        return out
    }

    /// ∂L/∂qkv (B, T, 3D) for an upstream dOut (B, T, D).
    public static func backwardNaive<T: BinaryFloatingPoint>(dOut: [T], qkv: [T], batch: Int, tokens: Int, width: Int, heads: Int) -> [T] {
        let (b, t, d, h) = (batch, tokens, width, heads)
        let hd = d / h
        let scale = 1 / T(hd).squareRoot()
        var dqkv = [T](repeating: 0, count: b * t * 3 * d)
        func q(_ bi: Int, _ i: Int, _ hi: Int, _ e: Int) -> Int { (bi * t + i) * 3 * d + hi * hd + e }
        for bi in 0..<b {
            for hi in 0..<h {
                for i in 0..<t {
                    var scores = [T](repeating: 0, count: t)
                    for j in 0..<t {
                        var s: T = 0
                        for e in 0..<hd { s += qkv[q(bi, i, hi, e)] * qkv[q(bi, j, hi, e) + d] }
                        scores[j] = s * scale
                    }
                    let p = softmaxNaive(scores)
                    var dp = [T](repeating: 0, count: t)
                    for j in 0..<t {
                        for e in 0..<hd {
                            let g = dOut[(bi * t + i) * d + hi * hd + e]
                            dp[j] += g * qkv[q(bi, j, hi, e) + 2 * d]
                            dqkv[q(bi, j, hi, e) + 2 * d] += p[j] * g
                        }
                    }
                    var dot: T = 0
                    for j in 0..<t { dot += dp[j] * p[j] }
                    for j in 0..<t {
                        let ds = p[j] * (dp[j] - dot) * scale
                        for e in 0..<hd {
                            dqkv[q(bi, i, hi, e)] += ds * qkv[q(bi, j, hi, e) + d]
                            dqkv[q(bi, j, hi, e) + d] += ds * qkv[q(bi, i, hi, e)]
                        }
                    }
                }
            }
        }
        return dqkv
    }
}

/// softmax(x), subtracting the max first.
public func softmaxNaive<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
    let m = x.max() ?? 0
    let e = x.map { T(Foundation.exp(Double($0 - m))) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}
