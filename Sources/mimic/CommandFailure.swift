import ArgumentParser
import Dataset
import Training

/// A failure the user can act on: printed as "Error: <message>", exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Runs a library call; its typed error becomes a CommandFailure (its description, exit status 1).
/// The one way the commands turn a library's error into a message and an exit code.
func libraryCall<T, Failure: Error & CustomStringConvertible>(_ body: () throws(Failure) -> T) throws -> T {
    do throws(Failure) {
        return try body()
    } catch {
        throw CommandFailure(error.description)
    }
}

/// `libraryCall` for a call whose errors are untyped: the error as it describes itself. The command
/// line's own errors (a failure, an exit code, a bad argument) pass through unchanged.
func libraryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CommandFailure {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        throw CommandFailure("\(error)")
    }
}

