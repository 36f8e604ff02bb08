import Dataset
import Foundation
import Imaging
import Testing
import TestSupport

@Suite("mimic dataset on the command line")
struct DatasetCommandTests {
    /// A folder of two episodes, like recordings/.
    static func recordings(_ folder: TemporaryFolder) throws -> String {
        try HandBuiltEpisode.write(folder.file("recordings/a"), frameTimes: HandBuiltEpisode.times(through: 3000),
                                   events: BuilderTests.events, task: "click-target")
        try HandBuiltEpisode.write(folder.file("recordings/b"), frameTimes: HandBuiltEpisode.times(through: 2000),
                                   events: clickEvents(300, 20, 20) + clickEvents(420, 21, 20) + tap(900, "Return"))
        return folder.file("recordings")
    }

    @Test("build, info and show work together")
    func buildInfoShow() throws {
        let folder = TemporaryFolder()
        let recordings = try DatasetCommandTests.recordings(folder)
        let data = folder.file("data/first")

        let build = try run(BuiltProducts.mimic, ["dataset", "build", recordings, "--out", data, "--val", "0.5", "--seed", "3"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("dataset \(data): 9 samples from 2 of 2 episode(s)"))
        #expect(build.stdout.contains("double_click 1"))

        let info = try run(BuiltProducts.mimic, ["dataset", "info", data, "--verify"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("verified"))
        #expect(info.stdout.contains("[click-target]"))
        #expect(info.stdout.contains("77 keys (index 0 = none)"))
        let clickRow = info.stdout.split(separator: "\n").first { $0.hasPrefix("double_click") }
        #expect(clickRow?.split(separator: " ").last == "1")

        let json = try run(BuiltProducts.mimic, ["dataset", "info", data, "--json"])
        let manifest = try JSONDecoder().decode(DatasetManifest.self, from: Data(json.stdout.utf8))
        #expect(manifest.totalSamples == 9)
        #expect(Set(manifest.episodes.compactMap(\.split)) == [.train, .val])

        for split in ["train", "val"] {
            let out = folder.file("sheet-\(split).png")
            let show = try run(BuiltProducts.mimic, ["dataset", "show", data, "--split", split, "--out", out, "--columns", "4"])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out)
            let sheet = try PNG.read(path: out)
            #expect(sheet.width >= 2 * 256 && sheet.height > 256)  // at least two tiles of 128x128 at scale 2
        }
        // Both episodes have a key action, so whichever went to train, it has one.
        let typed = try run(BuiltProducts.mimic, ["dataset", "show", data, "--type", "key", "--random", "--seed", "1"])
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(FileManager.default.fileExists(atPath: data + "/contact-sheet.png"))
        let none = try run(BuiltProducts.mimic, ["dataset", "show", data, "--type", "right_click"])
        #expect(none.status != 0 && none.stderr.contains("no train samples match --type right_click"))
    }

    @Test("bad input: a clear error naming what is wrong, and a non-zero exit", arguments: [
        (["dataset", "build", "/nonexistent/recordings", "--out", "/tmp/x"], "/nonexistent/recordings: not an episode folder"),
        (["dataset", "build", "EMPTY", "--out", "OUT"], "EMPTY: holds no episode folders"),
        (["dataset", "build", "EMPTY", "--out", "OUT", "--size", "128"], "--size must be WIDTHxHEIGHT"),
        (["dataset", "build", "EMPTY", "--out", "OUT", "--crop", "1,2,3"], "--crop must be x,y,width,height"),
        (["dataset", "build", "EMPTY", "--out", "OUT", "--val", "1"], "--val must be"),
        (["dataset", "info", "EMPTY"], "EMPTY: not a dataset (no dataset.json)"),
        (["dataset", "show", "EMPTY"], "EMPTY: not a dataset"),
        (["dataset", "show", "EMPTY", "--type", "hover"], "--type must be one of"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        let substitute = { (s: String) in s.replacingOccurrences(of: "EMPTY", with: folder.file("empty"))
            .replacingOccurrences(of: "OUT", with: folder.file("out")) }
        let result = try run(BuiltProducts.mimic, arguments.map(substitute))
        #expect(result.status != 0)
        #expect(result.stderr.contains(substitute(message)), "stderr: \(result.stderr)")
    }

    @Test("a corrupt frame is a warning with a count, not a failure; an existing dataset is kept")
    func warnings() throws {
        let folder = TemporaryFolder()
        let recordings = try DatasetCommandTests.recordings(folder)
        // Frame 2 (t = 200 ms) is the observation of episode b's double click at 300 ms.
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: recordings + "/b/frames/000002.png"))
        let data = folder.file("data")
        let build = try run(BuiltProducts.mimic, ["dataset", "build", recordings, "--out", data, "--val", "0"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("warning: ") && build.stderr.contains("b/frames/000002.png"))
        #expect(build.stdout.contains("samples with an unreadable frame 1"))
        let again = try run(BuiltProducts.mimic, ["dataset", "build", recordings, "--out", data])
        #expect(again.status != 0 && again.stderr.contains("already holds a dataset"))
    }

    @Test("every dataset command explains itself with a runnable example", arguments: [
        ["dataset"], ["dataset", "build"], ["dataset", "info"], ["dataset", "show"], ["bench", "dataset"],
    ])
    func help(command: [String]) throws {
        let result = try run(BuiltProducts.mimic, command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("mimic " + command.joined(separator: " ")))
        #expect(result.stdout.contains("Example"))
    }
}
