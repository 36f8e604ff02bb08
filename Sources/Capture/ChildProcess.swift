import CX11
import Foundation

/// A child program started with posix_spawn, with default signal handling and an empty signal
/// mask. Foundation's Process passes on the spawning thread's mask, and threads of the Swift
/// runtime block most signals: an Xvfb started that way ignores SIGTERM and never stops.
/// File descriptors other than stdin/stdout/stderr are not inherited.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var ended: Termination?

    /// How a child ended and what it cost.
    public struct Termination: Sendable {
        /// The exit code, or 128 + signal number when a signal ended it.
        public var status: Int32
        /// User plus system CPU time of the child.
        public var cpuSeconds: Double
        /// Peak resident memory of the child, in kilobytes.
        public var maxResidentKB: Int
    }

    /// Starts `path` with `arguments`; stdout and stderr go to the given file descriptors or /dev/null.
    public init(path: String, arguments: [String], stdout: Int32? = nil, stderr: Int32? = nil,
                environment: [String: String]? = nil) throws(PrivateDisplayError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) } else { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) } else { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let env = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for p in env ?? [] { free(p) } }
        var child: pid_t = 0
        let status = env.map { e in e.withUnsafeBufferPointer { posix_spawn(&child, path, &actions, &attributes, argv, UnsafeMutablePointer(mutating: $0.baseAddress)) } }
            ?? posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw .startFailed(reason: "\(path): \(String(cString: strerror(status)))") }
        pid = child
    }

    public var isRunning: Bool { reap(block: false) == nil }

    /// Sends `signal` (if the child still runs).
    public func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits for the child to end.
    @discardableResult
    public func wait() -> Termination { reap(block: true)! }

    /// SIGTERM, then SIGKILL if the child has not exited after `grace` seconds; reaps it.
    public func stop(grace: Double = 3) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning { kill(pid, SIGKILL) }
        wait()
    }

    private func reap(block: Bool) -> Termination? {
        lock.lock(); defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        var usage = rusage()
        let result = wait4(pid, &status, block ? 0 : WNOHANG, &usage)
        guard result == pid else { return nil }
        let signalled = status & 0x7F
        let code = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        ended = Termination(status: code, cpuSeconds: cpu, maxResidentKB: usage.ru_maxrss)
        return ended
    }
}
