import Foundation
import Synchronization

/// Optional wall-clock totals per op (`mimic bench train-step --profile`). Off by default; when off, an op
/// pays one relaxed atomic load.
public enum Profiler {
    private static let on = Atomic<Bool>(false)
    private static let totals = Mutex<[String: (seconds: Double, calls: Int)]>([:])

    public static var enabled: Bool {
        get { on.load(ordering: .relaxed) }
        set { on.store(newValue, ordering: .relaxed) }
    }

    /// Totals so far, by op name, and clears them.
    public static func take() -> [String: (seconds: Double, calls: Int)] {
        totals.withLock { t in
            let result = t
            t = [:]
            return result
        }
    }

    @inline(__always)
    static func start() -> UInt64 { on.load(ordering: .relaxed) ? DispatchTime.now().uptimeNanoseconds : 0 }

    @inline(__always)
    static func stop(_ name: StaticString, _ start: UInt64) {
        if start == 0 { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        totals.withLock { t in
            let key = name.description
            let old = t[key] ?? (0, 0)
            t[key] = (old.seconds + seconds, old.calls + 1)
        }
    }
}
