import Foundation

/// Milliseconds since a fixed start, on CLOCK_MONOTONIC: never jumps with wall-clock changes,
/// and is the same clock in every process on the machine.
public struct MonotonicClock: Sendable {
    /// CLOCK_MONOTONIC at t = 0, in nanoseconds.
    public let startNanoseconds: UInt64

    public init() { startNanoseconds = MonotonicClock.nowNanoseconds() }
    public init(startNanoseconds: UInt64) { self.startNanoseconds = startNanoseconds }

    /// Milliseconds since start.
    public func now() -> Double {
        milliseconds(atNanoseconds: MonotonicClock.nowNanoseconds())
    }

    public func milliseconds(atNanoseconds ns: UInt64) -> Double {
        Double(Int64(bitPattern: ns &- startNanoseconds)) / 1_000_000
    }

    public static func nowNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
