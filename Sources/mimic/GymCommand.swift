import Primitives
import ArgumentParser
import Foundation
import Gym

struct GymCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gym",
        abstract: "Built-in X11 tasks: list them, record expert demonstrations, or try one yourself.",
        discussion: """
            Each task is a window with a seeded random layout, an instruction bar, a
            success check and a time limit, and has a scripted expert that solves it
            through XTest input. Demonstrations use seeds below 2^32; evaluation uses
            seeds from 2^32 up, so an agent is never evaluated on a layout it was trained
            on. See docs/gym.md.

            Examples:
              mimic gym list
              mimic gym demos --task all --episodes 20 --out recordings/
              mimic gym play --task click-color --seed 7 --display :0
            """,
        subcommands: [GymList.self, GymDemos.self, GymPlay.self]
    )
}

struct GymList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in tasks with their time limits and what each asks.",
        discussion: """


            Examples:
              mimic gym list
            """
    )

    func run() {
        let width = TaskCatalog.names.map(\.count).max() ?? 0
        for task in TaskCatalog.all {
            let name = task.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(name)  \(String(format: "%3.0f s", task.timeLimit))  \(task.summary)")
        }
        print("")
        print("seeds: demonstrations \(GymSeeds.describe(SeedRange.demonstrations)), evaluation \(GymSeeds.describe(SeedRange.evaluation))")
    }
}

/// Seed ranges as people read them.
enum GymSeeds {
    static func describe(_ range: Range<UInt64>) -> String {
        func power(_ value: UInt64) -> String {
            if value == 0 { return "0" }
            if value.nonzeroBitCount == 1 { return "2^\(value.trailingZeroBitCount)" }
            return "\(value)"
        }
        return "\(power(range.lowerBound)) ..< \(power(range.upperBound))"
    }
}

/// "480x480" as a size.
struct SizeArgument: ExpressibleByArgument, CustomStringConvertible {
    let size: Size

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else { return nil }
        size = Size(width: width, height: height)
    }

    var description: String { size.description }
}
