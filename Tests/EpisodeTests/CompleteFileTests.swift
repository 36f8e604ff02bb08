import Episode
import Foundation
import Testing
import TestSupport

/// Small files written whole: contents, permissions, no temporary left behind, and a reason on failure.
@Suite struct CompleteFileTests {
    @Test func writesReplacesAndLeavesNothingBeside() throws {
        let folder = TemporaryFolder("complete-file")
        let path = folder.file("report.json")
        #expect(CompleteFile.write(Array("first".utf8), to: path, mode: 0o600) == nil)
        #expect(CompleteFile.write(Array("second, longer".utf8), to: path, mode: 0o600) == nil)
        #expect(FileManager.default.contents(atPath: path) == Data("second, longer".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test func aMissingFolderGivesItsReason() {
        let folder = TemporaryFolder("complete-file")
        let reason = CompleteFile.write([1, 2, 3], to: folder.file("missing/report.json"))
        #expect(reason?.contains("No such file or directory") == true, "\(reason ?? "nil")")
    }
}
