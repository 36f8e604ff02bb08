import Capture
import Control
import Episode
import Foundation
import Imaging
import Testing
import TestSupport

@Suite("--verify")
struct VerifyTests {
    @Test("a faithful replay scores near 1, a disturbed one clearly lower; --min-similarity sets the exit status")
    func verify() throws {
        // Record a drawing session: the paint window's picture is made by the input it receives.
        let source = try PrivateDisplay(width: 480, height: 360)
        let sourceWindow = try PaintWindowClient(display: source.name)
        let folder = TemporaryFolder()
        let recorder = try RecorderProcess(display: source.name, outFolder: folder.path, arguments: ["--fps", "10"])
        try xdotool(source.name, ["mousemove", "40", "50", "click", "1", "mousemove", "200", "100", "click", "3", "click", "2"])
        try xdotool(source.name, ["mousemove", "60", "200", "mousedown", "1", "mousemove", "100", "220", "mousemove", "160", "260",
                                  "mousemove", "260", "300", "mouseup", "1", "mousemove", "400", "320"])
        try xdotool(source.name, ["type", "--delay", "4", "Replay me, Mimic!"])
        sourceWindow.sync()
        usleep(400_000)  // a few more frames of the finished picture
        #expect(recorder.stop().status == 0)
        let episode = try #require(recorder.episode)

        // Faithful: a fresh display and window.
        let target = try PrivateDisplay(width: 480, height: 360)
        let targetWindow = try PaintWindowClient(display: target.name)
        let diff = folder.file("diff.png")
        let faithful = try replay([episode, "--display", target.name, "--verify", "--min-similarity", "0.99", "--diff", diff])
        #expect(faithful.status == 0, "\(faithful.stderr)")
        let score = try #require(similarity(faithful.stdout), "\(faithful.stdout)")
        #expect(score >= 0.99)
        let image = try PNG.read(path: diff)
        #expect(image.width == 480 && image.height == 360)

        // Disturbed: the same input onto a window of another colour.
        targetWindow.clear("806020")
        let disturbed = try replay([episode, "--display", target.name, "--verify", "--min-similarity", "0.99", "--diff", diff])
        #expect(disturbed.status == 3, "\(disturbed.stderr)")
        let lower = try #require(similarity(disturbed.stdout), "\(disturbed.stdout)")
        #expect(lower < 0.5)
        #expect(disturbed.stderr.contains("below --min-similarity"))
        let marked = try PNG.read(path: diff)
        #expect(marked.pixels.count == image.pixels.count && marked != image)
        sourceWindow.stop()
        targetWindow.stop()
    }

    private func similarity(_ stdout: String) -> Double? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("verify: similarity ") }) else { return nil }
        return Double(line.dropFirst("verify: similarity ".count).prefix { $0 != " " })
    }
}
