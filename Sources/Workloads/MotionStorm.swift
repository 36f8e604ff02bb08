import CX11
import X11
import Foundation
import Synchronization

/// Sends pointer moves through XTest at a fixed rate, on its own connection and thread, to a
/// known sequence of positions (`position(k)`), so a recording of it can be checked event by event.
public final class MotionStorm: @unchecked Sendable {
    private let connection: XConnection
    private let display: OpaquePointer
    private let width: Int
    private let height: Int
    private let rate: Double
    private let stopFlag = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let sentCount = Atomic<Int>(0)
    /// CLOCK_MONOTONIC (ns) just after the flush that sent move `k`, for each move sent.
    private let flushTimes = Mutex<[UInt64]>([])

    public init(display name: String, eventsPerSecond: Double) throws(WorkloadError) {
        do { connection = try XConnection(name) } catch { throw .connection(error) }
        let display = connection.display
        do { try connection.require("XTEST", purpose: "to send the pointer moves") } catch { throw .connection(error) }
        self.display = display
        let screen = XDefaultScreen(display)
        width = Int(XDisplayWidth(display, screen))
        height = Int(XDisplayHeight(display, screen))
        rate = eventsPerSecond
    }

    /// Where move number `k` goes: consecutive positions always differ (X drops moves that do not move).
    public func position(_ k: Int) -> (x: Int, y: Int) { ((k * 37 + 11) % width, (k * 53 + 7) % height) }

    public var sent: Int { sentCount.load(ordering: .relaxed) }

    /// When each move sent so far left for the server: CLOCK_MONOTONIC in nanoseconds just after its
    /// flush (the clock the recorder maps server stamps onto), so a recording's stamps can be compared.
    public var sentNanoseconds: [UInt64] { flushTimes.withLock { $0 } }

    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "motion-storm"
        thread.start()
    }

    /// Stops sending and waits until the server has taken every move.
    public func stop() {
        stopFlag.store(true, ordering: .relaxed)
        done.wait()
    }

    private func loop() {
        defer { done.signal() }
        let screen = XDefaultScreen(display)
        let start = Date()
        var k = 0
        while !stopFlag.load(ordering: .relaxed) {
            // Catch up to the schedule in small batches, then sleep a little.
            let due = Int(Date().timeIntervalSince(start) * rate)
            while k < due {
                let p = position(k)
                XTestFakeMotionEvent(display, screen, Int32(p.x), Int32(p.y), 0)
                k += 1
            }
            XFlush(display)
            let flushed = Self.monotonicNanoseconds()
            flushTimes.withLock { times in
                while times.count < k { times.append(flushed) }
            }
            sentCount.store(k, ordering: .relaxed)
            usleep(1000)
        }
        XSync(display, 0)
        sentCount.store(k, ordering: .relaxed)
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
