import Foundation

/// One input event as recorded in events.jsonl. `t` is milliseconds since the episode started,
/// on the same clock as the frames.
public struct InputEvent: Sendable, Equatable {
    public var t: Double
    public var kind: Kind

    public init(t: Double, _ kind: Kind) {
        self.t = t
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        case motion(x: Int, y: Int)
        case buttonDown(Button)
        case buttonUp(Button)
        case keyDown(Key)
        case keyUp(Key)
        case window(Window)
    }

    /// Buttons 1-3 are left, middle, right; 4/5 scroll up/down; 6/7 scroll left/right; 8/9 back/forward.
    public struct Button: Sendable, Equatable {
        public var button: Int
        public var x: Int
        public var y: Int
        public var modifiers: Modifiers
        public init(button: Int, x: Int, y: Int, modifiers: Modifiers = []) {
            self.button = button; self.x = x; self.y = y; self.modifiers = modifiers
        }
    }

    /// A key: the hardware keycode and the keysym it produced in the layout in force, by X name
    /// ("a", "A", "Return", "exclam"), with the modifiers held when it happened.
    public struct Key: Sendable, Equatable {
        public var keycode: Int
        public var keysym: String
        public var modifiers: Modifiers
        public init(keycode: Int, keysym: String, modifiers: Modifiers = []) {
            self.keycode = keycode; self.keysym = keysym; self.modifiers = modifiers
        }
    }

    /// The active window changed to this one.
    public struct Window: Sendable, Equatable {
        public var id: UInt64
        public var title: String
        public var wmClass: String
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public init(id: UInt64, title: String, wmClass: String, x: Int, y: Int, width: Int, height: Int) {
            self.id = id; self.title = title; self.wmClass = wmClass
            self.x = x; self.y = y; self.width = width; self.height = height
        }
    }

    /// The `type` field in JSON.
    public var typeName: String {
        switch kind {
        case .motion: "motion"
        case .buttonDown: "button_down"
        case .buttonUp: "button_up"
        case .keyDown: "key_down"
        case .keyUp: "key_up"
        case .window: "window"
        }
    }

    public static let typeNames = ["motion", "button_down", "button_up", "key_down", "key_up", "window"]
}

// MARK: - JSON line form

extension InputEvent {
    /// One line of events.jsonl, newline included.
    public func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.field("t", milliseconds: t)
        line.field("type", typeName)
        switch kind {
        case .motion(let x, let y):
            line.field("x", x)
            line.field("y", y)
        case .buttonDown(let b), .buttonUp(let b):
            line.field("button", b.button)
            line.field("x", b.x)
            line.field("y", b.y)
            line.field("modifiers", b.modifiers.names)
        case .keyDown(let k), .keyUp(let k):
            line.field("keycode", k.keycode)
            line.field("keysym", k.keysym)
            line.field("modifiers", k.modifiers.names)
        case .window(let w):
            line.field("id", w.id)
            line.field("title", w.title)
            line.field("class", w.wmClass)
            line.field("x", w.x)
            line.field("y", w.y)
            line.field("width", w.width)
            line.field("height", w.height)
        }
        return line.finished()
    }

    /// Parses one line of events.jsonl. Unknown fields are ignored.
    public init(jsonLine: some Collection<UInt8>) throws(LineError) {
        let fields: EventFields
        do {
            fields = try JSONDecoder().decode(EventFields.self, from: Data(jsonLine))
        } catch {
            throw LineError(reason: "not a JSON event object (\(LineError.describe(error)))")
        }
        guard let t = fields.t, t.isFinite else { throw LineError(reason: "missing or invalid \"t\"") }
        guard let type = fields.type else { throw LineError(reason: "missing \"type\"") }
        func need<T>(_ value: T?, _ name: String) throws(LineError) -> T {
            guard let value else { throw LineError(reason: "\(type) event without \"\(name)\"") }
            return value
        }
        func modifiers() throws(LineError) -> Modifiers {
            guard let m = Modifiers(names: fields.modifiers ?? []) else {
                throw LineError(reason: "unknown modifier in \(fields.modifiers ?? [])")
            }
            return m
        }
        switch type {
        case "motion":
            self.init(t: t, .motion(x: try need(fields.x, "x"), y: try need(fields.y, "y")))
        case "button_down", "button_up":
            let button = Button(button: try need(fields.button, "button"), x: try need(fields.x, "x"),
                                y: try need(fields.y, "y"), modifiers: try modifiers())
            self.init(t: t, type == "button_down" ? .buttonDown(button) : .buttonUp(button))
        case "key_down", "key_up":
            let key = Key(keycode: try need(fields.keycode, "keycode"), keysym: try need(fields.keysym, "keysym"),
                          modifiers: try modifiers())
            self.init(t: t, type == "key_down" ? .keyDown(key) : .keyUp(key))
        case "window":
            let window = Window(id: try need(fields.id, "id"), title: fields.title ?? "", wmClass: fields.class ?? "",
                                x: fields.x ?? 0, y: fields.y ?? 0, width: fields.width ?? 0, height: fields.height ?? 0)
            self.init(t: t, .window(window))
        default:
            throw LineError(reason: "unknown event type \"\(type)\"", unknownType: type)
        }
    }

    /// Why one line could not be read.
    public struct LineError: Error, Sendable {
        public var reason: String
        /// Set when the line is well-formed but of a type this version does not know.
        public var unknownType: String? = nil

        static func describe(_ error: Error) -> String {
            if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
            if case DecodingError.typeMismatch(_, let context) = error {
                return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
            }
            return "\(error)"
        }
    }
}

private struct EventFields: Decodable {
    var t: Double?
    var type: String?
    var x: Int?
    var y: Int?
    var button: Int?
    var keycode: Int?
    var keysym: String?
    var modifiers: [String]?
    var id: UInt64?
    var title: String?
    var `class`: String?
    var width: Int?
    var height: Int?
}
