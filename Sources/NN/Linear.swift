/// A fully connected layer, PyTorch layout: weight (O, I), bias (O).
/// Shapes: R rows (B·T flattened), I input features, O output features.
public enum Linear {
    /// out (R, O) = input (R, I) · weight (O, I)ᵀ + bias (O), plus `residual` (R, O) when given.
    /// `out` may be the same memory as `residual`. `finish(rows)` runs on the rows of `out` just
    /// computed, while they are in cache (for an activation).
    public static func forward(
        _ out: Tensor, _ input: Tensor, _ weight: Tensor, _ bias: Tensor?, residual: Tensor? = nil,
        finish: ((Range<Int>) -> Void)? = nil
    ) {
        let profile = Profiler.start()
        defer { Profiler.stop("linear.forward", profile) }
        let (rows, inFeatures, outFeatures) = sizes(input, weight)
        precondition(out.count == rows * outFeatures, "Linear.forward: out \(out.shape) is not (\(rows), \(outFeatures))")
        precondition(bias == nil || bias!.count == outFeatures, "Linear.forward: bias \(bias!.shape) for \(outFeatures) outputs")
        precondition(residual == nil || residual!.count == out.count, "Linear.forward: residual \(residual!.shape) vs \(out.shape)")
        let o = out.data, x = input.data, w = weight.data
        let b = bias?.data, res = residual?.data
        let needsPrepare = b != nil || res != nil
        GEMM.parallel(
            transA: false, transB: true, m: rows, n: outFeatures, k: inFeatures,
            alpha: 1, a: x, lda: inFeatures, b: w, ldb: inFeatures,
            beta: needsPrepare ? 1 : 0, c: o, ldc: outFeatures,
            prepare: needsPrepare ? { range in
                for r in range {
                    let row = o + r * outFeatures
                    if let res, res != o {
                        let resRow = res + r * outFeatures
                        if let b {
                            for j in 0..<outFeatures { row[j] = resRow[j] + b[j] }
                        } else {
                            row.update(from: resRow, count: outFeatures)
                        }
                    } else if res == o {
                        if let b { for j in 0..<outFeatures { row[j] += b[j] } }
                    } else if let b {
                        row.update(from: b, count: outFeatures)
                    }
                }
            } : nil,
            finish: finish)
    }

    /// dInput (R, I) += dOut (R, O) · weight (O, I)  (or `=` when `overwriteInputGradient`),
    /// dWeight (O, I) += dOut ᵀ · input (R, I),  dBias (O) += Σ_rows dOut.
    /// `finishInputGradient(rows)` runs on rows of dInput just computed, while they are in cache.
    public static func backward(
        dInput: Tensor?, dWeight: Tensor, dBias: Tensor?,
        dOut: Tensor, input: Tensor, weight: Tensor, overwriteInputGradient: Bool = false,
        finishInputGradient: ((Range<Int>) -> Void)? = nil
    ) {
        let profile = Profiler.start()
        defer { Profiler.stop("linear.backward", profile) }
        let (rows, inFeatures, outFeatures) = sizes(input, weight)
        precondition(dOut.count == rows * outFeatures, "Linear.backward: dOut \(dOut.shape) is not (\(rows), \(outFeatures))")
        precondition(dWeight.count == weight.count, "Linear.backward: dWeight \(dWeight.shape) vs weight \(weight.shape)")
        // dBias is summed per 64-row block of dOut, inside the dInput GEMM's pieces while those rows are in
        // cache, then the blocks are added in order: the same sums whatever the split.
        let blockRows = 64
        let blocks = (rows + blockRows - 1) / blockRows
        let partials = dBias != nil && dInput != nil ? UnsafeMutablePointer<Float>.allocate(capacity: blocks * outFeatures) : nil
        defer { partials?.deallocate() }
        if let dInput {
            precondition(dInput.count == input.count, "Linear.backward: dInput \(dInput.shape) vs input \(input.shape)")
            let g = dOut.data
            GEMM.parallel(
                transA: false, transB: false, m: rows, n: inFeatures, k: outFeatures,
                alpha: 1, a: g, lda: outFeatures, b: weight.data, ldb: inFeatures,
                beta: overwriteInputGradient ? 0 : 1, c: dInput.data, ldc: inFeatures, rowAlignment: blockRows,
                finish: { range in
                    finishInputGradient?(range)
                    guard let partials else { return }
                    var start = range.lowerBound
                    while start < range.upperBound {
                        let end = min(start + blockRows, range.upperBound)
                        let sums = partials + (start / blockRows) * outFeatures
                        sums.update(from: g + start * outFeatures, count: outFeatures)
                        for r in (start + 1)..<max(start + 1, end) {
                            let row = g + r * outFeatures
                            for j in 0..<outFeatures { sums[j] += row[j] }
                        }
                        start = end
                    }
                })
        }
        GEMM.parallelTransposedSum(m: outFeatures, n: inFeatures, k: rows, a: dOut.data, lda: outFeatures,
                                   b: input.data, ldb: inFeatures, c: dWeight.data, ldc: inFeatures)
        if let dBias {
            let profile = Profiler.start()
            defer { Profiler.stop("linear.backward.bias", profile) }
            precondition(dBias.count == outFeatures, "Linear.backward: dBias \(dBias.shape) for \(outFeatures) outputs")
            if let partials {
                let db = dBias.data
                for b in 0..<blocks {
                    let sums = partials + b * outFeatures
                    for j in 0..<outFeatures { db[j] += sums[j] }
                }
            } else {
                addColumnSums(dBias, dOut, rows: rows, columns: outFeatures)
            }
        }
    }

