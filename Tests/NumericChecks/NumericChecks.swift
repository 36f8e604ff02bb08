import NN
import Primitives
import Testing

// Checks the NN and Policy tests share: llm.c-style tensor comparisons, finite differences in double
// precision, seeded inputs.

/// Compares `got` with `expected` like llm.c's check_tensor: passes when every element is within
/// `tolerance · max(1, max |expected|)`; on failure reports the max difference and the first mismatches.
/// Returns the max absolute difference (so tests can print it).
@discardableResult
public func checkClose(_ name: String, _ got: [Double], _ expected: [Double], tolerance: Double,
                sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    #expect(got.count == expected.count, "\(name): \(got.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    let scale = max(1, expected.map(abs).max() ?? 0)
    var maxDiff = 0.0
    var mismatches: [String] = []
    for i in 0..<min(got.count, expected.count) {
        let diff = abs(got[i] - expected[i])
        if !(diff <= tolerance * scale) && mismatches.count < 5 { mismatches.append("[\(i)] \(got[i]) vs \(expected[i])") }
        if diff > maxDiff || diff.isNaN { maxDiff = diff }
    }
    #expect(mismatches.isEmpty, "\(name): max diff \(maxDiff) > \(tolerance) x \(scale); first mismatches: \(mismatches.joined(separator: ", "))",
            sourceLocation: sourceLocation)
    return maxDiff
}

/// Relative comparison for gradient checks: |a − b| ≤ tolerance · max(|a|, |b|, floor) per element.
@discardableResult
public func checkRelative(_ name: String, _ analytic: [Double], _ numeric: [Double], tolerance: Double, floor: Double,
                   sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    #expect(analytic.count == numeric.count, "\(name): \(analytic.count) values, expected \(numeric.count)", sourceLocation: sourceLocation)
    var worst = 0.0
    var mismatches: [String] = []
    for i in 0..<min(analytic.count, numeric.count) {
        let rel = abs(analytic[i] - numeric[i]) / max(abs(analytic[i]), abs(numeric[i]), floor)
        if rel > worst || rel.isNaN { worst = rel }
        if !(rel <= tolerance) && mismatches.count < 5 { mismatches.append("[\(i)] analytic \(analytic[i]) vs numeric \(numeric[i])") }
    }
    #expect(mismatches.isEmpty, "\(name): max relative error \(worst) > \(tolerance); \(mismatches.joined(separator: ", "))",
            sourceLocation: sourceLocation)
    return worst
}

/// Central finite differences of a scalar function, in double precision.
public func numericGradient(_ x: [Double], h: Double = 1e-5, _ f: ([Double]) -> Double) -> [Double] {
    var x = x
    return (0..<x.count).map { i in
        let saved = x[i]
        x[i] = saved + h
        let plus = f(x)
        x[i] = saved - h
        let minus = f(x)
        x[i] = saved
        return (plus - minus) / (2 * h)
    }
}

/// Seeded values in [-scale, scale).
public func randomValues(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
    var r = SeededRandom(seed: seed)
    return (0..<count).map { _ in (r.uniform() * 2 - 1) * scale }
}

public func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

extension Tensor {
    public init(_ shape: [Int], _ values: [Double]) { self.init(shape: shape, values: values.map { Float($0) }) }
    public var doubles: [Double] { values.map(Double.init) }
}

/// Float-rounded copies, so the fast (float) and reference (double) paths see identical inputs.
public func rounded(_ values: [Double]) -> [Double] { values.map { Double(Float($0)) } }
