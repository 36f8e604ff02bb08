import Foundation
import Imaging
import Synchronization

/// Writes an episode while it is being recorded, so that it is readable at every instant:
///
/// - events are buffered in memory and appended to events.jsonl at least every 100 ms
///   (by a flusher thread every 50 ms, and on `flush()`);
/// - a frame's PNG is written to a temporary name and renamed, and only then is its line
///   appended to frames.jsonl;
/// - episode.json is rewritten atomically: at the start (status `recording`), about once a second
///   with fresh counts, and by `finish`.
///
/// A writer killed at any moment leaves an episode that `EpisodeReader` opens as interrupted,
/// with everything appended up to the last flush. `append` and `writeFrameFile` may be called
/// from any thread; `appendFrame` must be called in frame order.
public final class EpisodeWriter: Sendable {
    public let directory: String
    /// How frames become PNGs (the fast encoder unless told otherwise).
    public let png: PNGEncoding

    private struct State {
        var metadata: EpisodeMetadata
        var pendingEvents: [UInt8] = []
        var lastT: Double = 0
        var metadataDirty = false
        var previousImage: RGBImage?
        var previousStoredIndex = -1
        var failure: EpisodeError?
        var finished = false
    }

    private let state: Mutex<State>
    /// Held while bytes go to disk, so that flushes from two threads keep their order.
    private let ioLock = Mutex<Void>(())
    private nonisolated(unsafe) let eventsFile: AppendOnlyFile
    private nonisolated(unsafe) let framesFile: AppendOnlyFile
    /// predictions.jsonl, created by the first prediction (agent runs of a model only).
    private nonisolated(unsafe) var predictionsFile: AppendOnlyFile?
    private let flusherStop = Mutex<Bool>(false)
    /// `addFrame`'s encoder, made on first use and kept (with its buffers) for the next frame.
    private let addFrameEncoder = Mutex<PNGFrameEncoder?>(nil)
    private let flusherDone = DispatchSemaphore(value: 0)

    /// Creates the episode folder (it must not exist) and starts writing.
    public init(directory: String, metadata: EpisodeMetadata, png: PNGEncoding = .default) throws(EpisodeError) {
        self.directory = directory
        self.png = png
        var metadata = metadata
        metadata.formatVersion = EpisodeLayout.formatVersion
        metadata.status = .recording
        metadata.pid = getpid()
        metadata.png = png.encoder == .fast
            ? EpisodeMetadata.PNGSettings(encoder: png.encoder.rawValue, level: nil, filter: PNG.Filter.none.rawValue)
            : EpisodeMetadata.PNGSettings(encoder: png.encoder.rawValue, level: png.level, filter: png.filter.rawValue)

        try FileIO.createPrivateFolder(directory)
        try FileIO.createPrivateFolder(directory + "/" + EpisodeLayout.framesFolder)
        eventsFile = try AppendOnlyFile(path: directory + "/" + EpisodeLayout.eventsFile)
        framesFile = try AppendOnlyFile(path: directory + "/" + EpisodeLayout.framesFile)
        try FileIO.writeAtomically(metadata.encoded(), to: directory + "/" + EpisodeLayout.metadataFile)
        state = Mutex(State(metadata: metadata))

        let done = flusherDone
        let thread = Thread { [weak self] in
            // Holds the writer only during a tick, so that an abandoned writer is freed.
            var ticks = 0
            while true {
                usleep(50_000)
                ticks += 1
                guard let writer = self, writer.flusherTick(ticks) else { break }
            }
            done.signal()
        }
        thread.name = "episode-flusher"
        thread.start()
    }

    deinit {
        flusherStop.withLock { $0 = true }
    }

    public var metadata: EpisodeMetadata { state.withLock { $0.metadata } }

    /// The first write failure (a full disk, a removed folder), if any. The recorder polls it.
    public var failure: EpisodeError? { state.withLock { $0.failure } }

    // MARK: Events

