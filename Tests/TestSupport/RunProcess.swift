import Foundation

/// Runs a program to completion and returns what it printed and its exit code.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status; self.stdout = stdout; self.stderr = stderr
    }
}

public func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = OutputCollector()
    let err = OutputCollector()
    process.standardOutput = out.pipe
    process.standardError = err.pipe
    try process.run()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: out.finish(), stderr: err.finish())
}

/// Collects a child's output as it arrives. Does not wait for end-of-file, which may never come:
/// other children started meanwhile (say, an Xvfb) can inherit the pipe's write end.
public final class OutputCollector: @unchecked Sendable {
    public let pipe = Pipe()
    private let lock = NSLock()
    private var data = Data()

    public init() {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            self?.append(chunk)
        }
    }

    private func append(_ chunk: some Sequence<UInt8>) {
        lock.lock(); defer { lock.unlock() }
        data.append(contentsOf: chunk)
    }

    /// Everything so far.
    public var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Call after the child exited: takes what is still buffered in the pipe and stops collecting.
    public func finish() -> String {
        pipe.fileHandleForReading.readabilityHandler = nil
        let fd = pipe.fileHandleForReading.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            append(buffer[0..<n])
        }
        return text
    }
}
