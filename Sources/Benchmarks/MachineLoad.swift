import Foundation

/// How busy the machine is, since every timing is lower on a busy one.
public enum MachineLoad {
    /// The 1-minute load average, where the system tells it.
    public static func average() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }

    /// A note when the machine was already busy before a benchmark (load average above 0.5).
    public static func busyNote(before: Double?, after: Double?, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> String? {
        guard let before, before > 0.5 else { return nil }
        return String(format: "note: the machine was busy before the benchmark started (load average %.1f on %d cores, %.1f after it): figures are lower than on a quiet machine",
                      before, cores, after ?? 0)
    }
}

/// CPU clocks, which other programs on the machine disturb much less than wall-clock time.
public enum CPUTime {
    /// CPU seconds used by the calling thread so far.
    public static func thread() -> Double { seconds(CLOCK_THREAD_CPUTIME_ID) }

    /// CPU seconds used by the whole process so far (all threads).
    public static func process() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU seconds of the calling thread while `body` runs.
    public static func ofThread(_ body: () throws -> Void) rethrows -> Double {
        let start = thread()
        try body()
        return thread() - start
    }

    /// Wall-clock seconds since `start`, an uptime in nanoseconds (`DispatchTime`).
    public static func secondsSince(_ start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func seconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
