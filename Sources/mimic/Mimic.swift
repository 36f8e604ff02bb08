import ArgumentParser

@main
struct Mimic: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mimic",
        abstract: "Record X11 desktop work, turn it into training data, train an agent on CPU, and let it act.",
        discussion: """
            The loop: record → dataset → train → run/eval; `mimic demo` runs it all on private displays. Recordings go to recordings/ and
            models to models/ unless you say otherwise. Run `mimic help <command>` for examples.
            """,
        version: version,
        subcommands: [
            DemoCommand.self,
            Record.self,
            Inspect.self,
            ReplayCommand.self,
            Run.self,
            Eval.self,
            Score.self,
            ModelCommand.self,
            Predict.self,
            Train.self,
            Bench.self,
            DatasetCommand.self,
            GymCommand.self,
            ViewCommand.self,
        ]
    )
}
