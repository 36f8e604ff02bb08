import NN

/// What stands out on a patch's row (`patch_query_rows`): each patch key also gets, per channel, the largest
/// value over its patch row of another projection of the patch tokens. A menu entry is a row with its colour
/// swatch at the left: the patches of its label then carry the swatch too, and the act token's query finds
/// the entry wherever on it the click lands. Forward and backward side by side; tensors are (B·N, E) over a
/// grid of `rows` × `columns` patches, N = rows · columns, row-major.
enum PatchRowMax {
    /// keys (B·N, E) [b, r, c] += max over c' of values (B·N, E) [b, r, c'], per channel.
    static func forward(_ keys: Tensor, values: Tensor, rows: Int, columns: Int) {
        checkShapes("forward", keys, values, rows: rows, columns: columns)
        let e = keys.shape[1], n = rows * columns
        let k = keys.data, v = values.data
        NNRuntime.parallelFor(keys.shape[0] / n) { b in
            for r in 0..<rows {
                let row = (b * n + r * columns) * e
                for j in 0..<e {
                    var largest = v[row + j]
                    for c in 1..<columns { largest = max(largest, v[row + c * e + j]) }
                    for c in 0..<columns { k[row + c * e + j] += largest }
                }
            }
        }
    }

    /// dValues (B·N, E): for each row and channel, the sum of dKeys over the row goes to the first position
    /// holding the maximum (as forward found it); 0 elsewhere (overwritten).
    /// keys' own gradient is dKeys unchanged (forward adds into them), so the caller keeps it where it is.
    static func backward(dValues: Tensor, dKeys: Tensor, values: Tensor, rows: Int, columns: Int) {
        checkShapes("backward", dKeys, values, rows: rows, columns: columns)
        precondition(dValues.shape == values.shape, "PatchRowMax.backward: dValues \(dValues.shape), values \(values.shape)")
        let e = dKeys.shape[1], n = rows * columns
        let g = dKeys.data, d = dValues.data, v = values.data
        NNRuntime.parallelFor(dKeys.shape[0] / n) { b in
            for r in 0..<rows {
                let row = (b * n + r * columns) * e
                for j in 0..<e {
                    var first = 0, sum: Float = 0
                    for c in 0..<columns {
                        if v[row + c * e + j] > v[row + first * e + j] { first = c }
                        sum += g[row + c * e + j]
                        d[row + c * e + j] = 0
                    }
                    d[row + first * e + j] = sum
                }
            }
        }
    }

    /// keys and values (B·N, E) alike, over whole samples of a rows × columns grid.
    private static func checkShapes(_ function: String, _ keys: Tensor, _ values: Tensor, rows: Int, columns: Int) {
        let n = rows * columns
        precondition(rows > 0 && columns > 0 && keys.shape.count == 2 && keys.shape == values.shape && keys.shape[0] % n == 0,
                     "PatchRowMax.\(function): keys \(keys.shape), values \(values.shape) for a \(rows) x \(columns) grid")
    }

    // MARK: - Naive reference

    /// keys + the row maxima of values, (B·N, E) each, by plain loops.
    static func forwardNaive<T: BinaryFloatingPoint>(keys: [T], values: [T], samples: Int, rows: Int, columns: Int, channels e: Int) -> [T] {
        var out = keys
        for b in 0..<samples {
            for r in 0..<rows {
                for j in 0..<e {
                    let row = (0..<columns).map { values[((b * rows + r) * columns + $0) * e + j] }
                    let largest = row.max()!
                    for c in 0..<columns { out[((b * rows + r) * columns + c) * e + j] += largest }
                }
            }
        }
        return out
    }

    /// dValues (B·N, E): the row's summed dKeys at the first position of the row's maximum, 0 elsewhere.
    static func backwardNaive<T: BinaryFloatingPoint>(dKeys: [T], values: [T], samples: Int, rows: Int, columns: Int, channels e: Int) -> [T] {
        var dValues = [T](repeating: 0, count: values.count)
        for b in 0..<samples {
            for r in 0..<rows {
                for j in 0..<e {
                    let at = { (c: Int) in ((b * rows + r) * columns + c) * e + j }
                    let row = (0..<columns).map { values[at($0)] }
                    let first = row.firstIndex(of: row.max()!)!
                    dValues[at(first)] = (0..<columns).map { dKeys[at($0)] }.reduce(0, +)
                }
            }
        }
        return dValues
    }
}
