import Primitives
import Dataset
import Episode
import Foundation
import Imaging
import NN

/// Recordings whose right action is visible in the frame, written as real episodes (PNG frames,
/// events.jsonl) and built into a dataset by `DatasetBuilder`, exactly as `mimic dataset build` would:
/// the data of the learnability test and of `mimic bench train`.
///
/// Every half second a new scene appears on a grey screen, and 100 ms later the "user" acts on it:
/// - a red square (50% of scenes): a left click at a point inside it;
/// - a blue square (20%): a right click inside it;
/// - a coloured band across the screen, no square (30%): a key, told by the colour: yellow `a`,
///   green `b`, cyan `Return`, magenta `space`, white ctrl+`a`.
/// So the action type, the pointer and the key can all be read off the frame (and not off the history,
/// which is random). Chance levels: type 50% (always "click"), pointer in patch 1/patches, key 20%.
public enum SyntheticRecordings {
    public struct Options: Sendable {
        public var episodes = 10
        /// Scenes (samples) per episode.
        public var scenes = 64
        public var screenWidth = 64
        public var screenHeight = 64
        /// Side of the squares, screen pixels.
        public var squareSize = 16
        public var seed: UInt64 = 1
        public init() {}
    }

    static let background = RGBColor(110, 110, 110)
    static let keyScenes: [(color: RGBColor, keysym: String, ctrl: Bool)] = [
        (RGBColor(250, 220, 30), "a", false), (RGBColor(40, 200, 60), "b", false), (RGBColor(30, 210, 220), "Return", false),
        (RGBColor(220, 50, 200), "space", false), (RGBColor(255, 255, 255), "a", true),
    ]

    /// Writes the episodes into `folder` (created); returns their paths.
    public static func write(into folder: String, options o: Options) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededRandom(seed: o.seed)
        func uniform(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
        var paths: [String] = []
        for e in 0..<o.episodes {
            let path = folder + "/" + String(format: "synthetic-%03d", e)
            var metadata = EpisodeMetadata(id: String(format: "synthetic-%03d", e), startedAt: "2026-01-01T00:00:00.000Z",
                                           screen: .init(width: o.screenWidth, height: o.screenHeight), recorder: "mimic synthetic")
            metadata.task = .init(name: "synthetic", seed: o.seed)
            let writer = try EpisodeWriter(directory: path, metadata: metadata)
            var pointer = (x: o.screenWidth / 2, y: o.screenHeight / 2)
            for scene in 0..<o.scenes {
                let t = Double(scene) * 500
                var image = RGBImage(width: o.screenWidth, height: o.screenHeight, fill: background.tuple)
                let roll = uniform(10)
                if roll < 7 {
                    let s = o.squareSize
                    let left = uniform(o.screenWidth - s + 1), top = uniform(o.screenHeight - s + 1)
                    let right = roll >= 5
                    image.fillRect(x: left, y: top, width: s, height: s, color: right ? RGBColor(50, 110, 240) : RGBColor(230, 40, 40))
                    _ = try writer.addFrame(image, t: t, pointer: pointer)
                    // A point in the middle half of the square.
                    let x = left + s / 4 + uniform(s / 2), y = top + s / 4 + uniform(s / 2)
                    let button = right ? 3 : 1
                    writer.append(InputEvent(t: t + 100, .buttonDown(.init(button: button, x: x, y: y))))
                    writer.append(InputEvent(t: t + 150, .buttonUp(.init(button: button, x: x, y: y))))
                    pointer = (x, y)
                } else {
                    let key = keyScenes[uniform(keyScenes.count)]
                    let band = o.screenHeight / 4
                    image.fillRect(x: 0, y: uniform(o.screenHeight - band + 1), width: o.screenWidth, height: band, color: key.color)
                    _ = try writer.addFrame(image, t: t, pointer: pointer)
                    let modifiers: Modifiers = key.ctrl ? [.ctrl] : []
                    if key.ctrl { writer.append(InputEvent(t: t + 90, .keyDown(.init(keycode: 37, keysym: "Control_L")))) }
                    writer.append(InputEvent(t: t + 100, .keyDown(.init(keycode: 38, keysym: key.keysym, modifiers: modifiers))))
                    writer.append(InputEvent(t: t + 150, .keyUp(.init(keycode: 38, keysym: key.keysym, modifiers: modifiers))))
                    if key.ctrl { writer.append(InputEvent(t: t + 160, .keyUp(.init(keycode: 37, keysym: "Control_L", modifiers: [.ctrl])))) }
                }
            }
            // One last frame, so the last action has its observation and the episode its end.
            _ = try writer.addFrame(RGBImage(width: o.screenWidth, height: o.screenHeight, fill: background.tuple),
                                    t: Double(o.scenes) * 500, pointer: pointer)
            _ = try writer.finish()
            paths.append(path)
        }
        return paths
    }

    /// Writes the recordings into `folder`/recordings and builds them into a dataset at `folder`/data:
    /// frames stretched to `size`, `valFraction` of the episodes held out. Returns the dataset folder.
    public static func buildDataset(in folder: String, options: Options, size: ImageSize, valFraction: Double = 0.2,
                                    history: Int = 4, bins: Int = 64) throws -> String {
        let episodes = try write(into: folder + "/recordings", options: options)
        var build = BuildOptions()
        build.preprocessing = Preprocessing(size: size, fit: .stretch)
        build.valFraction = valFraction
        build.seed = options.seed
        build.history = history
        build.bins = bins
        build.builder = "mimic synthetic"
        let output = folder + "/data"
        do { _ = try DatasetBuilder(options: build).build(inputs: episodes, output: output) } catch { throw error }
        return output
    }
}
