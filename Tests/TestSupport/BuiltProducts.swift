import Foundation

/// Paths of executables built alongside the tests (test targets depend on them, so they are built first).
public enum BuiltProducts {
    /// The build folder holding the test binary and the package's executables.
    public static let folder: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On some platforms the test binary sits inside a bundle folder.
        while url.path.contains(".xctest") { url = url.deletingLastPathComponent() }
        return url.path
    }()

    public static func path(_ name: String) -> String {
        let candidate = folder + "/" + name
        precondition(FileManager.default.isExecutableFile(atPath: candidate),
                     "\(candidate) is not built; the test target must depend on the '\(name)' product")
        return candidate
    }

    public static var mimic: String { path("mimic") }
    public static var fixtures: String { path("mimic-test-fixtures") }
}
