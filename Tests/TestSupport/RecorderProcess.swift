import Foundation

/// `mimic record` running as a child process, for tests that record a real display.
public final class RecorderProcess: @unchecked Sendable {
    public let process: Process
    public let outFolder: String
    private let stdout = OutputCollector()
    private let stderr = OutputCollector()

    /// Starts recording `display` into a new episode under `outFolder` and returns once input is
    /// being recorded (the recorder writes a `window` event as its first event when the tap is live).
    public init(display: String, outFolder: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        self.outFolder = outFolder
        process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.mimic)
        process.arguments = ["record", "--display", display, "--out", outFolder] + arguments
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = nil
        process.environment = env.merging(environment) { $1 }
        process.standardOutput = stdout.pipe
        process.standardError = stderr.pipe
        try process.run()
        // Poll for the first event line; the bound only keeps a broken recorder from hanging the test.
        for _ in 0..<3000 {
            if let folder = episode, let data = FileManager.default.contents(atPath: folder + "/events.jsonl"), data.contains(10) { return }
            if !process.isRunning { return }
            usleep(10_000)
        }
    }

    /// The episode folder, once created.
    public var episode: String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: outFolder) else { return nil }
        return names.sorted().last.map { outFolder + "/" + $0 }
    }

    /// Sends `signal` (SIGINT by default, as Ctrl-C does) and waits for the recorder to finish.
    @discardableResult
    public func stop(signal: Int32 = SIGINT) -> ProcessResult {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return wait()
    }

    /// Waits for the recorder to end on its own (--duration, or a failure).
    public func wait() -> ProcessResult {
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: stdout.finish(), stderr: stderr.finish())
    }
}

/// A fixture program running in the background whose stdout lines the test reads.
public final class FixtureProcess: @unchecked Sendable {
    public let process: Process
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = ""

    public init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.fixtures)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next stdout line, or nil once the program has exited and its output is used up.
    public func readLine() -> String? {
        let fd = output.fileHandleForReading.fileDescriptor
        while !buffer.contains("\n") {
            // Poll rather than block: the pipe may never reach end-of-file (see OutputCollector).
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let n = read(fd, &chunk, chunk.count)
                if n > 0 { buffer += String(decoding: chunk[0..<n], as: UTF8.self); continue }
                if n == 0 { break }
            } else if !process.isRunning {
                break
            }
        }
        guard let newline = buffer.firstIndex(of: "\n") else {
            defer { buffer = "" }
            return buffer.isEmpty ? nil : buffer
        }
        let line = String(buffer[..<newline])
        buffer = String(buffer[buffer.index(after: newline)...])
        return line
    }

    /// Reads lines until one contains `text`; returns it (nil at end of output).
    public func readLine(containing text: String) -> String? {
        while let line = readLine() {
            if line.contains(text) { return line }
        }
        return nil
    }

    public func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Closes stdin (the event window exits) and returns the rest of stdout.
    public func finish() -> [String] {
        try? input.fileHandleForWriting.close()
        var lines: [String] = []
        while let line = readLine() { lines.append(line) }
        process.waitUntilExit()
        return lines
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Runs xdotool against `display` and fails loudly when it does.
@discardableResult
public func xdotool(_ display: String, _ arguments: [String]) throws -> ProcessResult {
    let result = try run("/usr/bin/xdotool", arguments, environment: ["DISPLAY": display])
    if result.status != 0 {
        throw XdotoolFailed(message: "xdotool \(arguments.prefix(6).joined(separator: " ")) ...: exit \(result.status): \(result.stderr)")
    }
    return result
}

public struct XdotoolFailed: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
