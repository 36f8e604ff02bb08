import Episode
import Foundation

/// Where a page is written, and how it names the files it shows: by paths relative to the page,
/// so that the page and the folders it shows can be moved together (or opened over a file share).
struct PageLocation: Sendable {
    /// The page as the user named it (printed back to them).
    let path: String
    /// Absolute, symbolic links resolved, of the folder holding the page.
    let folder: String

    /// The page's file name without ".html": its extra files go into "<stem>-files/" beside it.
    var stem: String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return name.hasSuffix(".html") ? String(name.dropLast(5)) : name
    }

    /// Creates the page's folder if needed.
    init(path: String) throws(ViewerError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: error.localizedDescription)
        }
        self.folder = PageLocation.resolved(folder)
    }

    /// The folder for files written beside the page (created on first use by the caller).
    var filesFolder: String { folder + "/" + stem + "-files" }

    /// A relative URL from the page to `target` (a file or folder), percent-encoded; folders end in "/".
    func url(to target: String, isFolder: Bool = false) -> String {
        let from = folder.split(separator: "/", omittingEmptySubsequences: true)
        let to = PageLocation.resolved(target).split(separator: "/", omittingEmptySubsequences: true)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(PageLocation.percentEncoded)
        let relative = parts.joined(separator: "/")
        if isFolder { return relative.isEmpty ? "" : relative + "/" }
        return relative
    }

    /// Writes the page atomically, owner-only: pages show keystrokes and screens like the
    /// episodes they come from.
    func write(_ html: String) throws(ViewerError) {
        try PageLocation.writeFile(Array(html.utf8), to: path)
    }

    static func writeFile(_ bytes: [UInt8], to path: String) throws(ViewerError) {
        if let reason = CompleteFile.write(bytes, to: path, mode: 0o600) { throw .writeFailed(path: path, reason: reason) }
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Everything but unreserved characters is percent-encoded.
    static func percentEncoded(_ part: Substring) -> String {
        part.addingPercentEncoding(withAllowedCharacters: unreserved) ?? String(part)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
