import Episode
import Imaging

/// Deterministic episode content, so that a test can tell exactly what a (killed) writer wrote.
public enum SyntheticEpisode {
    /// Event number `k`: cycles through every event type with values derived from k.
    public static func event(_ k: Int) -> InputEvent {
        let t = Double(k) * 0.25
        switch k % 6 {
        case 0: return InputEvent(t: t, .motion(x: k % 640, y: (k * 7) % 480))
        case 1: return InputEvent(t: t, .buttonDown(.init(button: 1 + k % 9, x: k % 640, y: k % 480, modifiers: [.shift])))
        case 2: return InputEvent(t: t, .buttonUp(.init(button: 1 + k % 9, x: k % 640, y: k % 480)))
        case 3: return InputEvent(t: t, .keyDown(.init(keycode: 8 + k % 240, keysym: k % 2 == 0 ? "a" : "Return", modifiers: [.ctrl, .alt])))
        case 4: return InputEvent(t: t, .keyUp(.init(keycode: 8 + k % 240, keysym: "quotedbl")))
        default:
            return InputEvent(t: t, .window(.init(id: UInt64(k), title: "window \"\(k)\"\nline", wmClass: "Test",
                                                 x: -5, y: 10, width: 300, height: 200)))
        }
    }

    /// Frame number `n`: a small image whose pixels depend on n; every third frame repeats the one before.
    public static func frame(_ n: Int, width: Int = 64, height: Int = 48) -> RGBImage {
        let seed = n % 3 == 2 ? n - 1 : n
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y] = (UInt8(truncatingIfNeeded: x * 3 + seed), UInt8(truncatingIfNeeded: y * 5 + seed * 7),
                               UInt8(truncatingIfNeeded: (x ^ y) + seed * 13))
            }
        }
        return image
    }

    public static func metadata(id: String = "synthetic", width: Int = 64, height: Int = 48) -> EpisodeMetadata {
        EpisodeMetadata(id: id, startedAt: "2026-11-29T12:00:00.000Z",
                        screen: .init(width: width, height: height), recorder: "mimic-test-fixtures")
    }
}
