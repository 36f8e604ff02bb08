import Foundation

/// LayerNorm over the last dimension, eps 1e-5. Shapes: R rows (B·T flattened), D features.
public enum LayerNorm {
    public static let epsilon: Float = 1e-5
    /// Rows per piece when spreading over threads; also the grain of the weight-gradient partial sums,
    /// so the order of those sums never depends on the thread count.
    static let rowsPerPiece = 64

    /// out (R, D) = (input − mean) · rstd · weight (D) + bias (D); mean (R) and rstd (R) are kept for backward.
    public static func forward(_ out: Tensor, mean: Tensor, rstd: Tensor, _ input: Tensor, weight: Tensor, bias: Tensor) {
        let profile = Profiler.start()
        defer { Profiler.stop("layernorm.forward", profile) }
        let d = weight.count
        let rows = input.count / d
        precondition(input.count == rows * d && out.count == input.count && bias.count == d && mean.count >= rows && rstd.count >= rows,
                     "LayerNorm.forward: input \(input.shape), out \(out.shape), weight \(weight.shape), mean \(mean.shape)")
        let o = out.data, x = input.data, w = weight.data, b = bias.data, mu = mean.data, rs = rstd.data
        let pieces = (rows + rowsPerPiece - 1) / rowsPerPiece
        NNRuntime.parallelFor(pieces) { piece in
            for r in (piece * rowsPerPiece)..<min(rows, (piece + 1) * rowsPerPiece) {
                let xr = x + r * d, orow = o + r * d
                let m = sum(xr, d) / Float(d)
                var acc = Float8(), i = 0
                while i + 8 <= d { let v = load8(xr + i) - m; acc += v * v; i += 8 }
                var v: Float = 0
                while i < d { let t = xr[i] - m; v += t * t; i += 1 }
                v += acc.sum()
                let s = 1 / (v / Float(d) + epsilon).squareRoot()
                i = 0
                while i + 8 <= d { store8((load8(xr + i) - m) * s * load8(w + i) + load8(b + i), orow + i); i += 8 }
                while i < d { orow[i] = (xr[i] - m) * s * w[i] + b[i]; i += 1 }
                mu[r] = m
                rs[r] = s
            }
        }
    }

    /// dInput (R, D) += ∂L/∂input; dWeight (D) += Σ_r dOut·x̂; dBias (D) += Σ_r dOut.
    public static func backward(dInput: Tensor, dWeight: Tensor, dBias: Tensor, dOut: Tensor, input: Tensor,
                                weight: Tensor, mean: Tensor, rstd: Tensor) {
        let profile = Profiler.start()
        defer { Profiler.stop("layernorm.backward", profile) }
        let d = weight.count
        let rows = input.count / d
        precondition(dInput.count == input.count && dOut.count == input.count && dWeight.count == d && dBias.count == d,
                     "LayerNorm.backward: dInput \(dInput.shape), dOut \(dOut.shape), input \(input.shape)")
        let dx = dInput.data, dy = dOut.data, x = input.data, w = weight.data, mu = mean.data, rs = rstd.data
        let pieces = (rows + rowsPerPiece - 1) / rowsPerPiece
        // Per piece: Σ dOut·x̂ then Σ dOut, summed into dWeight, dBias in piece order afterwards.
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: pieces * 2 * d)
        defer { partials.deallocate() }
        partials.initialize(repeating: 0, count: pieces * 2 * d)
        NNRuntime.parallelFor(pieces) { piece in
            let pw = partials + piece * 2 * d, pb = pw + d
            for r in (piece * rowsPerPiece)..<min(rows, (piece + 1) * rowsPerPiece) {
                let xr = x + r * d, dyr = dy + r * d, dxr = dx + r * d
                let m = mu[r], s = rs[r]
                // mean(dnorm) and mean(dnorm · x̂), dnorm = dOut · weight
                var a1 = Float8(), a2 = Float8(), i = 0
                var s1: Float = 0, s2: Float = 0
                while i + 8 <= d {
                    let xhat = (load8(xr + i) - m) * s
                    let g = load8(dyr + i)
                    let dn = g * load8(w + i)
                    a1 += dn; a2 += dn * xhat
                    store8(load8(pw + i) + g * xhat, pw + i)
                    store8(load8(pb + i) + g, pb + i)
                    i += 8
                }
                while i < d {
                    let xhat = (xr[i] - m) * s
                    let dn = dyr[i] * w[i]
                    s1 += dn; s2 += dn * xhat
                    pw[i] += dyr[i] * xhat
                    pb[i] += dyr[i]
                    i += 1
                }
                let meanDn = (s1 + a1.sum()) / Float(d), meanDnXhat = (s2 + a2.sum()) / Float(d)
                i = 0
                while i + 8 <= d {
                    let xhat = (load8(xr + i) - m) * s
                    let dn = load8(dyr + i) * load8(w + i)
                    store8(load8(dxr + i) + (dn - meanDn - xhat * meanDnXhat) * s, dxr + i)
                    i += 8
                }
                while i < d {
                    let xhat = (xr[i] - m) * s
                    dxr[i] += (dyr[i] * w[i] - meanDn - xhat * meanDnXhat) * s
                    i += 1
                }
            }
        }
        let dw = dWeight.data, db = dBias.data
        for piece in 0..<pieces {
            let pw = partials + piece * 2 * d, pb = pw + d
            for i in 0..<d { dw[i] += pw[i]; db[i] += pb[i] }
        }
    }

    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = Float8(), i = 0
        while i + 8 <= n { acc += load8(p + i); i += 8 }
        var s: Float = 0
        while i < n { s += p[i]; i += 1 }
        return s + acc.sum()
    }

    // MARK: - Naive reference

    public static func forwardNaive<T: BinaryFloatingPoint>(input: [T], weight: [T], bias: [T], rows: Int, d: Int) -> [T] {
        var out = [T](repeating: 0, count: rows * d)
        for r in 0..<rows {
            let row = Array(input[(r * d)..<((r + 1) * d)])
            let mean = row.reduce(0, +) / T(d)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / T(d)
            let rstd = 1 / (variance + T(epsilon)).squareRoot()
            for i in 0..<d { out[r * d + i] = (row[i] - mean) * rstd * weight[i] + bias[i] }
        }
        return out
    }

    public static func backwardNaive<T: BinaryFloatingPoint>(
        dOut: [T], input: [T], weight: [T], rows: Int, d: Int
    ) -> (dInput: [T], dWeight: [T], dBias: [T]) {
        var dInput = [T](repeating: 0, count: rows * d)
        var dWeight = [T](repeating: 0, count: d), dBias = [T](repeating: 0, count: d)
        for r in 0..<rows {
            let row = Array(input[(r * d)..<((r + 1) * d)])
            let mean = row.reduce(0, +) / T(d)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / T(d)
            let rstd = 1 / (variance + T(epsilon)).squareRoot()
            let xhat = row.map { ($0 - mean) * rstd }
            var meanDn: T = 0, meanDnXhat: T = 0
            for i in 0..<d {
                let dn = dOut[r * d + i] * weight[i]
                meanDn += dn
                meanDnXhat += dn * xhat[i]
                dWeight[i] += dOut[r * d + i] * xhat[i]
                dBias[i] += dOut[r * d + i]
            }
            meanDn /= T(d)
            meanDnXhat /= T(d)
            for i in 0..<d {
                dInput[r * d + i] = (dOut[r * d + i] * weight[i] - meanDn - xhat[i] * meanDnXhat) * rstd
            }
        }
        return (dInput, dWeight, dBias)
    }
}
