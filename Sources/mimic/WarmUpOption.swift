import ArgumentParser
import Agent

/// `--warm-up`, for the commands that run the live agent's loop (`run`, `bench decision`).
struct WarmUpOption: ParsableArguments {
    @Option(name: .customLong("warm-up"), help: ArgumentHelp("Wake the model's threads this many milliseconds before each decision and keep them spinning until it is made, so that both cores decide; 0 for never (spinning costs CPU).", valueName: "ms"))
    var milliseconds = AgentLoop.Options().warmUpMilliseconds

    func validate() throws {
        if !(milliseconds >= 0) { throw ValidationError("--warm-up must be 0 or more milliseconds, not \(milliseconds)") }
    }
}
