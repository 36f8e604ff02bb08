import Foundation

/// A private X server (Xvfb) on a free display number, stopped when released or by `stop()`.
/// Tests and `mimic demo` use it so that they never touch the desktop of the machine they run on.
public final class PrivateDisplay: @unchecked Sendable {
    /// ":N"
    public let name: String
    public let width: Int
    public let height: Int
    private let child: ChildProcess

    /// Starts Xvfb and returns once it accepts connections. Xvfb picks the display number
    /// itself (-displayfd), so parallel tests never collide. `disabling` names extensions to
    /// leave out (Xvfb's -extension), e.g. to test their absence.
    public init(width: Int = 1280, height: Int = 720, depth: Int = 24, disabling extensions: [String] = []) throws(PrivateDisplayError) {
        guard let xvfb = PrivateDisplay.find("Xvfb") else { throw .xvfbMissing }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .startFailed(reason: "pipe: \(String(cString: strerror(errno)))") }
        let arguments = ["-displayfd", "1", "-screen", "0", "\(width)x\(height)x\(depth)", "-nolisten", "tcp", "-noreset"]
            + extensions.flatMap { ["-extension", $0] }
        let child: ChildProcess
        do {
            child = try ChildProcess(path: xvfb, arguments: arguments, stdout: fds[1])
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        // Xvfb writes the display number once it is ready for clients.
        var text = ""
        var byte: UInt8 = 0
        while !text.hasSuffix("\n"), read(fds[0], &byte, 1) == 1 { text.append(Character(UnicodeScalar(byte))) }
        guard let number = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            child.stop()
            throw .startFailed(reason: "Xvfb \(arguments.joined(separator: " ")) exited without a display number")
        }
        self.child = child
        self.name = ":\(number)"
        self.width = width
        self.height = height
    }

    public var isRunning: Bool { child.isRunning }

    public func stop() { child.stop() }

    deinit { stop() }

    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

public enum PrivateDisplayError: Error, CustomStringConvertible {
    case xvfbMissing
    case startFailed(reason: String)

    public var description: String {
        switch self {
        case .xvfbMissing: "Xvfb is not installed (run tools/setup.sh, or apt-get install xvfb)"
        case .startFailed(let reason): "could not start a private X display (Xvfb): \(reason)"
        }
    }
}
