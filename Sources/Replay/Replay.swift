import Control
import Episode
import Foundation
import Synchronization

/// Sends a plan's steps through an injector on a dedicated thread, each at its absolute deadline
/// on the monotonic clock (start + step.at), so that a late event does not delay the ones after
/// it. Records for every step how late it left: sent time (after the request is written to the
/// server) minus scheduled time.
///
/// Whatever ends the replay (the last step, `requestStop`, an error), every key and button the
/// replay pressed is released before `wait` returns its report.
public final class Replay: @unchecked Sendable {
    /// A snapshot for a live status line.
    public struct Progress: Sendable {
        public var sent: Int
        public var total: Int
        /// Episode time (ms) of the last step sent.
        public var episodeTime: Double
        /// How late the last step left (ms).
        public var lastError: Double
        /// The worst so far (ms).
        public var worstError: Double
    }

    public struct Report: Sendable {
        public var sent: Int
        public var total: Int
        public var timing: TimingSummary
        /// Set when the replay stopped before its last step: why.
        public var stoppedEarly: String?
        /// Set when sending failed.
        public var failure: ReplayError?
        /// Keys and buttons still held when it ended, all released then.
        public var releasedAtEnd: (keys: [String], buttons: [Int])
    }

    public let plan: ReplayPlan
    private let injector: InputInjector
    private let stopReason = Mutex<String?>(nil)
    private let state: Mutex<Progress>
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<Report?>(nil)
    /// Longest single sleep, so that a stop request is seen within this many ms.
    private static let stopCheckMs = 20.0

    /// The injector must not be used by anyone else until `wait` returns.
    public init(plan: ReplayPlan, injector: InputInjector) {
        self.plan = plan
        self.injector = injector
        state = Mutex(Progress(sent: 0, total: plan.steps.count, episodeTime: plan.start, lastError: 0, worstError: 0))
    }

    /// Starts sending on the replay's own thread.
    public func start() {
        let thread = Thread { [self] in
            let report = run()
            result.withLock { $0 = report }
            done.signal()
        }
        thread.name = "replay"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Asks the replay to stop before its next step; `reason` is reported.
    public func requestStop(_ reason: String) {
        stopReason.withLock { if $0 == nil { $0 = reason } }
    }

    public var progress: Progress { state.withLock { $0 } }

    /// Waits up to `seconds` for the replay to end; nil while it is still running.
    public func wait(seconds: Double) -> Report? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()  // later calls return at once
        return result.withLock { $0 }
    }

    // MARK: - The replay thread

    private func run() -> Report {
        var errors: [Double] = []
        errors.reserveCapacity(plan.steps.count)
        var failure: ReplayError?
        var sent = 0
        // Recorded keycode → the keycode pressed for it on the target, to pair releases with presses.
        var pressedKeys: [Int: Int] = [:]

        Replay.raisePriority()
        if let p = plan.startPointer { injector.move(x: p.x, y: p.y) }
        injector.sync()
        let clock = MonotonicClock()
        for step in plan.steps {
            guard waitUntil(step.at, clock) else { break }
            do throws(ControlError) {
                try perform(step.action, &pressedKeys)
            } catch {
                failure = .control(error)
                break
            }
            let error = clock.now() - step.at
            errors.append(error)
            sent += 1
            state.withLock { p in
                p.sent = sent
                p.episodeTime = step.t
                p.lastError = error
                p.worstError = max(p.worstError, error)
            }
        }
        let stillHeld = (injector.heldKeys.map(\.keysym), injector.heldButtons)
        injector.releaseAll()
        let stopped = sent < plan.steps.count ? (failure.map { "error: \($0)" } ?? stopReason.withLock { $0 }) : nil
        return Report(sent: sent, total: plan.steps.count, timing: TimingSummary(errors: errors), stoppedEarly: stopped,
                      failure: failure, releasedAtEnd: stillHeld)
    }

    /// Asks for real-time scheduling (SCHED_FIFO) for the replay thread, which keeps wake-ups on
    /// time when other programs load the cores. Only root or a user with an rtprio limit gets it;
    /// otherwise the thread stays as it is. The thread sleeps between events, so it cannot starve
    /// the machine.
    private static func raisePriority() {
        var parameters = sched_param()
        parameters.sched_priority = 10
        _ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
    }

    /// Sleeps until `deadline` (ms on `clock`), waking at least every `stopCheckMs` to see a stop
    /// request. False when asked to stop.
    private func waitUntil(_ deadline: Double, _ clock: MonotonicClock) -> Bool {
        while true {
            if stopReason.withLock({ $0 }) != nil { return false }
            let now = clock.now()
            if now >= deadline { return true }
            let wake = min(deadline, now + Replay.stopCheckMs)
            let ns = clock.startNanoseconds + UInt64(wake * 1_000_000)
            var ts = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
        }
    }

    private func perform(_ action: ReplayPlan.Action, _ pressedKeys: inout [Int: Int]) throws(ControlError) {
        switch action {
        case .move(let x, let y):
            injector.move(x: x, y: y)
        case .buttonDown(let button, let x, let y):
            if injector.pointer != (x, y) { injector.move(x: x, y: y) }
            try injector.press(button: button)
        case .buttonUp(let button, let x, let y):
            if injector.pointer != (x, y) { injector.move(x: x, y: y) }
            try injector.release(button: button)
        case .keyDown(let keysym, let keycode):
            // Keycode 0 means the recording does not know it.
            let stroke = try injector.keyDown(keysym, preferring: keycode > 0 ? keycode : nil)
            if keycode > 0 { pressedKeys[keycode] = stroke.keycode }
        case .keyUp(let keysym, let keycode):
            if keycode > 0, let target = pressedKeys.removeValue(forKey: keycode) {
                injector.keyUp(keycode: target)
            } else {
                // Pressed before --from, recorded without its press, or without a keycode:
                // release the held key that carries the keysym, if any.
                try injector.keyUp(keysym)
            }
        }
    }
}
