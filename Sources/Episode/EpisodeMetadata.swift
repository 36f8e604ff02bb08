import Foundation

/// episode.json: what an episode is. Rewritten atomically (write, then rename) whenever it changes.
/// Unknown fields in a file are accepted and ignored.
public struct EpisodeMetadata: Codable, Sendable, Equatable {
    public var formatVersion: Int = EpisodeLayout.formatVersion
    public var id: String
    public var status: Status = .recording
    /// UTC, ISO 8601 with milliseconds: the instant t = 0.
    public var startedAt: String
    public var endedAt: String?
    /// What `t` means in events.jsonl and frames.jsonl.
    public var clock: String = EpisodeMetadata.clockDescription
    /// CLOCK_MONOTONIC at t = 0 in nanoseconds, to line other logs of the same machine up with `t`.
    public var monotonicStartNs: UInt64?
    public var screen: Screen
    /// The monitors (screen layout) inside the screen, when known.
    public var monitors: [Monitor]?
    public var display: String?
    public var fps: Double?
    /// Program and version that wrote the episode, e.g. "mimic 0.1.0".
    public var recorder: String
    /// Process id of the recorder while status is `recording`, to tell a live recording from a dead one.
    public var pid: Int32?
    public var hostname: String?
    public var instruction: String?
    public var task: Task?
    public var agent: Agent?
    public var keyboard: Keyboard?
    public var png: PNGSettings?
    /// True when printable keys were stored as a placeholder (`mimic record --redact-keys`).
    public var keysRedacted: Bool?
    public var counts: Counts = Counts()
    public var durationMs: Double?
    /// Why the episode ended early, when status is `interrupted`.
    public var interruption: String?

    public static let clockDescription =
        "t is milliseconds since started_at on the recorder's monotonic clock; events carry the X server's timestamp mapped onto it, frames the moment their grab began"

    public enum Status: String, Codable, Sendable {
        case recording, complete, interrupted
    }

    public struct Screen: Codable, Sendable, Equatable {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) { self.width = width; self.height = height }
    }

    public struct Monitor: Codable, Sendable, Equatable {
        public var name: String?
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public init(name: String?, x: Int, y: Int, width: Int, height: Int) {
            self.name = name; self.x = x; self.y = y; self.width = width; self.height = height
        }
    }

    /// A built-in task this episode was recorded on (mimic gym), and how it ended.
    public struct Task: Codable, Sendable, Equatable {
        public var name: String
        public var seed: UInt64?
        public var outcome: String?
        public init(name: String, seed: UInt64? = nil, outcome: String? = nil) {
            self.name = name; self.seed = seed; self.outcome = outcome
        }
    }

    /// Set when a model, not a person, produced the input.
    public struct Agent: Codable, Sendable, Equatable {
        public var model: String
        public init(model: String) { self.model = model }
    }

    /// The XKB keyboard description in force (from _XKB_RULES_NAMES).
    public struct Keyboard: Codable, Sendable, Equatable {
        public var rules: String?
        public var model: String?
        public var layout: String?
        public var variant: String?
        public var options: String?
        public init(rules: String?, model: String?, layout: String?, variant: String?, options: String?) {
            self.rules = rules; self.model = model; self.layout = layout; self.variant = variant; self.options = options
        }
    }

    /// How the frames' PNGs were written: `encoder` "fast" (Mimic's own, no level) or "libpng"
    /// (zlib `level`, row `filter`). Episodes from before the fast encoder have no `encoder`: libpng.
    public struct PNGSettings: Codable, Sendable, Equatable {
        public var encoder: String?
        public var level: Int?
        public var filter: String
        public init(encoder: String?, level: Int?, filter: String) { self.encoder = encoder; self.level = level; self.filter = filter }
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var events = 0
        /// Lines in frames.jsonl.
        public var frames = 0
        /// PNG files written (full frames and partial ones).
        public var framesStored = 0
        /// Of those, frames stored as the changed region over an earlier full frame.
        public var framesPartial = 0
        /// Frames identical to the previous one, recorded as a reference.
        public var framesDeduplicated = 0
        /// Frames grabbed but dropped because encoding fell behind.
        public var framesSkipped = 0
        public init() {}
    }

    public init(id: String, startedAt: String, screen: Screen, recorder: String) {
        self.id = id
        self.startedAt = startedAt
        self.screen = screen
        self.recorder = recorder
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", id, status, startedAt = "started_at", endedAt = "ended_at", clock
        case monotonicStartNs = "monotonic_start_ns"
        case screen, monitors, display, fps, recorder, pid, hostname, instruction, task, agent, keyboard, png
        case keysRedacted = "keys_redacted", counts, durationMs = "duration_ms", interruption
    }
}