    /// Buffers one event; it reaches events.jsonl within 100 ms.
    public func append(_ event: InputEvent) {
        let line = event.jsonLine()
        state.withLock {
            guard !$0.finished else { return }
            $0.pendingEvents.append(contentsOf: line)
            $0.metadata.counts.events += 1
            $0.lastT = max($0.lastT, event.t)
            $0.metadataDirty = true
        }
    }

    /// Writes buffered events now.
    public func flush() throws(EpisodeError) {
        try ioLock.withLock { _ throws(EpisodeError) in
            let pending = state.withLock { s in
                let bytes = s.pendingEvents
                s.pendingEvents.removeAll(keepingCapacity: true)
                return bytes
            }
            guard !pending.isEmpty else { return }
            do throws(EpisodeError) {
                try eventsFile.append(pending)
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
                throw error
            }
        }
    }

    // MARK: Predictions

    /// Milliseconds on the episode's clock at CLOCK_MONOTONIC `nanoseconds` (as from
    /// `MonotonicClock.nowNanoseconds()`); nil when episode.json has no monotonic start.
    public func episodeTime(atNanoseconds nanoseconds: UInt64) -> Double? {
        guard let start = metadata.monotonicStartNs else { return nil }
        return MonotonicClock(startNanoseconds: start).milliseconds(atNanoseconds: nanoseconds)
    }

    /// Appends one line to predictions.jsonl (created on first use), written at once: a crash
    /// loses at most the line being written, which readers skip as a truncated last line.
    public func appendPrediction(_ prediction: PointerPrediction) throws(EpisodeError) {
        let line = prediction.jsonLine()
        try ioLock.withLock { _ throws(EpisodeError) in
            guard !state.withLock({ $0.finished }) else { throw .finished(path: directory) }
            do throws(EpisodeError) {
                if predictionsFile == nil {
                    predictionsFile = try AppendOnlyFile(path: directory + "/" + EpisodeLayout.predictionsFile)
                }
                try predictionsFile!.append(line)
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
                throw error
            }
        }
    }

    // MARK: Frames

    /// An encoder for the writer's PNG settings, for one thread (it keeps its buffers between frames).
    public func makeFrameEncoder() -> PNGFrameEncoder {
        PNGFrameEncoder(png)
    }

