/// The shape of one GEMM: row-major C (m, n) = op(A) (m, k) · op(B) (k, n).
public struct GEMMShape: Hashable, Sendable, CustomStringConvertible {
    public var transA: Bool
    public var transB: Bool
    public var m: Int
    public var n: Int
    public var k: Int
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    public var description: String { "\(transA ? "T" : "N")\(transB ? "T" : "N") \(m)x\(n)x\(k)" }
    public init(transA: Bool, transB: Bool, m: Int, n: Int, k: Int) {
        self.transA = transA; self.transB = transB; self.m = m; self.n = n; self.k = k
    }
}
