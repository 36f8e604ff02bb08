import Foundation

/// The demo's folder and its parts.
public struct DemoFolder: Sendable {
    public let root: String
    public var recordings: String { root + "/recordings" }
    public var data: String { root + "/data" }
    public var run: String { root + "/run" }
    public var eval: String { root + "/eval" }

    public init(root: String) { self.root = root }

    /// models/demo-<local time>, e.g. models/demo-2026-11-29T18-30-05.
    public static func defaultRoot() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss"
        return "models/demo-" + f.string(from: Date())
    }

    /// Makes the folder; one that already holds anything is refused (a demo never overwrites).
    public func create() throws(DemoError) {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: root), !existing.isEmpty {
            throw .folderNotEmpty(root: root, existing: existing)
        }
        do {
            try fm.createDirectory(atPath: recordings, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(root: root, reason: error.localizedDescription)
        }
    }
}
