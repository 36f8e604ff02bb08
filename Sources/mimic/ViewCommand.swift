import ArgumentParser
import Foundation
import Viewer

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Write an HTML page to look at an episode or a dataset in a browser.",
        discussion: """
            Writes one self-contained page (no network needed) and prints its path.

            An episode's page plays the recording back at real speed, with a scrubber and
            a timeline, and draws the input over the frame it follows: clicks as rings,
            drags as arrows, scrolls as chevrons, typed keys as a strip, the pointer's
            path. Frames stay in the episode folder and load as they are shown.

            A dataset's page shows its samples as a grid: each frame the model sees with
            the action to predict drawn on it, filterable by action type, split and
            episode. The images are written beside the page, in <page>-files/.

            An evaluation's page (a folder from `mimic eval`) shows its figures per task for
            the model, the random agent and the expert, and links each failed run's episode.

            Pages are owner-only (0600): they show keystrokes and screens. Details: docs/view.md.

            Examples:
              mimic view recordings/2026-11-29T12-00-00Z-a1b2
              mimic view recordings/2026-11-29T12-00-00Z-a1b2 --open
              mimic view data/first --out /tmp/first.html
              mimic view evals/first
            """
    )

    @Argument(help: "An episode folder (recordings/<id>) or a dataset folder (data/<name>).")
    var folder: String

    @Option(help: "Where to write the page (default: <folder>/view.html).")
    var out: String?

    @Flag(help: "Open the page in the default browser (xdg-open) once written.")
    var open = false

    func validate() throws {
        if let out, !out.hasSuffix(".html") && !out.hasSuffix(".htm") {
            throw ValidationError("--out must name an .html file, got \"\(out)\"")
        }
    }

    func run() throws {
        let page = try libraryCall { try Viewer.writePage(source: folder, out: out) }
        print(page)
        if open { ViewCommand.openInBrowser(page) }
    }

    /// Starts the desktop's browser on the page without waiting for it; says so when there is none.
    static func openInBrowser(_ page: String) {
        let candidates = ["/usr/bin/xdg-open", "/usr/bin/sensible-browser", "/usr/bin/x-www-browser"]
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            FileHandle.standardError.write(Data("mimic view: no browser opener found (install xdg-utils); open \(page) yourself\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [URL(fileURLWithPath: page).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("mimic view: could not start \(opener): \(error); open \(page) yourself\n".utf8))
        }
    }
}
