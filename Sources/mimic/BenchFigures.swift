import Foundation

/// Small helpers the benchmarks share.
enum BenchFigures {
    /// The 1-minute load average, where the system tells it.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }

    /// A note when the machine was already busy, since every figure is then lower than on a quiet one.
    static func busyNote(before: Double?, after: Double?) -> String? {
        guard let before, before > 0.5 else { return nil }
        return String(format: "note: the machine was busy before the benchmark started (load average %.1f on %d cores, %.1f after it): figures are lower than on a quiet machine",
                      before, ProcessInfo.processInfo.activeProcessorCount, after ?? 0)
    }
}
