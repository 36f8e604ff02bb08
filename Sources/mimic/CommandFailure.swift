import ArgumentParser

/// A failure the user can act on: printed as "Error: <message>", exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
