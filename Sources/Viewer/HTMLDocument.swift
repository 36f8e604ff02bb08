import Foundation
import Report
import Training

/// One self-contained page: the shared style and script (PageAssets) around a page kind's own
/// markup, style, script and data. Nothing is fetched from the network; the only files a page
/// refers to are frames and images by relative path.
struct HTMLDocument {
    var title: String
    /// The page kind's CSS, after the shared one.
    var style: String
    /// The static markup inside <body>; everything that depends on the data is built by the script.
    var body: String
    /// The page kind's script; runs after the shared one, with the data in `mimic.data`.
    var script: String
    /// JSON text (see `PageData.json`).
    var data: String

    var html: String {
        HTMLText.page(title: title, generator: "mimic view", head: """
            <script>
            \(PageAssets.errorCapture)
            </script>
            <style>
            \(PageAssets.style)
            \(style)
            </style>
            """, body: """
            <div id="errors" hidden></div>
            \(body)
            <script type="application/json" id="page-data">\(data)</script>
            <script>
            \(PageAssets.script)
            </script>
            <script>
            \(script)
            </script>
            """)
    }
}

/// A page's data as JSON text that can sit inside a <script> element.
enum PageData {
    static func json(_ value: some Encodable) throws(ViewerError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw .writeFailed(path: "page data", reason: "cannot encode as JSON: \(error)")
        }
        // "<" only occurs inside JSON strings, where \u003c means the same; so "</script>" in a
        // window title cannot end the element early.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
