import Foundation

/// Runs `body` with SIGINT and SIGTERM unblocked on the calling thread, so that programs it
/// starts can be stopped with them.
///
/// A child inherits the signal mask of the thread that starts it, and the threads tests run on
/// block most signals: an Xvfb or `mimic` started from a test without this ignores SIGTERM.
public func withStopSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGINT)
    sigaddset(&stopSignals, SIGTERM)
    var previous = sigset_t()
    pthread_sigmask(SIG_UNBLOCK, &stopSignals, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
}
