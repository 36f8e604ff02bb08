import Dispatch
import Foundation
import Imaging
import Synchronization

/// Decodes frame PNGs and turns them into model images on all cores.
public enum FrameBatch {
    public struct Job: Sendable {
        public var path: String
        /// For a partial frame: the full frame it is drawn over (see docs/episode-format.md).
        public var patch: Patch?
        public var preparer: FramePreparer
        public init(path: String, patch: Patch? = nil, preparer: FramePreparer) {
            self.path = path; self.patch = patch; self.preparer = preparer
        }
    }

    /// Where a partial frame's PNG goes: over the full frame at `basePath`, at (x, y).
    public struct Patch: Sendable, Equatable {
        public var basePath: String
        public var x: Int
        public var y: Int
        public init(basePath: String, x: Int, y: Int) { self.basePath = basePath; self.x = x; self.y = y }
    }

    /// The last base frame a worker decoded: partial frames of one episode mostly share it.
    public struct BaseCache {
        var path: String?
        var image: RGBImage?
        public init() {}
    }

    /// One result per job, in job order: the model image, or why the frame could not be used.
    /// One worker per core takes the next job until none is left, reusing its file buffer.
    public static func prepare(_ jobs: [Job]) -> [Result<RGBImage, FrameFailure>] {
        let results = ResultSlots(count: jobs.count)
        let next = Atomic<Int>(0)
        let workers = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var buffer: [UInt8] = []
            var bases = BaseCache()
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < jobs.count else { break }
                results.set(i, prepareOne(jobs[i], buffer: &buffer, bases: &bases))
            }
        }
        return results.values
    }

    /// Decodes and prepares one frame; `buffer` holds the file's bytes and is kept for the next.
    public static func prepareOne(_ job: Job, buffer: inout [UInt8], bases: inout BaseCache) -> Result<RGBImage, FrameFailure> {
        if let patch = job.patch { return preparePartial(job, patch, bases: &bases) }
        let outcome: (image: RGBImage?, width: Int, height: Int)
        do throws(ImagingError) {
            // The decoded pixels are resized where libpng left them: no 6 MB copy per frame.
            outcome = try PNG.withDecoded(path: job.path, reusing: &buffer) { width, height, pixels in
                (job.preparer.prepare(pixels: pixels, width: width, height: height), width, height)
            }
        } catch {
            return .failure(FrameFailure(path: job.path, reason: error.description))
        }
        guard let prepared = outcome.image else {
            let g = job.preparer.geometry
            return .failure(FrameFailure(path: job.path,
                                         reason: "image is \(outcome.width)x\(outcome.height) but the episode's screen is \(g.screenWidth)x\(g.screenHeight)"))
        }
        return .success(prepared)
    }
}

extension FrameBatch {
    /// A partial frame: its base frame's pixels (decoded once per run of frames sharing it) with the patch drawn in.
    static func preparePartial(_ job: Job, _ patch: Patch, bases: inout BaseCache) -> Result<RGBImage, FrameFailure> {
        do throws(ImagingError) {
            if bases.path != patch.basePath {
                bases.image = try PNG.read(path: patch.basePath)
                bases.path = patch.basePath
            }
            var screen = bases.image!
            let region = try PNG.read(path: job.path)
            guard screen.fits(region, x: patch.x, y: patch.y) else {
                return .failure(FrameFailure(path: job.path, reason: "a \(region.width)x\(region.height) patch at (\(patch.x), \(patch.y)) does not fit the \(screen.width)x\(screen.height) screen"))
            }
            screen.paste(region, x: patch.x, y: patch.y)
            guard let prepared = job.preparer.prepare(screen) else {
                let g = job.preparer.geometry
                return .failure(FrameFailure(path: patch.basePath, reason: "image is \(screen.width)x\(screen.height) but the episode's screen is \(g.screenWidth)x\(g.screenHeight)"))
            }
            return .success(prepared)
        } catch {
            bases = BaseCache()
            return .failure(FrameFailure(path: job.path, reason: error.description))
        }
    }
}

/// Why a frame could not be used.
public struct FrameFailure: Error, Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Result slots written by concurrent workers, each slot by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result<RGBImage, FrameFailure>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func set(_ i: Int, _ value: Result<RGBImage, FrameFailure>) { buffer[i] = value }

    var values: [Result<RGBImage, FrameFailure>] { buffer.map { $0! } }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