extension EpisodeMetadata.Counts {
    enum CodingKeys: String, CodingKey {
        case events, frames, framesStored = "frames_stored", framesPartial = "frames_partial"
        case framesDeduplicated = "frames_deduplicated"
        case framesSkipped = "frames_skipped"
    }

    /// Missing counts read as 0: counts are informative, the line files are the truth.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        events = try c.decodeIfPresent(Int.self, forKey: .events) ?? 0
        frames = try c.decodeIfPresent(Int.self, forKey: .frames) ?? 0
        framesStored = try c.decodeIfPresent(Int.self, forKey: .framesStored) ?? 0
        framesPartial = try c.decodeIfPresent(Int.self, forKey: .framesPartial) ?? 0
        framesDeduplicated = try c.decodeIfPresent(Int.self, forKey: .framesDeduplicated) ?? 0
        framesSkipped = try c.decodeIfPresent(Int.self, forKey: .framesSkipped) ?? 0
    }
}

extension EpisodeMetadata {
    /// Fields with a default may be missing; unknown fields are ignored.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        id = try c.decode(String.self, forKey: .id)
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? .recording
        startedAt = try c.decode(String.self, forKey: .startedAt)
        endedAt = try c.decodeIfPresent(String.self, forKey: .endedAt)
        clock = try c.decodeIfPresent(String.self, forKey: .clock) ?? EpisodeMetadata.clockDescription
        monotonicStartNs = try c.decodeIfPresent(UInt64.self, forKey: .monotonicStartNs)
        screen = try c.decode(Screen.self, forKey: .screen)
        monitors = try c.decodeIfPresent([Monitor].self, forKey: .monitors)
        display = try c.decodeIfPresent(String.self, forKey: .display)
        fps = try c.decodeIfPresent(Double.self, forKey: .fps)
        recorder = try c.decodeIfPresent(String.self, forKey: .recorder) ?? "unknown"
        pid = try c.decodeIfPresent(Int32.self, forKey: .pid)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        instruction = try c.decodeIfPresent(String.self, forKey: .instruction)
        task = try c.decodeIfPresent(Task.self, forKey: .task)
        agent = try c.decodeIfPresent(Agent.self, forKey: .agent)
        keyboard = try c.decodeIfPresent(Keyboard.self, forKey: .keyboard)
        png = try c.decodeIfPresent(PNGSettings.self, forKey: .png)
        keysRedacted = try c.decodeIfPresent(Bool.self, forKey: .keysRedacted)
        counts = try c.decodeIfPresent(Counts.self, forKey: .counts) ?? Counts()
        durationMs = try c.decodeIfPresent(Double.self, forKey: .durationMs)
        interruption = try c.decodeIfPresent(String.self, forKey: .interruption)
    }
}

extension EpisodeMetadata {
    /// "2026-11-29T12:00:00.123Z"
    public static func timestamp(_ date: Date) -> String {
        var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    /// A sortable, unique folder name: "2026-11-29T12-00-00Z-a1b2".
    public static func newID(_ date: Date = Date()) -> String {
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(identifier: "UTC")!
        let stamp = date.formatted(style).replacingOccurrences(of: ":", with: "-")
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return stamp + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        return Array(try! encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
