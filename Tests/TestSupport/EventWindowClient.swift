import Foundation

/// `mimic-test-fixtures event-window` on a display: a window covering the screen that logs every
/// input event it receives. Tests read its log up to a sentinel they send themselves, so they
/// never wait for a guessed time.
public final class EventWindowClient: @unchecked Sendable {
    /// One logged event: type, keysym or button, root coordinates, X state.
    public struct Entry: Equatable, CustomStringConvertible, Sendable {
        public var type: String
        public var keysym: String?
        public var button: Int?
        public var x: Int?
        public var y: Int?
        public var state: Int?

        public init(type: String, keysym: String? = nil, button: Int? = nil, x: Int? = nil, y: Int? = nil, state: Int? = nil) {
            self.type = type; self.keysym = keysym; self.button = button; self.x = x; self.y = y; self.state = state
        }

        public var description: String {
            var text = type
            if let keysym { text += " " + keysym }
            if let button { text += " button \(button)" }
            if let x, let y { text += " at \(x),\(y)" }
            if let state { text += " state \(state)" }
            return text
        }
    }

    private let fixture: FixtureProcess
    public let display: String

    /// Starts the window and returns once it is mapped and focused.
    public init(display: String) throws {
        self.display = display
        fixture = try FixtureProcess(["event-window", display])
        guard fixture.readLine(containing: #""ready""#) != nil else {
            throw FixtureFailed(message: "event-window on \(display) did not start")
        }
    }

    /// Every entry logged until the pointer motion to `sentinel` (which is not included).
    /// The caller moves the pointer there after the input it wants to see.
    public func entries(until sentinel: (x: Int, y: Int)) -> [Entry] {
        var entries: [Entry] = []
        while let line = fixture.readLine() {
            guard let entry = EventWindowClient.parse(line) else { continue }
            if entry.type == "motion" && entry.x == sentinel.x && entry.y == sentinel.y { break }
            entries.append(entry)
        }
        return entries
    }

    /// Changes the window's colour ("RRGGBB") and waits until it is drawn.
    public func setColor(_ rgb: String) {
        fixture.send("color \(rgb)")
        _ = fixture.readLine(containing: #""type":"color""#)
    }

    public func stop() { _ = fixture.finish() }

    static func parse(_ line: String) -> Entry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let type = object["type"] as? String, ["motion", "button_down", "button_up", "key_down", "key_up"].contains(type) else {
            return nil
        }
        return Entry(type: type, keysym: object["keysym"] as? String, button: object["button"] as? Int,
                     x: object["x"] as? Int, y: object["y"] as? Int, state: object["state"] as? Int)
    }
}

public struct FixtureFailed: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
