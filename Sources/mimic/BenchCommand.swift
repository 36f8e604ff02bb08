import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how fast the parts run on this machine.",
        discussion: """
            Benchmarks print their figures and the targets they are held to. They are never part
            of the unit tests, whose timing would depend on the machine.

            Examples:
              swift build -c release && .build/release/mimic bench record
              .build/release/mimic bench dataset
            """,
        subcommands: [BenchRecord.self, BenchDataset.self]
    )
}
