/// What every HTML page Mimic writes shares (the training report here; the viewer's pages and the
/// evaluation page above): escaping, and the document around a page's own head and body.
public enum HTMLText {
    /// Text safe inside HTML elements and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page: doctype, charset, viewport, the generator (`mimic train`, say) and the title (escaped
    /// here), then `head` (styles, scripts) and `body` as given.
    public static func page(title: String, generator: String, head: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(escape(generator))">
        <title>\(escape(title))</title>
        \(head)
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
