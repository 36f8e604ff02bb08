import CX11
import X11
import Foundation
import Primitives
import Synchronization

/// A person's pointer during ordinary work: it rests, and every few seconds glides (about 30
/// steps, 10 ms apart) to a new place not far away. XTest on its own connection and thread.
public final class PointerGlides: @unchecked Sendable {
    private let connection: XConnection
    private let display: OpaquePointer
    private let width: Int
    private let height: Int
    private let interval: Double
    private let stopFlag = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    public init(display name: String, every interval: Double = 3) throws(WorkloadError) {
        do { connection = try XConnection(name) } catch { throw .connection(error) }
        let display = connection.display
        self.display = display
        let screen = XDefaultScreen(display)
        width = Int(XDisplayWidth(display, screen))
        height = Int(XDisplayHeight(display, screen))
        self.interval = interval
    }

    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "pointer-glides"
        thread.start()
    }

    public func stop() {
        stopFlag.store(true, ordering: .relaxed)
        done.wait()
    }

    private func loop() {
        defer { done.signal() }
        let screen = XDefaultScreen(display)
        var random = SeededRandom(seed: 7)
        var at = (x: width / 2, y: height / 2)
        var rested = 0.0
        while !stopFlag.load(ordering: .relaxed) {
            usleep(50_000)
            rested += 0.05
            guard rested >= interval else { continue }
            rested = 0
            let target = (x: max(0, min(width - 1, at.x + Int(random.next() % 400) - 200)),
                          y: max(0, min(height - 1, at.y + Int(random.next() % 300) - 150)))
            for step in 1...30 where !stopFlag.load(ordering: .relaxed) {
                let x = at.x + (target.x - at.x) * step / 30, y = at.y + (target.y - at.y) * step / 30
                XTestFakeMotionEvent(display, screen, Int32(x), Int32(y), 0)
                XFlush(display)
                usleep(10_000)
            }
            at = target
        }
        XSync(display, 0)
    }
}
