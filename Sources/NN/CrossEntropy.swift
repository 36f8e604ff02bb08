import Foundation

/// Softmax cross-entropy over the last dimension. Shapes: R rows, C classes.
/// Each row has a weight: the loss is Σ_r weight[r] · (logsumexp(logits[r]) − logits[r, target[r]]).
/// A mean over a subset of rows is weight 1/count on those rows and 0 elsewhere (rows of weight 0 are
/// skipped entirely, so their target may be anything).
public enum CrossEntropy {
    /// Returns the loss; probs (R, C) = softmax(logits (R, C)) for backward (zero on rows of weight 0).
    public static func forward(probs: Tensor, logits: Tensor, targets: [Int32], weights: [Float]) -> Double {
        let profile = Profiler.start()
        defer { Profiler.stop("crossentropy.forward", profile) }
        let rows = targets.count
        precondition(weights.count == rows && rows > 0 && logits.count % rows == 0 && probs.count == logits.count,
                     "CrossEntropy.forward: logits \(logits.shape), probs \(probs.shape), \(rows) targets, \(weights.count) weights")
        let c = logits.count / rows
        let z = logits.data, p = probs.data
        var loss = 0.0
        for r in 0..<rows {
            let pr = p + r * c
            if weights[r] == 0 { pr.update(repeating: 0, count: c); continue }
            let t = Int(targets[r])
            precondition(t >= 0 && t < c, "CrossEntropy: target \(t) outside \(c) classes")
            let zr = z + r * c
            var m = -Double.infinity
            for j in 0..<c { m = max(m, Double(zr[j])) }
            var s = 0.0
            for j in 0..<c { s += Foundation.exp(Double(zr[j]) - m) }
            let logSum = m + Foundation.log(s)
            for j in 0..<c { pr[j] = Float(Foundation.exp(Double(zr[j]) - logSum)) }
            loss += Double(weights[r]) * (logSum - Double(zr[t]))
        }
        return loss
    }

    /// dLogits (R, C) += weight[r] · (probs − onehot(target)).
    public static func backward(dLogits: Tensor, probs: Tensor, targets: [Int32], weights: [Float]) {
        let profile = Profiler.start()
        defer { Profiler.stop("crossentropy.backward", profile) }
        let rows = targets.count
        precondition(dLogits.count == probs.count && probs.count % max(rows, 1) == 0, "CrossEntropy.backward: dLogits \(dLogits.shape), probs \(probs.shape)")
        let c = probs.count / rows
        let g = dLogits.data, p = probs.data
        for r in 0..<rows where weights[r] != 0 {
            let w = weights[r]
            for j in 0..<c { g[r * c + j] += w * p[r * c + j] }
            g[r * c + Int(targets[r])] -= w
        }
    }

    // MARK: - Naive reference

    public static func forwardNaive<T: BinaryFloatingPoint>(logits: [T], targets: [Int32], weights: [T]) -> T {
        let c = logits.count / targets.count
        var loss: T = 0
        for r in 0..<targets.count where weights[r] != 0 {
            let p = softmaxNaive(Array(logits[(r * c)..<((r + 1) * c)]))
            loss -= weights[r] * T(Foundation.log(Double(p[Int(targets[r])])))
        }
        return loss
    }

    public static func backwardNaive<T: BinaryFloatingPoint>(logits: [T], targets: [Int32], weights: [T]) -> [T] {
        let c = logits.count / targets.count
        var d = [T](repeating: 0, count: logits.count)
        for r in 0..<targets.count where weights[r] != 0 {
            let p = softmaxNaive(Array(logits[(r * c)..<((r + 1) * c)]))
            for j in 0..<c { d[r * c + j] = weights[r] * (p[j] - (j == Int(targets[r]) ? 1 : 0)) }
        }
        return d
    }
}

/// Binary cross-entropy on logits, per element, averaged over the C columns of a row; rows weighted
/// as in `CrossEntropy`: loss = Σ_r weight[r] · (1/C) Σ_c [max(z,0) − z·t + log(1 + e^{−|z|})].
public enum BCEWithLogits {
    /// Returns the loss for logits (R, C) and targets (R, C) in [0, 1].
    public static func forward(logits: Tensor, targets: [Float], weights: [Float]) -> Double {
        let rows = weights.count
        precondition(rows > 0 && logits.count == targets.count && logits.count % rows == 0,
                     "BCEWithLogits.forward: logits \(logits.shape), \(targets.count) targets, \(rows) weights")
        let c = logits.count / rows
        var loss = 0.0
        for r in 0..<rows where weights[r] != 0 {
            var s = 0.0
            for j in 0..<c {
                let z = Double(logits[r * c + j]), t = Double(targets[r * c + j])
                s += max(z, 0) - z * t + Foundation.log1p(Foundation.exp(-abs(z)))
            }
            loss += Double(weights[r]) * s / Double(c)
        }
        return loss
    }

    /// dLogits (R, C) += weight[r] / C · (σ(z) − t).
    public static func backward(dLogits: Tensor, logits: Tensor, targets: [Float], weights: [Float]) {
        let rows = weights.count
        precondition(dLogits.count == logits.count && logits.count == targets.count, "BCEWithLogits.backward: dLogits \(dLogits.shape), logits \(logits.shape)")
        let c = logits.count / rows
        for r in 0..<rows where weights[r] != 0 {
            for j in 0..<c {
                let z = Double(logits[r * c + j])
                let sigma = z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
                dLogits[r * c + j] += Float(Double(weights[r]) / Double(c) * (sigma - Double(targets[r * c + j])))
            }
        }
    }

    // MARK: - Naive reference

    public static func forwardNaive<T: BinaryFloatingPoint>(logits: [T], targets: [T], weights: [T]) -> T {
        let c = logits.count / weights.count
        var loss: T = 0
        for r in 0..<weights.count {
            for j in 0..<c {
                let z = Double(logits[r * c + j]), t = Double(targets[r * c + j])
                let sigma = 1 / (1 + Foundation.exp(-z))
                loss += weights[r] * T(-(t * Foundation.log(sigma) + (1 - t) * Foundation.log(1 - sigma))) / T(c)
            }
        }
        return loss
    }

    public static func backwardNaive<T: BinaryFloatingPoint>(logits: [T], targets: [T], weights: [T]) -> [T] {
        let c = logits.count / weights.count
        return (0..<logits.count).map { i in
            let sigma = 1 / (1 + Foundation.exp(-Double(logits[i])))
            return weights[i / c] * T(sigma - Double(targets[i])) / T(c)
        }
    }
}