    /// Encodes `image` and stores it as frame `index`'s PNG (write, then rename). Thread-safe:
    /// encoders may run in parallel, each thread with its own `encoder` from `makeFrameEncoder()`
    /// (without one, a new encoder is made for this frame). Returns the file's path relative to
    /// the episode and its size.
    @discardableResult
    public func writeFrameFile(_ image: RGBImage, index: Int, encoder: PNGFrameEncoder? = nil) throws(EpisodeError) -> (file: String, bytes: Int) {
        precondition(encoder == nil || encoder!.encoding == png, "a frame encoder for \(encoder!.encoding), the episode says \(png)")
        let relative = EpisodeLayout.frameFile(index: index)
        let png: [UInt8]
        do throws(ImagingError) {
            png = try (encoder ?? makeFrameEncoder()).encode(image)
        } catch {
            throw .writeFailed(path: directory + "/" + relative, reason: error.description)
        }
        do throws(EpisodeError) {
            try FileIO.writeAtomically(png, to: directory + "/" + relative)
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = error } }
            throw error
        }
        return (relative, png.count)
    }

    /// Appends frame `entry` to frames.jsonl. Its file must already be written.
    public func appendFrame(_ entry: FrameEntry) throws(EpisodeError) {
        let line = entry.jsonLine()
        try ioLock.withLock { _ throws(EpisodeError) in
            let expected = state.withLock { $0.metadata.counts.frames }
            guard entry.index == expected else {
                throw .frameOutOfOrder(path: directory + "/" + EpisodeLayout.framesFile, expected: expected, got: entry.index)
            }
            do throws(EpisodeError) {
                try framesFile.append(line)
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
                throw error
            }
            state.withLock {
                $0.metadata.counts.frames += 1
                if entry.sameAs != nil {
                    $0.metadata.counts.framesDeduplicated += 1
                } else {
                    $0.metadata.counts.framesStored += 1
                    if entry.patch != nil { $0.metadata.counts.framesPartial += 1 }
                }
                $0.lastT = max($0.lastT, entry.t)
                $0.metadataDirty = true
            }
        }
    }

    /// Stores a frame in one call: a frame identical to the previous one becomes a reference.
    /// For one producer; the recorder, which encodes in parallel, uses the two calls above.
    @discardableResult
    public func addFrame(_ image: RGBImage, t: Double, pointer: (x: Int, y: Int)) throws(EpisodeError) -> FrameEntry {
        let (index, previous, previousIndex) = state.withLock { ($0.metadata.counts.frames, $0.previousImage, $0.previousStoredIndex) }
        let entry: FrameEntry
        if let previous, previous == image {
            entry = FrameEntry(index: index, t: t, file: EpisodeLayout.frameFile(index: previousIndex),
                               pointer: pointer, sameAs: previousIndex)
        } else {
            let file = try addFrameEncoder.withLock { cached throws(EpisodeError) in
                let encoder = cached ?? makeFrameEncoder()
                cached = encoder
                return try writeFrameFile(image, index: index, encoder: encoder).file
            }
            entry = FrameEntry(index: index, t: t, file: file, pointer: pointer)
            state.withLock { $0.previousImage = image; $0.previousStoredIndex = index }
        }
        try appendFrame(entry)
        return entry
    }

    /// Counts frames that were grabbed but dropped (encoding fell behind).
    public func noteSkippedFrames(_ count: Int) {
        state.withLock { $0.metadata.counts.framesSkipped += count; $0.metadataDirty = true }
    }

    // MARK: Metadata and finishing

    /// Changes episode.json (e.g. the task outcome) and rewrites it atomically.
    public func updateMetadata(_ change: (inout EpisodeMetadata) -> Void) throws(EpisodeError) {
        let metadata = state.withLock { s in
            change(&s.metadata)
            s.metadataDirty = false
            return s.metadata
        }
        try writeMetadata(metadata)
    }

    /// Flushes everything, records how the episode ended, and closes the files.
    /// `interruption` nil means complete. A write failure during the episode makes it interrupted.
    @discardableResult
    public func finish(interruption: String? = nil) throws(EpisodeError) -> EpisodeMetadata {
        let alreadyStopped = flusherStop.withLock { stop in
            defer { stop = true }
            return stop
        }
        if alreadyStopped { throw .finished(path: directory) }
        flusherDone.wait()
        var flushError: EpisodeError?
        do throws(EpisodeError) { try flush() } catch { flushError = error }
        let metadata = state.withLock { s in
            s.finished = true
            let reason = interruption ?? s.failure.map { "write failed: \($0)" }
            s.metadata.status = reason == nil ? .complete : .interrupted
            s.metadata.interruption = reason
            s.metadata.endedAt = EpisodeMetadata.timestamp(Date())
            s.metadata.durationMs = (s.lastT * 1000).rounded() / 1000
            s.metadata.pid = nil
            return s.metadata
        }
        eventsFile.close()
        framesFile.close()
        ioLock.withLock { _ in predictionsFile?.close() }
        try writeMetadata(metadata)
        if let flushError { throw flushError }
        return metadata
    }

    private func writeMetadata(_ metadata: EpisodeMetadata) throws(EpisodeError) {
        try ioLock.withLock { _ throws(EpisodeError) in
            try FileIO.writeAtomically(metadata.encoded(), to: directory + "/" + EpisodeLayout.metadataFile)
        }
    }

    /// One flusher tick; false when the flusher should stop.
    private func flusherTick(_ ticks: Int) -> Bool {
        if flusherStop.withLock({ $0 }) { return false }
        try? flush()
        if ticks % 20 == 0 {
            // Fresh counts in episode.json about once a second, for people watching it.
            let metadata: EpisodeMetadata? = state.withLock { s in
                guard s.metadataDirty, !s.finished else { return nil }
                s.metadataDirty = false
                return s.metadata
            }
            if let metadata { try? writeMetadata(metadata) }
        }
        return true
    }
}
