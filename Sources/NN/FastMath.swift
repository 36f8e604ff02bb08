/// Vectorized elementary functions for the hot loops (softmax, GELU), eight lanes at a time.
/// Written out here rather than taken from libm so that they vectorize and give the same bits everywhere.
public typealias Float8 = SIMD8<Float>

@usableFromInline let expMagic: Float = 12_582_912  // 1.5 · 2^23: adding it rounds to an integer

/// e^x, within about 2 ulp for x in [-87, 88]; inputs outside are clamped (so e^-100 gives 1e-38, not 0).
/// Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial, 2^n by the exponent bits.
@inlinable @inline(__always)
public func exp8(_ input: Float8) -> Float8 {
    let x = clamp8(input, -87, 88)
    let t = x * 1.442_695_04 + expMagic
    let n = t - expMagic
    let r = x - n * 0.693_359_375 + n * 2.121_944_40e-4
    var p = Float8(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let y = p * (r * r) + r + 1
    let bits = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000  // n as an integer
    let scale = unsafeBitCast((bits &+ 127) &<< 23, to: Float8.self)
    return y * scale
}

/// tanh(x) = 1 - 2 / (e^{2x} + 1): absolute error about 1e-7, exact ±1 in the tails.
@inlinable @inline(__always)
public func tanh8(_ x: Float8) -> Float8 {
    let e = exp8(x + x)
    return 1 - 2 / (e + 1)
}

/// Lanewise clamp (written as selects: the standard library's `clamped`/`pointwiseMax` on SIMD8<Float>
/// handle NaN lane by lane in scalar code).
@inlinable @inline(__always)
public func clamp8(_ x: Float8, _ lo: Float, _ hi: Float) -> Float8 {
    let y = x.replacing(with: lo, where: x .< lo)
    return y.replacing(with: hi, where: y .> hi)
}

/// Lanewise maximum, as a select.
@inlinable @inline(__always)
public func max8(_ a: Float8, _ b: Float8) -> Float8 { a.replacing(with: b, where: a .< b) }

/// The largest lane (the standard library's `max()` is an out-of-line generic call).
@inlinable @inline(__always)
public func hmax8(_ v: Float8) -> Float {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.lowHalf .< v.highHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.lowHalf .< a.highHalf)
    return b[0] < b[1] ? b[1] : b[0]
}

/// Loads up to eight floats (the rest are `fill`), for loop tails.
@inlinable @inline(__always)
func loadPartial(_ p: UnsafePointer<Float>, _ count: Int, fill: Float) -> Float8 {
    var v = Float8(repeating: fill)
    for i in 0..<count { v[i] = p[i] }
    return v
}

@inlinable @inline(__always)
func storePartial(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count { p[i] = v[i] }
}

@inlinable @inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Float8 {
    UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

@inlinable @inline(__always)
func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float8.self)
}
