import Foundation
import Imaging
import TestSupport

/// A page rendered by headless Chromium: the DOM after its scripts ran, and a screenshot.
/// Chromium is required, not optional: tools/setup.sh installs it, and without it these tests fail
/// (a browser test that skips itself proves nothing).
struct RenderedPage {
    var dom: String
    var screenshot: RGBImage

    /// Renders `page` (with `fragment`, e.g. "frame=2", after #) in a window of `width`×`height`.
    /// The virtual time budget lets the page load its images and draw before the capture, without
    /// a wall-clock wait.
    init(_ page: String, fragment: String = "", width: Int = 1280, height: Int = 900) throws {
        let chromium = try RenderedPage.chromium()
        let scratch = TemporaryFolder("mimic-chromium")
        var url = URL(fileURLWithPath: page).absoluteString
        if !fragment.isEmpty { url += "#" + fragment }
        let shot = scratch.file("screenshot.png")
        let result = try run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--user-data-dir=" + scratch.file("profile"),  // its own profile: runs in parallel do not meet
            "--force-device-scale-factor=1", "--window-size=\(width),\(height)",
            "--virtual-time-budget=15000", "--screenshot=" + shot, "--dump-dom", url,
        ])
        guard result.status == 0, FileManager.default.fileExists(atPath: shot) else {
            throw BrowserFailure("chromium exited \(result.status) without a screenshot; stderr:\n\(result.stderr.suffix(3000))")
        }
        dom = result.stdout
        screenshot = try PNG.read(path: shot)
        // To look at what the browser drew: MIMIC_KEEP_SCREENSHOTS=/some/folder swift test --filter ViewerTests
        if let keep = ProcessInfo.processInfo.environment["MIMIC_KEEP_SCREENSHOTS"] {
            let name = URL(fileURLWithPath: page).deletingPathExtension().lastPathComponent + (fragment.isEmpty ? "" : "-" + fragment)
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: keep + "/" + name + ".png")
            try? FileManager.default.copyItem(atPath: shot, toPath: keep + "/" + name + ".png")
            try? Data(dom.utf8).write(to: URL(fileURLWithPath: keep + "/" + name + ".html"))
        }
    }

    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw BrowserFailure("headless Chromium is needed for the page tests and was not found: run tools/setup.sh (it installs the `chromium` package)")
    }

    /// The value of attribute `name` on the <html> element (where the pages report their state).
    func rootAttribute(_ name: String) -> String? {
        guard let start = dom.range(of: "<html"), let end = dom[start.upperBound...].firstIndex(of: ">") else { return nil }
        return RenderedPage.attribute(name, in: String(dom[start.upperBound..<end]))
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        let rest = tag[range.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every opening tag in the DOM with `marker` in it (e.g. `class="tile"`).
    func tags(containing marker: String) -> [String] {
        var found: [String] = []
        var searchFrom = dom.startIndex
        while let hit = dom.range(of: marker, range: searchFrom..<dom.endIndex) {
            let open = dom[..<hit.lowerBound].lastIndex(of: "<") ?? hit.lowerBound
            let close = dom[hit.upperBound...].firstIndex(of: ">") ?? dom.endIndex
            found.append(String(dom[open..<close]))
            searchFrom = close
        }
        return found
    }

    /// Where the page says its frame (or first tile) is, in screenshot pixels: x, y, width, height.
    func frameRect() throws -> (x: Double, y: Double, width: Double, height: Double) {
        guard let text = rootAttribute("data-frame-rect") else { throw BrowserFailure("the page did not record data-frame-rect") }
        let v = text.split(separator: ",").compactMap { Double($0) }
        guard v.count == 4, v[2] > 0, v[3] > 0 else { throw BrowserFailure("bad data-frame-rect \"\(text)\"") }
        return (v[0], v[1], v[2], v[3])
    }

    /// Screenshot pixels within `radius` of (x, y) whose colour is within `tolerance` of `color`.
    func count(near x: Double, _ y: Double, radius: Int, color: RGBColor, tolerance: Int = 40) -> Int {
        var n = 0
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        for py in max(0, cy - radius)...min(screenshot.height - 1, cy + radius) {
            for px in max(0, cx - radius)...min(screenshot.width - 1, cx + radius) {
                if RenderedPage.close(screenshot[px, py], color, tolerance) { n += 1 }
            }
        }
        return n
    }

    func pixel(_ x: Double, _ y: Double) -> RGBColor {
        let p = screenshot[Int(x.rounded()), Int(y.rounded())]
        return RGBColor(p.r, p.g, p.b)
    }

    static func close(_ p: (r: UInt8, g: UInt8, b: UInt8), _ c: RGBColor, _ tolerance: Int) -> Bool {
        abs(Int(p.r) - Int(c.r)) <= tolerance && abs(Int(p.g) - Int(c.g)) <= tolerance && abs(Int(p.b) - Int(c.b)) <= tolerance
    }
}

struct BrowserFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
