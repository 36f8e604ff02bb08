import Primitives
import CX11
import X11
import Episode
import Foundation
import Imaging
import Synchronization

/// Records one episode from an X display: screen grabs at a fixed rate on one thread, PNG
/// encoding on worker threads (FramePipeline), every input event from the InputTap, all written
/// through the crash-safe EpisodeWriter.
public final class Recorder: @unchecked Sendable {
    public struct Options: Sendable {
        /// nil: $DISPLAY.
        public var display: String?
        /// The folder episodes go in; the episode is a new folder inside it.
        public var outFolder: String = "recordings"
        public var fps: Double = 30
        public var instruction: String?
        public var redactKeys = false
        /// How frames become PNGs (default: the fast encoder).
        public var png = PNGEncoding.default
        /// Encoder threads; by default one per core.
        public var encoders = ProcessInfo.processInfo.activeProcessorCount
        /// "mimic 0.1.0", stored as the episode's recorder.
        public var recorderName = "mimic"
        public var task: EpisodeMetadata.Task?
        public var agent: EpisodeMetadata.Agent?
        public init() {}
    }

    public struct Stats: Sendable {
        public var elapsedMs: Double
        public var grabbed: Int
        public var stored: Int
        public var deduplicated: Int
        public var skipped: Int
        public var events: Int
        public var bytesWritten: Int
    }

    public let options: Options
    public let writer: EpisodeWriter
    public var directory: String { writer.directory }
    public let usesSharedMemory: Bool

    private let clock: MonotonicClock
    private let grabConnection: XConnection
    private let grabber: ScreenGrabber
    private let tap: InputTap
    private let pipeline: FramePipeline
    private let stopGrabbing = Atomic<Bool>(false)
    private let grabberDone = DispatchSemaphore(value: 0)
    private let grabbed = Atomic<Int>(0)
    private let grabFailure = Mutex<CaptureError?>(nil)
    private let stopped = Mutex(false)

    /// Connects, checks the extensions, and creates the episode folder. Nothing is recorded until `start`.
    public init(_ options: Options) throws(RecorderError) {
        self.options = options
        do throws(CaptureError) {
            grabConnection = try XConnection.open(options.display)
            do { try grabConnection.require("XFIXES", purpose: "to draw the mouse cursor into frames") } catch { throw .connection(error) }
            var eventBase: Int32 = 0, errorBase: Int32 = 0
            _ = XFixesQueryExtension(grabConnection.display, &eventBase, &errorBase)
            grabber = try ScreenGrabber(grabConnection)
        } catch {
            throw .capture(error)
        }
        usesSharedMemory = grabber.usesSharedMemory

        clock = MonotonicClock()
        let started = Date()
        var metadata = EpisodeMetadata(id: EpisodeMetadata.newID(started), startedAt: EpisodeMetadata.timestamp(started),
                                       screen: .init(width: grabber.width, height: grabber.height), recorder: options.recorderName)
        metadata.display = grabConnection.name
        metadata.monotonicStartNs = clock.startNanoseconds
        metadata.fps = options.fps
        metadata.hostname = ProcessInfo.processInfo.hostName
        metadata.instruction = options.instruction
        metadata.keysRedacted = options.redactKeys
        metadata.task = options.task
        metadata.agent = options.agent
        if let k = grabConnection.keyboardLayout() {
            metadata.keyboard = .init(rules: k[0], model: k[1], layout: k[2], variant: k[3], options: k[4])
        }
        metadata.monitors = [.init(name: nil, x: 0, y: 0, width: grabber.width, height: grabber.height)]

        do throws(EpisodeError) {
            try Recorder.createOutFolder(options.outFolder)
            writer = try Recorder.createWriter(metadata: &metadata, started: started, options: options)
        } catch {
            throw .episode(error)
        }
        pipeline = FramePipeline(writer: writer, format: grabber.format, workers: max(1, options.encoders),
                                 capacity: max(2, options.encoders * 2))
        let writer = writer
        do throws(CaptureError) {
            tap = try InputTap(display: grabConnection.name, clock: clock, options: .init(redactKeys: options.redactKeys)) { event in
                writer.append(event)
            }
        } catch {
            _ = try? writer.finish(interruption: "could not start recording input: \(error)")
            throw .capture(error)
        }
    }

