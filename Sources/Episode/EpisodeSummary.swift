import Foundation
import Imaging
import Synchronization

/// What `mimic inspect` reports about an episode; also its JSON form.
public struct EpisodeSummary: Codable, Sendable {
    public var path: String
    public var id: String
    public var status: String
    public var statusReason: String?
    public var startedAt: String
    public var durationMs: Double
    public var screen: EpisodeMetadata.Screen
    public var display: String?
    public var fps: Double?
    public var recorder: String
    public var instruction: String?
    public var task: EpisodeMetadata.Task?
    public var agent: EpisodeMetadata.Agent?
    public var keyboard: EpisodeMetadata.Keyboard?
    public var keysRedacted: Bool
    public var frames: Frames
    public var events: Int
    public var eventsByType: [String: Int]
    /// Findings that did not stop the episode from being read.
    public var problems: [String]
    /// False when the frames' PNGs were not decoded (`--quick`).
    public var framesVerified: Bool

    public struct Frames: Codable, Sendable {
        /// Lines in frames.jsonl.
        public var count: Int
        public var stored: Int
        /// Of the stored frames, those holding only the region that changed.
        public var partial: Int
        public var deduplicated: Int
        public var skipped: Int
    }

    public init(_ episode: EpisodeContents, framesVerified: Bool) {
        let m = episode.metadata
        path = episode.directory
        id = m.id
        switch episode.status {
        case .complete: status = "complete"
        case .recording: status = "recording"; statusReason = "the recorder (pid \(m.pid ?? 0)) is still running"
        case .interrupted(let reason): status = "interrupted"; statusReason = reason
        }
        startedAt = m.startedAt
        durationMs = episode.durationMs
        screen = m.screen
        display = m.display
        fps = m.fps
        recorder = m.recorder
        instruction = m.instruction
        task = m.task
        agent = m.agent
        keyboard = m.keyboard
        keysRedacted = m.keysRedacted ?? false
        let references = episode.frames.filter { $0.sameAs != nil }.count
        frames = Frames(count: episode.frames.count, stored: episode.frames.count - references,
                        partial: episode.frames.filter { $0.patch != nil && $0.sameAs == nil }.count,
                        deduplicated: references, skipped: m.counts.framesSkipped)
        events = episode.events.count
        var byType: [String: Int] = [:]
        for event in episode.events { byType[event.typeName, default: 0] += 1 }
        eventsByType = byType
        problems = episode.notes
        self.framesVerified = framesVerified
        if status != "recording" && m.counts.events > events {
            problems.append("episode.json counted \(m.counts.events) events but \(events) are in events.jsonl")
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, id, status, statusReason = "status_reason", startedAt = "started_at", durationMs = "duration_ms"
        case screen, display, fps, recorder, instruction, task, agent, keyboard, keysRedacted = "keys_redacted"
        case frames, events, eventsByType = "events_by_type", problems, framesVerified = "frames_verified"
    }
}

extension EpisodeContents {
    /// Decodes every distinct frame PNG (in parallel) and checks its size against the screen.
    /// Returns the first failure in frame order, or nil. `progress` is called with (done, total).
    public func verifyFrameFiles(progress: (@Sendable (Int, Int) -> Void)? = nil) -> EpisodeError? {
        // Each file once, for every place it is drawn.
        var seen = Set<String>()
        let unique = frames.filter { seen.insert("\($0.file) \($0.patch.map { "\($0.x),\($0.y)" } ?? "")").inserted }
        let files = unique.map(\.file)
        let screen = metadata.screen
        let failures = Mutex<[Int: EpisodeError]>([:])
        let done = Mutex(0)
        let directory = directory
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let path = directory + "/" + files[i]
            do throws(ImagingError) {
                let image = try PNG.read(path: path)
                if let patch = unique[i].patch {
                    if patch.x + image.width > screen.width || patch.y + image.height > screen.height {
                        let reason = "a \(image.width)x\(image.height) patch at (\(patch.x), \(patch.y)) does not fit the \(screen.width)x\(screen.height) screen"
                        failures.withLock { $0[i] = .unreadableFrame(path: path, reason: reason) }
                    }
                } else if image.width != screen.width || image.height != screen.height {
                    let reason = "image is \(image.width)x\(image.height) but the episode's screen is \(screen.width)x\(screen.height)"
                    failures.withLock { $0[i] = .unreadableFrame(path: path, reason: reason) }
                }
            } catch {
                failures.withLock { $0[i] = .unreadableFrame(path: path, reason: error.description) }
            }
            let finished = done.withLock { n in n += 1; return n }
            progress?(finished, files.count)
        }
        return failures.withLock { all in all.keys.min().flatMap { all[$0] } }
    }
}
