import CBLAS
import Synchronization

/// The one place NN calls `cblas_sgemm`. Row-major throughout:
/// `C (m, n) = alpha · op(A) · op(B) + beta · C`, where op(A) is (m, k) and op(B) is (k, n).
package enum GEMM {
    private static let recorder = Mutex<[GEMMShape]?>(nil)
    private static let recording = Atomic<Bool>(false)

    /// Runs `body` and returns every GEMM it made (whole logical GEMMs, before any splitting over threads).
    package static func record(_ body: () throws -> Void) rethrows -> [GEMMShape] {
        recorder.withLock { $0 = [] }
        recording.store(true, ordering: .sequentiallyConsistent)
        defer { recording.store(false, ordering: .sequentiallyConsistent) }
        try body()
        return recorder.withLock { shapes in
            let result = shapes ?? []
            shapes = nil
            return result
        }
    }

    @inline(__always)
    private static func note(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int) {
        if recording.load(ordering: .relaxed) {
            recorder.withLock { $0?.append(GEMMShape(transA: transA, transB: transB, m: m, n: n, k: k)) }
        }
    }

    /// One sgemm on the calling thread.
    @inline(__always)
    package static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        note(transA, transB, m, n, k)
        raw(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }

    @inline(__always)
    package static func raw(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Rows of C per piece when a GEMM is split over threads. Small enough that the pieces balance over
    /// the threads, large enough that re-packing B per piece costs little.
    package static let rowsPerPiece = 1024

    /// A GEMM split over the thread pool by rows of C (pieces of at least 64 rows, each starting on a
    /// multiple of `rowAlignment`). `prepare(rows)` runs on the thread that computes those rows just
    /// before its GEMM (to fill C with a bias, say); `finish(rows)` just after (an activation while the
    /// rows are still in cache).
    package static func parallel(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
        rowAlignment: Int = 1, prepare: ((Range<Int>) -> Void)? = nil, finish: ((Range<Int>) -> Void)? = nil
    ) {
        note(transA, transB, m, n, k)
        let threads = NNRuntime.threadCount
        // At least one piece per thread; more when m is large, so that a slow core does not hold the rest.
        // (The split depends on the thread count, and OpenBLAS's last bits on the split: results are
        // bit-identical run to run for a given thread count, not across thread counts.)
        let blocks = (m + rowAlignment - 1) / rowAlignment
        let pieces = max(1, min(blocks, m / 64, max(threads, (m + rowsPerPiece - 1) / rowsPerPiece / threads * threads)))
        NNRuntime.parallelFor(pieces) { piece in
            let span = evenSplit(blocks, parts: pieces, part: piece)
            let rows = (span.lowerBound * rowAlignment)..<min(m, span.upperBound * rowAlignment)
            if rows.isEmpty { return }
            prepare?(rows)
            let aRows = transA ? a + rows.lowerBound : a + rows.lowerBound * lda
            raw(transA: transA, transB: transB, m: rows.count, n: n, k: k, alpha: alpha, a: aRows, lda: lda,
                b: b, ldb: ldb, beta: beta, c: c + rows.lowerBound * ldc, ldc: ldc)
            finish?(rows)
        }
    }

    /// `C (m, n) += Aᵀ · B` for A (k, m) and B (k, n): a weight gradient, dOutᵀ · input. Split over the pool
    /// by rows of C as `parallel` does, unless that would leave threads idle (few outputs) while k is long:
    /// then by k (`sumsSplitOverK`).
    package static func parallelTransposedSum(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard sumsSplitOverK(m: m, k: k) else {
            parallel(transA: true, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                     beta: 1, c: c, ldc: ldc)
            return
        }
        // Each thread sums its span of k into its own (m, n) partial; the partials are then added to C in
        // order, so the result is bit-identical from run to run for a given thread count.
        note(true, false, m, n, k)
        let pieces = NNRuntime.threadCount
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: pieces * m * n)
        defer { partials.deallocate() }
        NNRuntime.parallelFor(pieces) { piece in
            let span = evenSplit(k, parts: pieces, part: piece)
            raw(transA: true, transB: false, m: m, n: n, k: span.count, alpha: 1, a: a + span.lowerBound * lda, lda: lda,
                b: b + span.lowerBound * ldb, ldb: ldb, beta: 0, c: partials + piece * m * n, ldc: n)
        }
        for piece in 0..<pieces {
            for row in 0..<m {
                let out = c + row * ldc, partial = partials + (piece * m + row) * n
                for j in 0..<n { out[j] += partial[j] }
            }
        }
    }

    /// Whether `parallelTransposedSum` splits by k: when a split by rows of C would leave threads idle
    /// (fewer than 64 rows a thread: a conv stem's first layers, m = 16 over k = 131,072) and k is long.
    package static func sumsSplitOverK(m: Int, k: Int) -> Bool {
        let threads = NNRuntime.threadCount
        return threads > 1 && m / 64 < threads && k >= 4096
    }
}

/// The naive reference matmul: `out (m, n) = a (m, k) · b(n, k)ᵀ`, one dot product at a time, in `T`.
/// The oracle the BLAS paths are tested against.
public func matmulNaive<T: BinaryFloatingPoint>(_ a: [T], _ b: [T], m: Int, n: Int, k: Int) -> [T] {
    var out = [T](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s: T = 0
            for p in 0..<k { s += a[i * k + p] * b[j * k + p] }
            out[i * n + j] = s
        }
    }
    return out
}
