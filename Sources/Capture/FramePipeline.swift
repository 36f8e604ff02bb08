import Primitives
import Episode
import Foundation
import Imaging
import Synchronization

/// Encodes grabbed frames on worker threads and appends their lines in grab order.
///
/// Queue policy: at most `capacity` frames wait for an encoder. When the queue is full the new
/// frame is dropped and counted (`skipped`): the grab schedule and the event stream are never held
/// back by encoding. Frames that repeat the previous one need no encoding and are never dropped.
final class FramePipeline: @unchecked Sendable {
    /// A grabbed frame on its way to disk.
    enum Job: @unchecked Sendable {
        /// Pixels to encode: the whole screen, or (with `patchBase`) the region at `origin` that
        /// changed since that full frame. The cursor is drawn in before encoding.
        case image(index: Int, t: Double, pointer: (x: Int, y: Int), pixels: RawFrame, origin: (x: Int, y: Int),
                   cursor: CursorSnapshot?, patchBase: Int?)
        /// A frame identical to an earlier one: its line is ready.
        case reference(FrameEntry)
    }

    private let writer: EpisodeWriter
    private let format: PixelFormat
    private let capacity: Int
    private let queue = Mutex<[Job]>([])
    private let available = DispatchSemaphore(value: 0)
    private let workersDone = DispatchGroup()
    private let workerCount: Int

    private struct Commit {
        var next = 0
        var ready: [Int: FrameEntry] = [:]
        var bytesWritten = 0
        var failure: EpisodeError?
    }
    private let commit = Mutex(Commit())
    private let closing = Atomic<Bool>(false)
    let skipped = Atomic<Int>(0)

    init(writer: EpisodeWriter, format: PixelFormat, workers: Int, capacity: Int) {
        self.writer = writer
        self.format = format
        self.workerCount = workers
        self.capacity = capacity
        for n in 0..<workers {
            workersDone.enter()
            let thread = Thread { [self] in work() }
            thread.name = "png-encoder-\(n)"
            thread.start()
        }
    }

    var bytesWritten: Int { commit.withLock { $0.bytesWritten } }
    var failure: EpisodeError? { commit.withLock { $0.failure } }

    /// Offers a frame to encode. Returns false (and counts a skip) when the queue is full.
    @discardableResult
    func submit(_ job: Job) -> Bool {
        if case .reference(let entry) = job {
            finish(entry.index, entry)
            return true
        }
        let accepted = queue.withLock { jobs in
            guard jobs.count < capacity else { return false }
            jobs.append(job)
            return true
        }
        if accepted { available.signal() } else { skipped.add(1, ordering: .relaxed) }
        return accepted
    }

    /// Whether a frame would be accepted now (the grabber skips before copying pixels).
    var hasRoom: Bool { queue.withLock { $0.count < capacity } }

    /// Encodes what is queued, writes the remaining lines, and stops the workers.
    func drain() {
        closing.store(true, ordering: .sequentiallyConsistent)
        for _ in 0..<workerCount { available.signal() }
        workersDone.wait()
    }

    /// Counts a frame dropped before it was offered (no room).
    func noteSkipped() { skipped.add(1, ordering: .relaxed) }

    private func work() {
        defer { workersDone.leave() }
        // Each worker keeps its own encoder, and with it its buffers, from frame to frame.
        let encoder = writer.makeFrameEncoder()
        while true {
            available.wait()
            let job: Job? = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            guard let job else {
                if closing.load(ordering: .sequentiallyConsistent) { return }
                continue
            }
            guard case .image(let index, let t, let pointer, let raw, let origin, let cursor, let patchBase) = job else { continue }
            var image = format.rgb(raw.bytes, width: raw.width, height: raw.height)
            cursor?.draw(into: &image, origin: origin)
            do throws(EpisodeError) {
                let (file, size) = try writer.writeFrameFile(image, index: index, encoder: encoder)
                commit.withLock { $0.bytesWritten += size }
                let patch = patchBase.map { FrameEntry.Patch(base: $0, x: origin.x, y: origin.y) }
                finish(index, FrameEntry(index: index, t: t, file: file, pointer: pointer, patch: patch))
            } catch {
                commit.withLock { if $0.failure == nil { $0.failure = error } }
            }
        }
    }

    /// Appends lines in index order as their frames complete.
    private func finish(_ index: Int, _ entry: FrameEntry) {
        commit.withLock { c in
            c.ready[index] = entry
            while let next = c.ready.removeValue(forKey: c.next) {
                do throws(EpisodeError) {
                    try writer.appendFrame(next)
                } catch {
                    if c.failure == nil { c.failure = error }
                    return
                }
                c.next += 1
            }
        }
    }
}

/// A grab (or a region of one) in the server's 32-bit pixel layout, shared read-only between threads.
final class RawFrame: @unchecked Sendable {
    let width: Int
    let height: Int
    let bytes: [UInt8]
    init(width: Int, height: Int, bytes: [UInt8]) { self.width = width; self.height = height; self.bytes = bytes }

    /// A copy of `region`.
    func cropped(to region: Rect) -> RawFrame {
        if region == Rect(x: 0, y: 0, width: width, height: height) { return self }
        var out = [UInt8](repeating: 0, count: region.area * 4)
        bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                for row in 0..<region.height {
                    memcpy(dst.baseAddress! + row * region.width * 4,
                           src.baseAddress! + ((region.y + row) * width + region.x) * 4, region.width * 4)
                }
            }
        }
        return RawFrame(width: region.width, height: region.height, bytes: out)
    }
}
