/// The thresholds that turn raw events into actions. Each rule is written out in docs/dataset.md;
/// the values in force are stored in every dataset's manifest and shard metadata.
public struct SegmentationRules: Sendable, Equatable, Codable {
    /// Pixels: a left press whose pointer stays within this distance of where it went down (and is
    /// released within `clickMaxDuration`, with no other action inside) is a click; else a drag.
    public var clickMaxTravel: Double = 4
    /// Milliseconds from press to release for a click.
    public var clickMaxDuration: Double = 500
    /// Milliseconds between the presses of two clicks that make one double_click.
    public var doubleClickInterval: Double = 400
    /// Pixels between the presses of two clicks that make one double_click.
    public var doubleClickDistance: Double = 5
    /// Milliseconds without motion after which the pointer is at rest: a motion run ends.
    public var restTime: Double = 300
    /// Pixels a motion run must carry the pointer (from where it was to where it rests) to be a move.
    public var moveMinDistance: Double = 5
    /// Milliseconds between one action's last event and the next action's first event above which
    /// the gap is a pause that yields wait samples.
    public var pauseThreshold: Double = 1000
    /// Milliseconds between wait samples in a pause, the first one this long after the pause begins.
    public var waitInterval: Double = 500
    /// Milliseconds before the next action inside which no wait sample is placed.
    public var waitMargin: Double = 500
    /// Milliseconds: an action whose last frame before it is older than this has no usable
    /// observation (the recorder was stalled) and is left out.
    public var maxObservationAge: Double = 1000

    public init() {}

    enum CodingKeys: String, CodingKey {
        case clickMaxTravel = "click_max_travel_px", clickMaxDuration = "click_max_duration_ms"
        case doubleClickInterval = "double_click_interval_ms", doubleClickDistance = "double_click_distance_px"
        case restTime = "rest_time_ms", moveMinDistance = "move_min_distance_px"
        case pauseThreshold = "pause_threshold_ms", waitInterval = "wait_interval_ms", waitMargin = "wait_margin_ms"
        case maxObservationAge = "max_observation_age_ms"
    }
}
