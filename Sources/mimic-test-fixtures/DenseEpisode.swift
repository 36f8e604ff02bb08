import Episode
import Foundation
import Imaging

/// mimic-test-fixtures dense-episode <folder> <seconds> <events-per-second> [<width> <height>]
///     Writes the episode (default screen 1280x720) and prints how many events it holds.
func denseEpisodeMain(_ arguments: [String]) -> Never {
    guard arguments.count == 3 || arguments.count == 5, let seconds = Double(arguments[1]), let rate = Double(arguments[2]), rate > 0 else {
        fail("usage: mimic-test-fixtures dense-episode <folder> <seconds> <events-per-second> [<width> <height>]")
    }
    let width = arguments.count == 5 ? Int(arguments[3]) ?? 1280 : 1280
    let height = arguments.count == 5 ? Int(arguments[4]) ?? 720 : 720
    writeDenseEpisode(folder: arguments[0], seconds: seconds, rate: rate, width: width, height: height)
}

/// Writes a complete episode of dense synthetic input for the replay benchmark: pointer motion
/// along a Lissajous curve at `rate` events per second, a click every half second, and text typed
/// at about 8 keys per second (Shift held for capitals and punctuation). One blank frame.
func writeDenseEpisode(folder: String, seconds: Double, rate: Double, width: Int, height: Int) -> Never {
    var metadata = EpisodeMetadata(id: URL(fileURLWithPath: folder).lastPathComponent, startedAt: EpisodeMetadata.timestamp(Date()),
                                   screen: .init(width: width, height: height), recorder: "mimic-test-fixtures dense-episode")
    metadata.instruction = "replay benchmark: \(seconds) s of dense input at \(rate) events/s"
    let writer: EpisodeWriter
    do {
        writer = try EpisodeWriter(directory: folder, metadata: metadata)
        _ = try writer.addFrame(RGBImage(width: width, height: height, fill: (32, 48, 64)), t: 0, pointer: (width / 2, height / 2))
    } catch {
        fail("\(error)")
    }
    let text = Array("The quick brown fox jumps over the lazy dog, again! 0123456789 ")
    let shifted: [Character: (String, String)] = ["!": ("exclam", "1"), ",": ("comma", "comma"), " ": ("space", "space")]
    var keyIndex = 0
    var nextKey = 250.0
    var nextClick = 500.0
    let step = 1000 / rate
    var t = 10.0
    var point = (x: width / 2, y: height / 2)
    var events: [InputEvent] = []
    // Keycode 0: "not known", so the replay looks every keysym up on the target's keymap.
    func key(_ down: Bool, _ code: Int, _ sym: String, _ mods: Modifiers, at time: Double) {
        let k = InputEvent.Key(keycode: code, keysym: sym, modifiers: mods)
        events.append(InputEvent(t: time, down ? .keyDown(k) : .keyUp(k)))
    }
    while t < seconds * 1000 {
        let phase = t / 1000
        point = (Int(Double(width - 1) * (0.5 + 0.45 * sin(phase * 2.1))), Int(Double(height - 1) * (0.5 + 0.45 * sin(phase * 3.3 + 1))))
        events.append(InputEvent(t: t, .motion(x: point.x, y: point.y)))
        if t >= nextClick {
            let b = InputEvent.Button(button: 1, x: point.x, y: point.y)
            events.append(InputEvent(t: t + step / 3, .buttonDown(b)))
            events.append(InputEvent(t: t + step / 2, .buttonUp(b)))
            nextClick += 500
        }
        if t >= nextKey {
            let c = text[keyIndex % text.count]
            keyIndex += 1
            let at = t + step / 4
            if let (name, base) = shifted[c] {
                let needsShift = name == "exclam"
                if needsShift { key(true, 50, "Shift_L", [], at: at) }
                key(true, 0, name, needsShift ? .shift : [], at: at)
                key(false, 0, needsShift ? base : name, needsShift ? .shift : [], at: at + 40)
                if needsShift { key(false, 50, "Shift_L", .shift, at: at + 45) }
            } else if c.isUppercase {
                key(true, 50, "Shift_L", [], at: at)
                key(true, 0, String(c), .shift, at: at)
                key(false, 0, String(c), .shift, at: at + 40)
                key(false, 50, "Shift_L", .shift, at: at + 45)
            } else {
                key(true, 0, String(c), [], at: at)
                key(false, 0, String(c), [], at: at + 40)
            }
            nextKey += 125
        }
        t += step
    }
    // In time order, as a recorder writes them (the sort is stable: equal times keep their order).
    let sorted = events.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
    for event in sorted { writer.append(event) }
    do {
        _ = try writer.finish()
    } catch {
        fail("\(error)")
    }
    say("\(sorted.count) events over \(seconds) s in \(folder)")
    exit(0)
}
