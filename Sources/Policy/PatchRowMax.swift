import NN

/// What stands out on a patch's row (`patch_query_rows`): each patch key also gets, per channel, the largest
/// value over its patch row of another projection of the patch tokens. A menu entry is a row with its colour
/// swatch at the left: the patches of its label then carry the swatch too, and the act token's query finds
/// the entry wherever on it the click lands. Forward and backward side by side; tensors are (B·N, E) over a
/// grid of `rows` × `columns` patches.
enum PatchRowMax {
    /// keys[b, r, c] += max over c' of values[b, r, c'], per channel.
    static func forward(_ keys: Tensor, values: Tensor, rows: Int, columns: Int) {
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
    static func backward(dValues: Tensor, dKeys: Tensor, values: Tensor, rows: Int, columns: Int) {
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
}
