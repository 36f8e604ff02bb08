import NN

/// The stem's global max-pool (the input of `stem_pool`): per sample and channel, the largest value over all
/// positions of the last feature map. Forward and backward side by side.
/// Shapes: features (B, S, C) over S = Ho·Wo positions, channels last; pooled (B, C); positions (B, C).
enum GlobalMaxPool {
    /// pooled (B, C) = max over s of features (B, S, C); positions (B, C) records the s that gave each value:
    /// the first one on ties (and position 0 for a channel whose first value is NaN, which nothing exceeds).
    static func forward(_ pooled: Tensor, positions: PoolPositions, _ features: Tensor, batch: Int, positionCount s: Int, channels c: Int) {
        precondition(batch > 0 && s > 0 && c > 0 && features.count == batch * s * c && pooled.count == batch * c
                     && positions.count == batch * c,
                     "GlobalMaxPool.forward: features \(features.shape), pooled \(pooled.shape), positions \(positions.count) for B \(batch), S \(s), C \(c)")
        let p = pooled.data, f = features.data, at = positions.data
        NNRuntime.parallelFor(batch) { b in
            let out = p + b * c, index = at + b * c
            out.update(from: f + b * s * c, count: c)
            index.update(repeating: 0, count: c)
            for position in 1..<s {
                let row = f + (b * s + position) * c
                for j in 0..<c where row[j] > out[j] { out[j] = row[j]; index[j] = Int32(position) }
            }
        }
    }

    /// dFeatures (B, S, C) += dPooled (B, C) at the position forward recorded for each output; nothing elsewhere.
    static func backward(dFeatures: Tensor, dPooled: Tensor, positions: PoolPositions, batch: Int, positionCount s: Int, channels c: Int) {
        precondition(batch > 0 && s > 0 && c > 0 && dFeatures.count == batch * s * c && dPooled.count == batch * c
                     && positions.count == batch * c,
                     "GlobalMaxPool.backward: dFeatures \(dFeatures.shape), dPooled \(dPooled.shape), positions \(positions.count) for B \(batch), S \(s), C \(c)")
        let d = dFeatures.data, g = dPooled.data, at = positions.data
        NNRuntime.parallelFor(batch) { b in
            for j in 0..<c { d[(b * s + Int(at[b * c + j])) * c + j] += g[b * c + j] }
        }
    }

    // MARK: - Naive reference

    /// pooled (B, C) and the first position of each maximum, by plain loops.
    static func forwardNaive<T: BinaryFloatingPoint>(features: [T], batch: Int, positionCount s: Int, channels c: Int)
        -> (pooled: [T], positions: [Int]) {
        var pooled = [T](repeating: 0, count: batch * c), positions = [Int](repeating: 0, count: batch * c)
        for b in 0..<batch {
            for j in 0..<c {
                var best = 0
                for position in 1..<s where features[(b * s + position) * c + j] > features[(b * s + best) * c + j] { best = position }
                pooled[b * c + j] = features[(b * s + best) * c + j]
                positions[b * c + j] = best
            }
        }
        return (pooled, positions)
    }

    /// dFeatures (B, S, C): each output's gradient at its maximum's position, 0 elsewhere.
    static func backwardNaive<T: BinaryFloatingPoint>(dPooled: [T], positions: [Int], batch: Int, positionCount s: Int, channels c: Int) -> [T] {
        var dFeatures = [T](repeating: 0, count: batch * s * c)
        for b in 0..<batch {
            for j in 0..<c { dFeatures[(b * s + positions[b * c + j]) * c + j] += dPooled[b * c + j] }
        }
        return dFeatures
    }
}

/// The positions (B, C) that `GlobalMaxPool.forward` found, kept for backward; allocated once per workspace.
final class PoolPositions: @unchecked Sendable {
    let count: Int
    let data: UnsafeMutablePointer<Int32>

    init(count: Int) {
        self.count = count
        data = .allocate(capacity: max(count, 1))
        data.initialize(repeating: 0, count: max(count, 1))
    }

    var values: [Int] { (0..<count).map { Int(data[$0]) } }

    deinit { data.deallocate() }
}
