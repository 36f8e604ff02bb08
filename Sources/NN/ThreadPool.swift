import CBLAS
import Foundation
import Synchronization

/// How NN uses the cores.
///
/// OpenBLAS is kept at one thread, always: NN splits every large GEMM itself (by rows of the output) and
/// runs the pieces, and all non-GEMM work, on its own pool. One pool, one policy: no OpenBLAS threads
/// spinning while NN's threads work, and results that depend only on the thread count, never on timing.
public enum NNRuntime {
    private static let state = Mutex<ThreadPool?>(nil)

    /// Threads to use when nothing says otherwise: `MIMIC_THREADS` if set, else the active cores.
    public static var defaultThreadCount: Int {
        if let text = ProcessInfo.processInfo.environment["MIMIC_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Sets the number of threads NN computes with (the caller's thread counts as one).
    /// Call it before heavy work starts; a later call replaces the pool. Results are bit-identical from run
    /// to run for a given thread count (GEMMs are split by it, so the last bits can differ between counts).
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1, got \(count)")
        openblas_set_num_threads(1)
        let replaced: ThreadPool? = state.withLock { pool in
            if pool?.threadCount == count { return nil }
            let old = pool
            pool = ThreadPool(threadCount: count)
            return old
        }
        // Outside the lock: shutting down waits for the job in flight, and that job's body may itself ask
        // for the pool (a nested parallelFor, a GEMM reading the thread count). Under the lock, it would
        // wait for us while we wait for it.
        replaced?.shutdown()
    }

    public static var threadCount: Int { pool.threadCount }

    private static let pinned = NSLock()

    /// Runs `body` with exactly `count` threads, restoring the previous count afterwards. Calls are
    /// serialized, so that code which needs a stable thread count (a determinism test, say) gets one even
    /// when other code would change it meanwhile. Do not nest.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        pinned.lock()
        defer { pinned.unlock() }
        let previous = threadCount
        setThreadCount(count)
        defer { setThreadCount(previous) }
        return try body()
    }

    static var pool: ThreadPool {
        if let pool = state.withLock({ $0 }) { return pool }
        setThreadCount(defaultThreadCount)
        return state.withLock { $0! }
    }

    /// Runs `body(i)` for every `i` in `0..<count`, spread over the pool's threads; returns when all are
    /// done. Each `i` must write memory no other `i` writes. A call made from inside a body, or while
    /// another thread is using the pool, runs serially on the calling thread.
    public static func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        pool.parallelFor(count, body)
    }

    /// Runs `body` on contiguous pieces of `0..<count` (at least 16k elements each), spread over the pool:
    /// for element-wise loops.
    public static func parallelChunks(_ count: Int, _ body: (Range<Int>) -> Void) {
        let pieces = max(1, min(threadCount * 4, count / 16_384))
        parallelFor(pieces) { piece in body(evenSplit(count, parts: pieces, part: piece)) }
    }

    /// Wakes the workers and keeps them spinning, instead of sleeping, for `milliseconds` or until
    /// `coolDown()`: for a caller that knows work is coming. On a virtual machine a vCPU that has been idle
    /// for tens of milliseconds can take longer to come back than a whole forward pass, so a decision that
    /// follows a pause would otherwise run on the caller's thread alone (docs/eval.md).
    public static func warmUp(milliseconds: Double) {
        pool.warmUp(until: DispatchTime.now().uptimeNanoseconds + UInt64(max(0, milliseconds) * 1e6))
    }

    /// Ends a warm-up: the workers go back to sleeping between jobs.
    public static func coolDown() {
        pool.warmUp(until: 0)
    }
}

/// A fixed set of worker threads that run `parallelFor` bodies. Workers spin briefly after a job (the
/// next one usually follows within microseconds), and until a warm-up's deadline, then sleep on a
/// condition variable.
///
/// Tasks are claimed one at a time from a shared counter, by the caller as well as the workers, and the
/// caller waits only for tasks that were claimed, never for a worker to show up: when a worker is slow to
/// wake (a busy machine), the caller simply does more of the tasks itself.
final class ThreadPool: @unchecked Sendable {
    /// One `parallelFor` call. `body` points at the caller's closure; it is only called for an index
    /// claimed below `count`, which can only happen while the caller is still waiting for `done`.
    final class Job: @unchecked Sendable {
        let count: Int
        let body: UnsafeRawPointer
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)

