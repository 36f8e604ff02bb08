import Primitives
import Foundation
import Imaging

extension TaskSession {
    /// The window's thread: waits for X events (and wake-ups from the other side), feeds them to
    /// the task, enforces the time limit and the miss rule, and draws. Shared state sits behind
    /// one condition lock; the X connection belongs to this thread alone once it runs.
    final class Runner: @unchecked Sendable {
        struct State {
            var task: any GymTask
            var misses = 0
            var outcome: Outcome?
            var picture: RGBImage
            var settleRequested = 0
            var settleServed = 0
            var stopRequested = false
            var finished = false
        }

        private let window: TaskWindow
        private let timeLimit: Double
        private let maxMisses: Int
        private let condition = NSCondition()
        private var state: State
        private let started = ContinuousClock.now
        private let wakeRead: Int32
        private let wakeWrite: Int32

        init(window: TaskWindow, task: any GymTask, timeLimit: Double, maxMisses: Int) {
            self.window = window
            self.timeLimit = timeLimit
            self.maxMisses = maxMisses
            let picture = Runner.render(task, outcome: nil, size: window.frame.size)
            state = State(task: task, picture: picture)
            var fds: [Int32] = [-1, -1]
            pipe(&fds)
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            wakeRead = fds[0]
            wakeWrite = fds[1]
            window.show(picture)
            window.sync()
        }

        deinit {
            close(wakeRead)
            close(wakeWrite)
        }

        func start() {
            let thread = Thread { [self] in loop() }
            thread.name = "gym-task-window"
            thread.start()
        }

        var elapsed: Double {
            let d = started.duration(to: .now).components
            return Double(d.seconds) + Double(d.attoseconds) * 1e-18
        }

        func withState<T>(_ body: (State) -> T) -> T {
            condition.lock(); defer { condition.unlock() }
            return body(state)
        }

        func settle() {
            condition.lock()
            guard !state.finished else { condition.unlock(); return }
            state.settleRequested += 1
            let ticket = state.settleRequested
            condition.unlock()
            wake()
            condition.lock()
            while state.settleServed < ticket && !state.finished { condition.wait() }
            condition.unlock()
        }

        func waitForOutcome(seconds: Double?) -> Outcome? {
            let deadline = seconds.map { Date().addingTimeInterval($0) }
            condition.lock(); defer { condition.unlock() }
            while state.outcome == nil {
                if let deadline {
                    if !condition.wait(until: deadline) && state.outcome == nil { return nil }
                } else {
                    condition.wait()
                }
            }
            return state.outcome
        }

        @discardableResult
        func stop() -> Outcome {
            condition.lock()
            state.stopRequested = true
            if state.outcome == nil { state.outcome = Outcome(kind: .stopped, seconds: elapsed) }
            condition.broadcast()
            condition.unlock()
            wake()
            condition.lock(); defer { condition.unlock() }
            while !state.finished { condition.wait() }
            return state.outcome!
        }

        private func wake() {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }

        private func loop() {
            var exposed = false
            while true {
                let remaining = timeLimit - elapsed
                let waitMs = withState { $0.outcome == nil } ? Int32(max(0, min(100, (remaining * 1000).rounded(.up)))) : 100
                var fds = [pollfd(fd: window.fileDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                _ = poll(&fds, 2, waitMs)
                var drain = [UInt8](repeating: 0, count: 64)
                while Foundation.read(wakeRead, &drain, drain.count) > 0 {}

                let (stop, ticket) = withState { ($0.stopRequested, $0.settleRequested) }
                if stop { break }
                if ticket > withState({ $0.settleServed }) { window.sync() }
                let inputs = window.pendingInput(exposed: &exposed)

                condition.lock()
                var changed = false
                if state.outcome == nil {
                    for input in inputs {
                        switch state.task.handle(input) {
                        case .changed: changed = true
                        case .miss: state.misses += 1
                        case .ignored: break
                        }
                        if let end = ending() {
                            state.outcome = end
                            changed = true
                            break
                        }
                    }
                    if state.outcome == nil, elapsed >= timeLimit {
                        state.outcome = Outcome(kind: .timeout, seconds: elapsed)
                        changed = true
                    }
                }
                let task = state.task, outcome = state.outcome
                condition.unlock()

                if changed {
                    let picture = Runner.render(task, outcome: outcome, size: window.frame.size)
                    window.show(picture)
                    condition.lock(); state.picture = picture; condition.unlock()
                } else if exposed {
                    window.redraw()
                }
                exposed = false

                condition.lock()
                state.settleServed = max(state.settleServed, ticket)
                condition.broadcast()  // settle() and waitForOutcome() callers
                condition.unlock()
            }
            window.close()
            condition.lock()
            state.finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// The outcome the task's state (and the miss count) calls for now, if any. Under the lock.
        private func ending() -> Outcome? {
            switch state.task.status {
            case .succeeded: return Outcome(kind: .success, seconds: elapsed)
            case .failed(let reason): return Outcome(kind: .failure, reason: reason, seconds: elapsed)
            case .running:
                guard state.misses >= maxMisses else { return nil }
                return Outcome(kind: .failure, reason: "\(state.misses) clicks hit nothing", seconds: elapsed)
            }
        }

        /// The task's picture, with how the run ended shown in the bar and around the window.
        static func render(_ task: any GymTask, outcome: Outcome?, size: Size) -> RGBImage {
            var canvas = RGBImage(width: size.width, height: size.height)
            task.draw(on: &canvas)
            guard let outcome, outcome.kind != .stopped else { return canvas }
            let color = outcome.succeeded ? TaskCanvas.done : TaskCanvas.failed
            let text = switch outcome.kind {
            case .success: "Done!"
            case .timeout: "Time is up"
            default: "Failed"
            }
            canvas.drawBar(text, background: color)
            canvas.strokeRect(x: 0, y: TaskCanvas.barHeight, width: size.width, height: size.height - TaskCanvas.barHeight,
                              thickness: 6, color: color)
            return canvas
        }
    }
}