    /// sums (C) += Σ_r matrix (R, C)[r], split over threads by columns; the order of the sums is fixed.
    public static func addColumnSums(_ sums: Tensor, _ matrix: Tensor, rows: Int, columns: Int) {
        let s = sums.data, m = matrix.data
        let pieces = max(1, min(NNRuntime.threadCount * 2, columns / 16))
        NNRuntime.parallelFor(pieces) { piece in
            let cols = evenSplit(columns, parts: pieces, part: piece)
            let width = cols.count, start = cols.lowerBound
            for r in 0..<rows {
                let row = m + r * columns + start
                let out = s + start
                for j in 0..<width { out[j] += row[j] }
            }
        }
    }

    private static func sizes(_ input: Tensor, _ weight: Tensor) -> (Int, Int, Int) {
        precondition(weight.shape.count == 2, "Linear: weight must be (O, I), got \(weight.shape)")
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        precondition(inFeatures > 0 && input.count % inFeatures == 0,
                     "Linear: input \(input.shape) does not have \(inFeatures) features per row")
        return (input.count / inFeatures, inFeatures, outFeatures)
    }

    // MARK: - Naive reference

    /// out (R, O) = input (R, I) · weight (O, I)ᵀ + bias (O).
    public static func forwardNaive<T: BinaryFloatingPoint>(
        input: [T], weight: [T], bias: [T]?, rows: Int, inFeatures: Int, outFeatures: Int
    ) -> [T] {
        var out = matmulNaive(input, weight, m: rows, n: outFeatures, k: inFeatures)
        if let bias {
            for r in 0..<rows { for j in 0..<outFeatures { out[r * outFeatures + j] += bias[j] } }
        }
        return out
    }

    /// The gradients of `forwardNaive` for an upstream gradient dOut (R, O).
    public static func backwardNaive<T: BinaryFloatingPoint>(
        dOut: [T], input: [T], weight: [T], rows: Int, inFeatures: Int, outFeatures: Int
    ) -> (dInput: [T], dWeight: [T], dBias: [T]) {
        var dInput = [T](repeating: 0, count: rows * inFeatures)
        var dWeight = [T](repeating: 0, count: outFeatures * inFeatures)
        var dBias = [T](repeating: 0, count: outFeatures)
        for r in 0..<rows {
            for o in 0..<outFeatures {
                let g = dOut[r * outFeatures + o]
                dBias[o] += g
                for i in 0..<inFeatures {
                    dInput[r * inFeatures + i] += g * weight[o * inFeatures + i]
                    dWeight[o * inFeatures + i] += g * input[r * inFeatures + i]
                }
            }
        }
        return (dInput, dWeight, dBias)
    }
}
