/// Residual connection: out = a + b, elementwise over any shape (N).
/// (The model folds most residual adds into `Linear.forward(residual:)`; this is the plain op.)
public enum Residual {
    /// out (N) = a (N) + b (N). `out` may be `a` or `b`.
    public static func forward(_ out: Tensor, _ a: Tensor, _ b: Tensor) {
        precondition(out.count == a.count && a.count == b.count, "Residual.forward: \(out.shape) = \(a.shape) + \(b.shape)")
        let o = out.data, x = a.data, y = b.data
        NNRuntime.parallelChunks(out.count) { range in
            for i in range { o[i] = x[i] + y[i] }
        }
    }

    /// dA (N) += dOut, dB (N) += dOut.
    public static func backward(dA: Tensor, dB: Tensor, dOut: Tensor) {
        precondition(dA.count == dOut.count && dB.count == dOut.count, "Residual.backward: \(dA.shape), \(dB.shape), \(dOut.shape)")
        let da = dA.data, db = dB.data, g = dOut.data
        NNRuntime.parallelChunks(dOut.count) { range in
            for i in range { da[i] += g[i]; db[i] += g[i] }
        }
    }
}
