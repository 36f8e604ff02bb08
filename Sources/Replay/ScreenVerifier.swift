import Capture
import Episode
import Foundation
import Imaging

/// `--verify`: after the last event, waits for the display to settle, grabs it the way the
/// recorder does (cursor drawn in), and compares it with the episode's frame for that moment.
public enum ScreenVerifier {
    public struct Outcome: Sendable {
        public var comparison: ScreenComparison
        /// The recorded frame compared with.
        public var frame: FrameEntry
        public var screen: RGBImage
        /// True when the screen was still changing when the settle time ran out.
        public var stillChanging: Bool
    }

    /// The frame showing the screen after the replayed range: the last one at or before `plan.end`
    /// when --to cut the episode, the episode's last frame otherwise.
    public static func referenceFrame(_ episode: EpisodeContents, plan: ReplayPlan, cutAtEnd: Bool) -> FrameEntry? {
        guard cutAtEnd else { return episode.frames.last }
        return episode.frames.last { $0.t <= plan.end } ?? episode.frames.first
    }

    /// Grabs `display` until two grabs `interval` apart are identical (applications have drawn
    /// the input's effects) or `settle` seconds pass, and compares the last grab with `frame`.
    public static func verify(episode: EpisodeContents, frame: FrameEntry, display: String,
                              settle: Double = 3, interval: Double = 0.1,
                              tolerance: Int = ScreenComparison.defaultTolerance) throws(ReplayError) -> Outcome {
        let expected: RGBImage
        do throws(EpisodeError) { expected = try episode.loadFrame(frame) } catch { throw .episode(error) }
        let shot: ScreenShot
        do throws(CaptureError) { shot = try ScreenShot(display: display) } catch { throw .capture(error) }
        var (screen, stillChanging) = try settled(shot, settle: settle, interval: interval)
        if screen.width != expected.width || screen.height != expected.height {
            screen = screen.resized(width: expected.width, height: expected.height)
        }
        return Outcome(comparison: ScreenComparison(expected: expected, actual: screen, tolerance: tolerance),
                       frame: frame, screen: screen, stillChanging: stillChanging)
    }

    private static func settled(_ shot: ScreenShot, settle: Double, interval: Double) throws(ReplayError) -> (RGBImage, Bool) {
        let deadline = Date().addingTimeInterval(settle)
        do throws(CaptureError) {
            var previous = try shot.grab()
            while Date() < deadline {
                usleep(UInt32(interval * 1_000_000))
                let next = try shot.grab()
                if next == previous { return (next, false) }
                previous = next
            }
            return (previous, true)
        } catch {
            throw .capture(error)
        }
    }

    /// Writes the comparison's diff image as PNG.
    public static func writeDiff(_ comparison: ScreenComparison, to path: String) throws(ReplayError) {
        let bytes: [UInt8]
        do throws(ImagingError) { bytes = try PNG.encode(comparison.diff, level: 1) } catch { throw .imaging(error) }
        if let reason = CompleteFile.write(bytes, to: path) { throw .cannotWrite(path: path, reason: reason) }
    }
}
