import Foundation

/// Linear warm-up, then cosine decay to a floor (as nanoGPT): update u (1-based) gets
///
///     u ≤ warmup:   peak · u / warmup
///     after:        floor + (peak − floor) · ½ (1 + cos(π · (u − warmup) / (total − warmup)))
///
/// so the last update (u = total) runs at the floor. When the length is not known yet (a run bounded
/// only by time, before it has measured its speed) the cosine factor is 1; past the end it stays at the floor.
public struct LearningRateSchedule: Sendable, Equatable {
    public var peak: Float
    public var floor: Float
    public var warmup: Int
    /// Total updates; nil while unknown.
    public var total: Int?

    public init(peak: Float, floor: Float, warmup: Int, total: Int?) {
        self.peak = peak
        self.floor = floor
        self.warmup = warmup
        self.total = total
    }

    /// The rate for update `u` (1-based).
    public func rate(at u: Int) -> Float {
        if u <= warmup { return Float(Double(peak) * Double(u) / Double(max(warmup, 1))) }
        guard let total else { return peak }
        let span = max(1, total - warmup)
        let progress = min(1, Double(u - warmup) / Double(span))
        let cosine = 0.5 * (1 + Foundation.cos(Double.pi * progress))
        return Float(Double(floor) + (Double(peak) - Double(floor)) * cosine)
    }
}
