import SafeTensors
import Foundation

/// AdamW as in PyTorch (`torch.optim.AdamW`, decoupled weight decay, bias-corrected moments), over a whole
/// parameter arena in one pass. Weight decay applies to tensors of 2 or more dimensions only (matrices,
/// embedding tables, convolution kernels);
/// biases, LayerNorm parameters and other 1-D tensors are not decayed.
public final class AdamW {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// Updates taken so far (the `t` of the bias corrections).
    public var step: Int
    /// First and second moments, in the parameters' layout.
    public let m: Arena
    public let v: Arena
    /// Contiguous element ranges of the arena, each with whether it is decayed, cut into pieces for threads.
    private let pieces: [(range: Range<Int>, decay: Bool)]

    public init(layout: ArenaLayout, learningRate: Float = 3e-4, beta1: Float = 0.9, beta2: Float = 0.95,
                epsilon: Float = 1e-8, weightDecay: Float = 0.1) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        step = 0
        m = Arena(layout)
        v = Arena(layout)
        var pieces: [(Range<Int>, Bool)] = []
        for i in layout.names.indices {
            let start = layout.offsets[i], count = layout.shapes[i].reduce(1, *)
            let decay = AdamW.decays(shape: layout.shapes[i])
            var s = start
            while s < start + count {
                let e = min(start + count, s + 32_768)
                pieces.append((s..<e, decay))
                s = e
            }
        }
        self.pieces = pieces
    }

    /// Whether a tensor of this shape is weight-decayed.
    public static func decays(shape: [Int]) -> Bool { shape.count >= 2 }

    /// One update: parameters −= lr · (m̂ / (√v̂ + ε) + wd · parameters), with `gradients` as they are
    /// (clip them first if wanted). `learningRate` overrides the stored rate for this step (schedules).
    public func update(parameters: Arena, gradients: Arena, learningRate: Float? = nil) {
        let profile = Profiler.start()
        defer { Profiler.stop("adamw.update", profile) }
        precondition(parameters.layout == m.layout && gradients.layout == m.layout, "AdamW.update: layouts differ")
        step += 1
        let lr = learningRate ?? self.learningRate
        let b1 = beta1, b2 = beta2, eps = epsilon, wd = weightDecay
        let bias1 = 1 - Foundation.pow(Double(b1), Double(step))
        let bias2 = 1 - Foundation.pow(Double(b2), Double(step))
        let stepSize = Float(Double(lr) / bias1)
        let bias2Sqrt = Float(bias2.squareRoot())
        let p = parameters.flat.data, g = gradients.flat.data, m1 = m.flat.data, m2 = v.flat.data
        let pieces = self.pieces
        NNRuntime.parallelFor(pieces.count) { i in
            let (range, decay) = pieces[i]
            let keep: Float = decay ? 1 - lr * wd : 1
            for j in range {
                let grad = g[j]
                p[j] *= keep
                m1[j] = b1 * m1[j] + (1 - b1) * grad
                m2[j] = b2 * m2[j] + (1 - b2) * grad * grad
                let denom = m2[j].squareRoot() / bias2Sqrt + eps
                p[j] -= stepSize * m1[j] / denom
            }
        }
    }

    /// The state as named tensors (`m.<name>`, `v.<name>`) plus `step` in the metadata, for checkpoints.
    public func state() -> SafeTensorsFile {
        var file = SafeTensorsFile()
        for (i, name) in m.layout.names.enumerated() {
            file.add("m." + name, m.tensors[i])
            file.add("v." + name, v.tensors[i])
        }
        file.metadata["step"] = String(step)
        file.metadata["hyperparameters"] =
            "{\"beta1\":\(beta1),\"beta2\":\(beta2),\"epsilon\":\(epsilon),\"weight_decay\":\(weightDecay),\"learning_rate\":\(learningRate)}"
        return file
    }

    /// Restores moments and step written by `state()`.
    public func restore(_ file: SafeTensorsFile) throws(NNError) {
        guard let text = file.metadata["step"], let s = Int(text), s >= 0 else {
            throw .badMetadata(file: file.source, key: "step", reason: "missing or not a count")
        }
        for (i, name) in m.layout.names.enumerated() {
            try file.read("m." + name, into: m.tensors[i])
            try file.read("v." + name, into: v.tensors[i])
        }
        step = s
    }
}

/// Global-norm gradient clipping, as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// The L2 norm of every gradient together; when above `maxNorm`, all are scaled by maxNorm / (norm + 1e-6).
    /// Returns the norm before clipping. The sum runs in double, in a fixed order.
    @discardableResult
    public static func clipGlobalNorm(_ gradients: Arena, maxNorm: Float) -> Float {
        let profile = Profiler.start()
        defer { Profiler.stop("clip.globalnorm", profile) }
        let norm = globalNorm(gradients)
        if norm > maxNorm {
            let scale = Float(Double(maxNorm) / (Double(norm) + 1e-6))
            let g = gradients.flat.data
            let count = gradients.layout.totalCount
            NNRuntime.parallelChunks(count) { range in for i in range { g[i] *= scale } }
        }
        return norm
    }

    public static func globalNorm(_ gradients: Arena) -> Float {
        let g = gradients.flat.data
        let count = gradients.layout.totalCount
        let pieceSize = 16_384
        let pieces = (count + pieceSize - 1) / pieceSize
        var partial = [Double](repeating: 0, count: pieces)
        partial.withUnsafeMutableBufferPointer { sums in
            let sums = sums.baseAddress!
            NNRuntime.parallelFor(pieces) { piece in
                var s = 0.0
                for i in (piece * pieceSize)..<min(count, (piece + 1) * pieceSize) { s += Double(g[i]) * Double(g[i]) }
                sums[piece] = s
            }
        }
        return Float(partial.reduce(0, +).squareRoot())
    }
}
