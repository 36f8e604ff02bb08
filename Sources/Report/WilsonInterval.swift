/// The Wilson score interval of a success rate: where the true rate lies with the given confidence,
/// after `successes` in `trials`. Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and does not
/// shrink to a point at 0 or n successes (0 of 10 gives [0, 0.278], not [0, 0]).
///
///     center = (p̂ + z²/2n) / (1 + z²/n)
///     half   = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
public struct WilsonInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double

    /// z of a two-sided 95% interval: the 0.975 quantile of the standard normal.
    public static let z95 = 1.959963984540054

    /// The interval for `successes` of `trials`; [0, 1] (nothing known) when there were no trials.
    public init(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        precondition(successes >= 0 && successes <= trials, "successes must lie in 0...trials")
        guard trials > 0 else { lower = 0; upper = 1; return }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 and n successes one bound is exactly 0 or 1; rounding must not move it.
        lower = successes == 0 ? 0 : max(0, center - half)
        upper = successes == trials ? 1 : min(1, center + half)
    }
}
