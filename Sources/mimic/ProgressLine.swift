import Foundation

/// One live status line on the terminal (stderr), redrawn at most 10 times a second.
/// When stderr is not a terminal it prints nothing until `finish`, so logs stay clean.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = 0.0
    private var lastText = ""
    private let start = Date()

    /// Replaces the line with `text` (throttled unless `force`).
    func update(_ text: String, force: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        lastText = text
        let now = Date().timeIntervalSince(start)
        guard isTerminal, force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// "done/total, rate/s, time left" for work with a known size.
    func update(done: Int, total: Int, unit: String, prefix: String = "") {
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        update("\(prefix)\(done)/\(total) \(unit), \(String(format: "%.1f", rate))/s, \(ProgressLine.duration(left)) left",
               force: done == total)
    }

    /// Ends the line: on a terminal moves to the next line; `final` replaces the text if given.
    func finish(_ final: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + (final.map { $0 + "\n" } ?? (lastText.isEmpty ? "" : lastText + "\n"))).utf8))
        } else if let final {
            FileHandle.standardError.write(Data((final + "\n").utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m"
    }
}
