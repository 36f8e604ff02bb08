import Foundation
import Primitives

/// How late events were sent: percentiles of (sent time − scheduled time), in milliseconds.
public struct TimingSummary: Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var p50: Double
    public var p99: Double
    public var max: Double
    public var mean: Double

    /// Nearest-rank percentiles of `errors` (ms). All zero for no errors.
    public init(errors: [Double]) {
        count = errors.count
        guard !errors.isEmpty else { p50 = 0; p99 = 0; max = 0; mean = 0; return }
        let sorted = errors.sorted()
        p50 = Statistics.percentile(sorted: sorted, 0.50)
        p99 = Statistics.percentile(sorted: sorted, 0.99)
        max = sorted.last!
        mean = errors.reduce(0, +) / Double(errors.count)
    }

    public var description: String {
        "\(count) events, sent − scheduled: p50 \(TimingSummary.ms(p50)), p99 \(TimingSummary.ms(p99)), max \(TimingSummary.ms(max))"
    }

    /// "0.084 ms"
    public static func ms(_ value: Double) -> String {
        let digits = abs(value) < 10 ? 3 : (abs(value) < 100 ? 2 : 1)
        return String(format: "%.\(digits)f ms", value)
    }
}
