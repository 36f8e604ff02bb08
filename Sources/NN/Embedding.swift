/// Embedding lookup: a row of a table per index. Shapes: R rows, V table entries, D features.
public enum Embedding {
    /// out (R, D) = table (V, D)[indices[r]], or `+=` when `accumulate` (to sum several embeddings).
    public static func forward(_ out: Tensor, indices: [Int32], table: Tensor, accumulate: Bool = false) {
        let profile = Profiler.start()
        defer { Profiler.stop("embedding.forward", profile) }
        let (entries, d) = sizes(table)
        precondition(out.count == indices.count * d, "Embedding.forward: out \(out.shape) for \(indices.count) indices of width \(d)")
        let o = out.data, w = table.data
        for (r, index) in indices.enumerated() {
            let e = Int(index)
            precondition(e >= 0 && e < entries, "Embedding: index \(e) outside a table of \(entries)")
            let src = w + e * d, dst = o + r * d
            if accumulate {
                for i in 0..<d { dst[i] += src[i] }
            } else {
                dst.update(from: src, count: d)
            }
        }
    }

    /// dTable (V, D)[indices[r]] += dOut (R, D)[r], rows taken in order (so repeated indices sum the same way every time).
    public static func backward(dTable: Tensor, dOut: Tensor, indices: [Int32]) {
        let profile = Profiler.start()
        defer { Profiler.stop("embedding.backward", profile) }
        let (entries, d) = sizes(dTable)
        precondition(dOut.count == indices.count * d, "Embedding.backward: dOut \(dOut.shape) for \(indices.count) indices of width \(d)")
        let g = dOut.data, dw = dTable.data
        for (r, index) in indices.enumerated() {
            let e = Int(index)
            precondition(e >= 0 && e < entries, "Embedding: index \(e) outside a table of \(entries)")
            let src = g + r * d, dst = dw + e * d
            for i in 0..<d { dst[i] += src[i] }
        }
    }

    private static func sizes(_ table: Tensor) -> (Int, Int) {
        precondition(table.shape.count == 2, "Embedding: table must be (V, D), got \(table.shape)")
        return (table.shape[0], table.shape[1])
    }

    // MARK: - Naive reference

    public static func forwardNaive<T: BinaryFloatingPoint>(indices: [Int32], table: [T], d: Int) -> [T] {
        indices.flatMap { Array(table[(Int($0) * d)..<(Int($0) * d + d)]) }
    }

    public static func backwardNaive<T: BinaryFloatingPoint>(dOut: [T], indices: [Int32], entries: Int, d: Int) -> [T] {
        var dTable = [T](repeating: 0, count: entries * d)
        for (r, e) in indices.enumerated() { for i in 0..<d { dTable[Int(e) * d + i] += dOut[r * d + i] } }
        return dTable
    }
}
