/// Order statistics of measured figures (timings, errors), one definition for the whole project.
public enum Statistics {
    /// The median: the middle value, or the mean of the two middle values for an even count; 0 for none.
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The nearest-rank percentile `p` (0…1) of `values`: the smallest value with at least a fraction
    /// `p` of all values at or below it; 0 for none.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        percentile(sorted: values.sorted(), p)
    }

    /// `percentile` of values already sorted ascending (for several percentiles of one list).
    public static func percentile(sorted s: [Double], _ p: Double) -> Double {
        guard !s.isEmpty else { return 0 }
        return s[max(0, min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1))]
    }
}
