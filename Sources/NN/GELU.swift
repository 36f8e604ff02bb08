import Foundation

/// GELU, tanh form: gelu(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Elementwise over any shape (N).
public enum GELU {
    static let s: Float = 0.797_884_560_8  // √(2/π)
    static let c: Float = 0.044_715

    /// out (N) = gelu(input (N)). With `tanh` (N), the tanh term is kept for a cheaper backward.
    public static func forward(_ out: Tensor, _ input: Tensor, tanh: Tensor? = nil) {
        let profile = Profiler.start()
        defer { Profiler.stop("gelu.forward", profile) }
        precondition(out.count == input.count && (tanh == nil || tanh!.count == input.count),
                     "GELU.forward: out \(out.shape) vs input \(input.shape)")
        let o = out.data, x = input.data, t = tanh?.data
        NNRuntime.parallelChunks(input.count) { range in
            let s = range.lowerBound
            forward(o + s, t.map { $0 + s }, x + s, range.count)
        }
    }

    /// dInput (N) += dOut (N) · gelu'(input), or `=` when not `accumulate` (then dInput may be dOut's memory).
    /// `tanh` is what `forward` kept, if it did (then no exponential is computed).
    public static func backward(dInput: Tensor, dOut: Tensor, input: Tensor, tanh: Tensor? = nil, accumulate: Bool = true) {
        let profile = Profiler.start()
        defer { Profiler.stop("gelu.backward", profile) }
        precondition(dInput.count == input.count && dOut.count == input.count && (tanh == nil || tanh!.count == input.count),
                     "GELU.backward: dInput \(dInput.shape), dOut \(dOut.shape), input \(input.shape)")
        let di = dInput.data, dy = dOut.data, x = input.data, t = tanh?.data
        NNRuntime.parallelChunks(input.count) { range in
            let s = range.lowerBound
            backward(di + s, dy + s, x + s, t.map { UnsafePointer($0 + s) }, range.count, accumulate: accumulate)
        }
    }

    /// The kernel over `count` contiguous floats, on the calling thread: whole vectors, then the tail.
    @inline(__always)
    static func forward(_ out: UnsafeMutablePointer<Float>, _ tanh: UnsafeMutablePointer<Float>?, _ x: UnsafePointer<Float>, _ count: Int) {
        var i = 0
        if let tanh {
            while i + 8 <= count {
                let (y, t) = forward8(load8(x + i))
                store8(y, out + i)
                store8(t, tanh + i)
                i += 8
            }
        } else {
            while i + 8 <= count {
                store8(forward8(load8(x + i)).0, out + i)
                i += 8
            }
        }
        if i < count {
            let (y, t) = forward8(loadPartial(x + i, count - i, fill: 0))
            storePartial(y, out + i, count - i)
            if let tanh { storePartial(t, tanh + i, count - i) }
        }
    }

    @inline(__always)
    static func backward(_ dInput: UnsafeMutablePointer<Float>, _ dOut: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                         _ tanh: UnsafePointer<Float>?, _ count: Int, accumulate: Bool) {
        var i = 0
        if let tanh {
            while i + 8 <= count {
                var g = load8(dOut + i) * derivative8(load8(x + i), load8(tanh + i))
                if accumulate { g += load8(dInput + i) }
                store8(g, dInput + i)
                i += 8
            }
        } else {
            while i + 8 <= count {
                let v = load8(x + i)
                var g = load8(dOut + i) * derivative8(v, forward8(v).1)
                if accumulate { g += load8(dInput + i) }
                store8(g, dInput + i)
                i += 8
            }
        }
        if i < count {
            let n = count - i
            let v = loadPartial(x + i, n, fill: 0)
            let t = tanh.map { loadPartial($0 + i, n, fill: 0) } ?? forward8(v).1
            var g = loadPartial(dOut + i, n, fill: 0) * derivative8(v, t)
            if accumulate { g += loadPartial(dInput + i, n, fill: 0) }
            storePartial(g, dInput + i, n)
        }
    }

    /// gelu(x) and its tanh term.
    @inline(__always)
    static func forward8(_ x: Float8) -> (Float8, Float8) {
        let x3: Float8 = x * x * x
        let u: Float8 = s * (x + c * x3)
        let t: Float8 = tanh8(u)
        let y: Float8 = 0.5 * x * (1 + t)
        return (y, t)
    }

    /// gelu'(x), given the tanh term t.
    @inline(__always)
    static func derivative8(_ x: Float8, _ t: Float8) -> Float8 {
        let x2: Float8 = x * x
        let left: Float8 = 0.5 * (1 + t)
        let du: Float8 = s * (1 + (3 * c) * x2)
        let right: Float8 = (0.5 * x) * (1 - t * t) * du
        return left + right
    }

    // MARK: - Naive reference

    public static func forwardNaive<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
        x.map { v in
            let d = Double(v)
            return T(0.5 * d * (1 + Foundation.tanh(0.7978845608028654 * (d + 0.044715 * d * d * d))))
        }
    }

    public static func backwardNaive<T: BinaryFloatingPoint>(dOut: [T], input: [T]) -> [T] {
        zip(dOut, input).map { g, v in
            let d = Double(v)
            let u = 0.7978845608028654 * (d + 0.044715 * d * d * d)
            let t = Foundation.tanh(u)
            let local = 0.5 * (1 + t) + 0.5 * d * (1 - t * t) * 0.7978845608028654 * (1 + 3 * 0.044715 * d * d)
            return T(Double(g) * local)
        }
    }
}
