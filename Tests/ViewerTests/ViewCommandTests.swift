import Foundation
import Testing
import TestSupport

@Suite("mimic view on the command line")
struct ViewCommandTests {
    @Test("bad input: a clear error and a non-zero exit", arguments: [
        (["view", "/nonexistent/episode"], "/nonexistent/episode: no such folder"),
        (["view", "EMPTY"], "EMPTY: not something `mimic view` can show"),
        (["view", "RUN"], "looks like a training run, but this mimic cannot draw its page yet"),
        (["view", "EMPTY", "--out", "page.png"], "--out must name an .html file"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let folder = TemporaryFolder("mimic-view")
        try FileManager.default.createDirectory(atPath: folder.file("run"), withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: folder.file("run/metrics.jsonl")))
        let resolved = arguments.map { $0 == "EMPTY" ? folder.path : $0 == "RUN" ? folder.file("run") : $0 }
        let expected = message.replacingOccurrences(of: "EMPTY", with: folder.path)
        let result = try run(BuiltProducts.mimic, resolved)
        #expect(result.status != 0)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test("help explains the pages with runnable examples")
    func help() throws {
        let result = try run(BuiltProducts.mimic, ["help", "view"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("mimic view recordings/"))
        #expect(result.stdout.contains("--open"))
    }
}
