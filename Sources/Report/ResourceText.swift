/// The text of a file in Resources/, embedded in the binary (`.embedInCode` in Package.swift): the pages'
/// scripts and styles are files of their own, so editors, linters and the duplicate finder see them.
public enum ResourceText {
    /// The file's text without its final newline (the Swift strings they came from had none).
    public static func decode(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
