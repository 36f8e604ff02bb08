import Episode

/// An action with the frame it is to be predicted from and the actions before it.
public struct PairedSample: Sendable, Equatable {
    public var action: Action
    /// Position in the episode's frame list of the observation: the last frame grabbed strictly
    /// before the action's first event.
    public var frame: Int
    /// Up to K actions before this one in the episode, oldest first (fewer near the start).
    public var history: [Action]
}

/// Actions that had no usable observation.
public struct Unpaired: Sendable, Equatable, Codable {
    /// The action's first event came before (or at the time of) the first frame.
    public var beforeFirstFrame = 0
    /// The last frame before the action was older than `maxObservationAge`.
    public var staleFrame = 0

    public init() {}

    public mutating func add(_ other: Unpaired) {
        beforeFirstFrame += other.beforeFirstFrame
        staleFrame += other.staleFrame
    }

    enum CodingKeys: String, CodingKey {
        case beforeFirstFrame = "before_first_frame", staleFrame = "stale_frame"
    }
}

public enum Pairing {
    /// Pairs every action with its observation. `frames` must be in time order (as recorded).
    /// Every action, paired or not, counts in the history of the ones after it: it happened.
    public static func pair(_ actions: [Action], frames: [FrameEntry], history k: Int,
                            maxObservationAge: Double) -> (samples: [PairedSample], unpaired: Unpaired) {
        let times = frames.map(\.t)
        var samples: [PairedSample] = []
        samples.reserveCapacity(actions.count)
        var unpaired = Unpaired()
        for (i, action) in actions.enumerated() {
            guard let frame = lastFrame(before: action.t, times: times) else {
                unpaired.beforeFirstFrame += 1
                continue
            }
            guard action.t - times[frame] <= maxObservationAge else {
                unpaired.staleFrame += 1
                continue
            }
            samples.append(PairedSample(action: action, frame: frame, history: Array(actions[max(0, i - k)..<i])))
        }
        return (samples, unpaired)
    }

    /// The index of the last time strictly less than `t` in ascending `times`, or nil.
    public static func lastFrame(before t: Double, times: [Double]) -> Int? {
        var low = 0, high = times.count  // first index with times[index] >= t
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