        init(count: Int, body: UnsafeRawPointer) {
            self.count = count
            self.body = body
        }

        func work() {
            while true {
                let i = next.add(1, ordering: .acquiring).oldValue
                if i >= count { return }
                body.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
                done.add(1, ordering: .releasing)
            }
        }
    }

    let threadCount: Int
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Guarded by `mutex`:
    private var current: Job?
    private var generation = 0
    private var sleepers = 0
    private var stopping = false
    /// `generation`, readable without the lock, for spinning workers.
    private let published = Atomic<Int>(0)
    /// Set while a caller is using the pool; a second caller runs serially instead.
    private let busy = Atomic<Bool>(false)
    private let spinLimit = 20_000
    /// Workers spin, not sleep, until this time (DispatchTime nanoseconds).
    private let warmUntil = Atomic<UInt64>(0)

    init(threadCount: Int) {
        self.threadCount = threadCount
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for _ in 1..<max(threadCount, 1) {
            // The thread keeps the pool alive until it has stopped.
            let thread = Thread { self.workerLoop() }
            thread.stackSize = 1 << 21
            thread.start()
        }
    }

    func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if threadCount == 1 || count == 1 || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for i in 0..<count { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            var closure = body
            withUnsafePointer(to: &closure) { pointer in
                let job = Job(count: count, body: UnsafeRawPointer(pointer))
                pthread_mutex_lock(mutex)
                current = job
                generation += 1
                published.store(generation, ordering: .releasing)
                if sleepers > 0 { pthread_cond_broadcast(condition) }
                pthread_mutex_unlock(mutex)
                job.work()
                var spins = 0
                while job.done.load(ordering: .acquiring) < count {
                    spins += 1
                    if spins > 1000 { sched_yield() }
                }
                pthread_mutex_lock(mutex)
                current = nil
                pthread_mutex_unlock(mutex)
            }
        }
    }

    /// Workers spin until `deadline`; sleeping ones are woken only when it lies ahead (a cool-down,
    /// deadline 0, must not wake them just to fall asleep again).
    func warmUp(until deadline: UInt64) {
        warmUntil.store(deadline, ordering: .relaxed)
        guard deadline > DispatchTime.now().uptimeNanoseconds else { return }
        pthread_mutex_lock(mutex)
        if sleepers > 0 { pthread_cond_broadcast(condition) }
        pthread_mutex_unlock(mutex)
    }

    private var isWarm: Bool { DispatchTime.now().uptimeNanoseconds < warmUntil.load(ordering: .relaxed) }

    /// Stops the workers once the job in flight (if any) is done. Afterwards the pool stays busy for
    /// good, so a late `parallelFor` on it runs serially.
    func shutdown() {
        while !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged { sched_yield() }
        pthread_mutex_lock(mutex)
        stopping = true
        generation += 1
        published.store(generation, ordering: .releasing)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            while published.load(ordering: .acquiring) == seen && (spins < spinLimit || isWarm) { spins += 1 }
            pthread_mutex_lock(mutex)
            while generation == seen && !stopping && !isWarm {
                sleepers += 1
                pthread_cond_wait(condition, mutex)
                sleepers -= 1
            }
            if stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            if generation == seen {
                // Woken by a warm-up, not a job: spin.
                pthread_mutex_unlock(mutex)
                continue
            }
            seen = generation
            let job = current
            pthread_mutex_unlock(mutex)
            job?.work()
        }
    }
}

/// Splits `0..<count` into at most `parts` contiguous, nearly equal ranges (the first ones one longer).
/// The split depends only on its arguments, so work divided with it is deterministic.
@inlinable
public func evenSplit(_ count: Int, parts: Int, part: Int) -> Range<Int> {
    let base = count / parts, extra = count % parts
    let start = part * base + min(part, extra)
    return start..<(start + base + (part < extra ? 1 : 0))
}
