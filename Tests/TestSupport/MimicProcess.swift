import Foundation

/// `mimic <arguments>` as a child process without $DISPLAY: it only sees the display it is given.
/// Terminated (SIGTERM) if dropped while running, so a test that fails early leaves nothing behind.
public final class MimicProcess: @unchecked Sendable {
    public let process = Process()
    private let out = OutputCollector()
    private let err = OutputCollector()

    public init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: BuiltProducts.mimic)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = nil
        process.environment = environment
        process.standardOutput = out.pipe
        process.standardError = err.pipe
        try process.run()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }

    public var isRunning: Bool { process.isRunning }
    public var pid: Int32 { process.processIdentifier }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the end; what it printed and its exit status.
    public func wait() -> ProcessResult {
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: out.finish(), stderr: err.finish())
    }

    public var stderrSoFar: String { err.text }
}
