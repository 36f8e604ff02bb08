import Episode
import Foundation
import Testing
import TestSupport

@Suite("mimic inspect")
struct InspectCommandTests {
    @Test("a complete episode: summary, exit 0, and the same as JSON")
    func complete() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder, events: 12, frames: 6)
        let text = try run(BuiltProducts.mimic, ["inspect", dir])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("status    complete"))
        #expect(text.stdout.contains("6 (4 stored as PNG, 2 identical to an earlier one, 0 skipped while encoding)"))
        #expect(text.stdout.contains("events    12: motion 2, button_down 2, button_up 2, key_down 2, key_up 2, window 2"))
        #expect(text.stdout.contains("problems  none"))

        let json = try run(BuiltProducts.mimic, ["inspect", "--json", dir])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "complete")
        #expect(object["events"] as? Int == 12)
        #expect((object["frames"] as? [String: Any])?["deduplicated"] as? Int == 2)
        #expect(object["frames_verified"] as? Bool == true)
    }

    @Test("an interrupted episode is readable: exit 0, status and problems reported")
    func interrupted() throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        var json = try String(contentsOfFile: dir + "/episode.json", encoding: .utf8)
        json = json.replacingOccurrences(of: "\"status\" : \"complete\"", with: "\"status\" : \"recording\", \"pid\" : 2147483000")
        try json.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
        try appendBytes(#"{"t":99,"type":"mot"#, to: dir + "/events.jsonl")
        let result = try run(BuiltProducts.mimic, ["inspect", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("status    interrupted (the recorder stopped without finishing the episode"))
        #expect(result.stdout.contains("events.jsonl:13: truncated last line skipped"))
    }

    @Test("unreadable episodes: exit 1 with the file and line named", arguments: [
        "missing episode.json", "unknown version", "corrupt middle line", "missing PNG", "broken PNG",
    ])
    func unreadable(damage: String) throws {
        let folder = TemporaryFolder()
        let dir = try makeEpisode(in: folder)
        let expected: String
        switch damage {
        case "missing episode.json":
            try FileManager.default.removeItem(atPath: dir + "/episode.json")
            expected = "episode.json: missing"
        case "unknown version":
            let json = try String(contentsOfFile: dir + "/episode.json", encoding: .utf8)
                .replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 7")
            try json.write(toFile: dir + "/episode.json", atomically: false, encoding: .utf8)
            expected = "format_version 7 is not supported"
        case "corrupt middle line":
            try replaceLine(3, in: dir + "/frames.jsonl", with: "{not json")
            expected = "frames.jsonl:3: corrupt line"
        case "missing PNG":
            try FileManager.default.removeItem(atPath: dir + "/frames/000000.png")
            expected = "frames.jsonl:1: frame file frames/000000.png is missing"
        default:
            let path = dir + "/frames/000003.png"
            var bytes = try #require(FileManager.default.contents(atPath: path))
            for i in (bytes.count / 2)..<(bytes.count / 2 + 8) { bytes[i] ^= 0xFF }
            try bytes.write(to: URL(fileURLWithPath: path))
            expected = "frames/000003.png: unreadable frame"
        }
        let result = try run(BuiltProducts.mimic, ["inspect", dir])
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        let json = try run(BuiltProducts.mimic, ["inspect", "--json", dir])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"readable\" : false"))
    }
}