    /// The episode's writer in a new folder named by its id. Recorders started in the same second (say,
    /// on displays side by side) may draw the same random suffix: a taken name gets a fresh id.
    private static func createWriter(metadata: inout EpisodeMetadata, started: Date, options: Options) throws(EpisodeError) -> EpisodeWriter {
        var attempt = 1
        while true {
            do throws(EpisodeError) {
                return try EpisodeWriter(directory: options.outFolder + "/" + metadata.id, metadata: metadata, png: options.png)
            } catch {
                guard case .alreadyExists = error, attempt < 20 else { throw error }
                metadata.id = EpisodeMetadata.newID(started)
                attempt += 1
            }
        }
    }

    private static func createOutFolder(_ path: String) throws(EpisodeError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .cannotCreate(path: path, reason: "exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: Int(EpisodeLayout.folderMode)])
        } catch {
            throw .cannotCreate(path: path, reason: error.localizedDescription)
        }
    }

    /// Starts the input tap and the grab loop.
    public func start() throws(RecorderError) {
        let writer = writer
        XErrorTrap.onConnectionLost = {
            _ = try? writer.finish(interruption: "the X server closed the connection")
            FileHandle.standardError.write(Data("\nerror: the X server closed the connection; episode finalized at \(writer.directory)\n".utf8))
            exit(1)
        }
        do throws(CaptureError) { try tap.start() } catch { throw .capture(error) }
        let thread = Thread { [self] in grabLoop() }
        thread.name = "screen-grabber"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    public var stats: Stats {
        let m = writer.metadata
        return Stats(elapsedMs: clock.now(), grabbed: grabbed.load(ordering: .relaxed), stored: m.counts.framesStored,
                     deduplicated: m.counts.framesDeduplicated, skipped: pipeline.skipped.load(ordering: .relaxed),
                     events: m.counts.events, bytesWritten: pipeline.bytesWritten)
    }

    /// Why recording cannot go on (a write failed, the screen cannot be grabbed), if it cannot.
    public var failure: String? {
        if let error = writer.failure ?? pipeline.failure { return "write failed: \(error)" }
        if let error = grabFailure.withLock({ $0 }) { return "\(error)" }
        return nil
    }

    /// Stops grabbing, waits for every event up to now and every queued frame, and finalizes the
    /// episode: complete, or interrupted with `interruption` (or the failure that stopped it).
    @discardableResult
    public func stop(interruption: String? = nil) throws(RecorderError) -> EpisodeMetadata {
        let already = stopped.withLock { s in defer { s = true }; return s }
        if already { return writer.metadata }
        stopGrabbing.store(true, ordering: .sequentiallyConsistent)
        grabberDone.wait()
        tap.stop()
        pipeline.drain()
        writer.noteSkippedFrames(pipeline.skipped.load(ordering: .relaxed))
        XErrorTrap.onConnectionLost = nil
        do throws(EpisodeError) {
            return try writer.finish(interruption: interruption ?? failure)
        } catch {
            throw .episode(error)
        }
    }

    /// Grabs at a fixed rate. Each grab becomes one of: a reference to the previous frame (nothing
    /// changed), a partial frame (the region that changed since the last full frame, when that is
    /// at most a quarter of the screen), or a full frame. Frames are dropped only when the encoders are behind.
    private func grabLoop() {
        defer { grabberDone.signal() }
        let period = 1000 / options.fps
        let width = grabber.width, height = grabber.height
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        var buffer = [UInt8](repeating: 0, count: width * height * 4)
        /// The last full frame, which partial frames are drawn over.
        var base: (pixels: RawFrame, cursor: CursorSnapshot?, index: Int)?
        /// The last frame kept, which an identical grab refers to.
        var previous: (pixels: RawFrame, cursor: CursorSnapshot?, entry: FrameEntry)?
        var nextIndex = 0
        var due = clock.now()
        while !stopGrabbing.load(ordering: .relaxed) {
            sleep(untilMs: due)
            if stopGrabbing.load(ordering: .relaxed) { break }
            let t = clock.now()
            do throws(CaptureError) {
                try grabber.grab(into: &buffer)
            } catch {
                grabFailure.withLock { $0 = error }
                return
            }
            let cursor = CursorSnapshot.current(grabConnection, previous: previous?.cursor)
            grabbed.add(1, ordering: .relaxed)
            let pointer = (cursor?.x ?? 0, cursor?.y ?? 0)

            if let previous, cursor.map({ $0.looksLike(previous.cursor) }) ?? (previous.cursor == nil),
               Recorder.equal(buffer, previous.pixels.bytes) {
                var entry = previous.entry
                entry.sameAs = previous.entry.sameAs ?? previous.entry.index
                entry.index = nextIndex
                entry.t = t
                entry.pointer = pointer
                pipeline.submit(.reference(entry))
                nextIndex += 1
            } else if pipeline.hasRoom {
                let pixels = RawFrame(width: width, height: height, bytes: buffer)
                // The frame keeps these bytes: the next grab fills a new buffer instead of first
                // copying them (copy on write) and then overwriting the copy.
                buffer = []
                var region: Rect? = screen
                if let base {
                    region = Rect.changed(pixels.bytes, base.pixels.bytes, width: width, height: height)
                    if !(cursor?.looksLike(base.cursor) ?? (base.cursor == nil)) {
                        let cursors = (cursor?.region).map { $0.union(base.cursor?.region) } ?? base.cursor?.region
                        region = cursors.map { $0.union(region) } ?? region
                    }
                    region = region?.clipped(width: width, height: height)
                }
                // A region over a quarter of the screen starts a new full frame, so that partial
                // frames stay small (they hold every change since their base).
                if let base, let changed = region, changed.area * 4 <= screen.area {
                    let entry = FrameEntry(index: nextIndex, t: t, file: EpisodeLayout.frameFile(index: nextIndex), pointer: pointer,
                                           patch: .init(base: base.index, x: changed.x, y: changed.y))
                    pipeline.submit(.image(index: nextIndex, t: t, pointer: pointer, pixels: pixels.cropped(to: changed),
                                           origin: (changed.x, changed.y), cursor: cursor, patchBase: base.index))
                    previous = (pixels, cursor, entry)
                } else if let base, region == nil {
                    // Back to exactly the last full frame.
                    let entry = FrameEntry(index: nextIndex, t: t, file: EpisodeLayout.frameFile(index: base.index),
                                           pointer: pointer, sameAs: base.index)
                    pipeline.submit(.reference(entry))
                    previous = (base.pixels, base.cursor, FrameEntry(index: base.index, t: t, file: entry.file, pointer: pointer))
                } else {
                    pipeline.submit(.image(index: nextIndex, t: t, pointer: pointer, pixels: pixels, origin: (0, 0),
                                           cursor: cursor, patchBase: nil))
                    base = (pixels, cursor, nextIndex)
                    previous = (pixels, cursor, FrameEntry(index: nextIndex, t: t, file: EpisodeLayout.frameFile(index: nextIndex), pointer: pointer))
                }
                nextIndex += 1
            } else {
                pipeline.noteSkipped()
            }
            due += period
            let now = clock.now()
            if due < now { due += (((now - due) / period).rounded(.down) + 1) * period }  // fell behind: skip missed slots
        }
    }

    private func sleep(untilMs target: Double) {
        let ns = clock.startNanoseconds + UInt64(max(0, target) * 1_000_000)
        var ts = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }

    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0 } }
    }
}

/// Why a recording could not start or finish.
public indirect enum RecorderError: Error, CustomStringConvertible {
    case capture(CaptureError)
    case episode(EpisodeError)
    /// A started recording could not be finalized; what was written before stays readable.
    case finalizing(directory: String, RecorderError)

    public var description: String {
        switch self {
        case .capture(let e): e.description
        case .episode(let e): e.description
        case .finalizing(let directory, let e): "\(e); the episode at \(directory) is readable up to the failure"
        }
    }
}
