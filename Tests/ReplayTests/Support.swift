import Capture
import Episode
import Foundation
import Imaging
import TestSupport

/// Runs `mimic replay <arguments>` to the end.
func replay(_ arguments: [String]) throws -> ProcessResult {
    try MimicProcess(["replay"] + arguments).wait()
}

/// Writes a complete episode with `events` and one frame, and returns its folder.
func writeEpisode(in folder: TemporaryFolder, width: Int = 320, height: Int = 240, events: [InputEvent],
                  frame: RGBImage? = nil) throws -> String {
    let path = folder.file("episode-\(UInt32.random(in: 0...UInt32.max))")
    let metadata = EpisodeMetadata(id: "test", startedAt: "2026-11-29T12:00:00.000Z", screen: .init(width: width, height: height),
                                   recorder: "ReplayTests")
    let writer = try EpisodeWriter(directory: path, metadata: metadata)
    _ = try writer.addFrame(frame ?? RGBImage(width: width, height: height), t: 0, pointer: (0, 0))
    for event in events { writer.append(event) }
    _ = try writer.finish()
    return path
}

func key(_ t: Double, _ down: Bool, _ keysym: String, keycode: Int = 0, _ modifiers: Modifiers = []) -> InputEvent {
    let key = InputEvent.Key(keycode: keycode, keysym: keysym, modifiers: modifiers)
    return InputEvent(t: t, down ? .keyDown(key) : .keyUp(key))
}

func button(_ t: Double, _ down: Bool, _ number: Int, _ x: Int, _ y: Int) -> InputEvent {
    let button = InputEvent.Button(button: number, x: x, y: y)
    return InputEvent(t: t, down ? .buttonDown(button) : .buttonUp(button))
}

/// `mimic-test-fixtures paint-window`: a window whose picture is drawn by the input it gets.
final class PaintWindowClient: @unchecked Sendable {
    private let fixture: FixtureProcess

    init(display: String) throws {
        fixture = try FixtureProcess(["paint-window", display])
        guard fixture.readLine(containing: #""ready""#) != nil else { throw FixtureFailed(message: "paint-window on \(display) did not start") }
    }

    /// Returns once every input event sent so far is drawn.
    func sync() {
        fixture.send("sync")
        _ = fixture.readLine(containing: #""synced""#)
    }

    /// Paints the background `rgb` ("RRGGBB") and forgets what was drawn.
    func clear(_ rgb: String) {
        fixture.send("clear \(rgb)")
        _ = fixture.readLine(containing: #""cleared""#)
    }

    func stop() { _ = fixture.finish() }
}
