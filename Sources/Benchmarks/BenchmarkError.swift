/// What can stop a benchmark before it has figures.
public enum BenchmarkError: Error, CustomStringConvertible, Equatable {
    /// An encoder's output did not decode to the frame it was given.
    case encoderMismatch(encoder: String, width: Int, height: Int)
    /// The work folder already holds an earlier benchmark's output.
    case workFolderInUse(path: String)
    /// A child program (the recorder, ffmpeg) failed.
    case programFailed(program: String, status: Int32)
    /// A child program ended before it started its work.
    case programExitedEarly(program: String)
    /// The benchmark was stopped before its first measurement.
    case nothingMeasured(what: String)

    public var description: String {
        switch self {
        case .encoderMismatch(let encoder, let width, let height):
            return "\(encoder) at \(width)x\(height): libpng decodes a different image"
        case .workFolderInUse(let path):
            return "\(path): already holds a benchmark's data or run; choose another --work-dir or remove it"
        case .programFailed(let program, let status):
            return "\(program) failed with status \(status)"
        case .programExitedEarly(let program):
            return "\(program) exited before recording (run it by hand to see why)"
        case .nothingMeasured(let what):
            return "no \(what) was made (stopped before the first one)"
        }
    }
}
