import Primitives
import Foundation

/// The built-in tasks, in the order `mimic gym list` shows them and `--task all` runs them.
public enum TaskCatalog {
    public static let all: [any GymTask.Type] = [
        ClickTarget.self,
        ClickColor.self,
        ClickSequence.self,
        DragToTarget.self,
        PressKey.self,
        TypeWord.self,
        RightClickMenu.self,
        ScrollList.self,
    ]

    public static var names: [String] { all.map { $0.name } }

    /// The task called `name`.
    public static func task(named name: String) throws(GymError) -> any GymTask.Type {
        guard let task = all.first(where: { $0.name == name }) else { throw .unknownTask(name: name, known: names) }
        return task
    }

    /// "all" or a comma-separated list of names, in catalog order for "all" and as given otherwise.
    public static func tasks(matching selection: String) throws(GymError) -> [any GymTask.Type] {
        if selection == "all" { return all }
        var tasks: [any GymTask.Type] = []
        for name in selection.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            tasks.append(try task(named: name))
        }
        guard !tasks.isEmpty else { throw .unknownTask(name: selection, known: names) }
        return tasks
    }
}

/// Seeds for demonstrations and seeds for evaluation come from two disjoint ranges, so that an
/// agent is never evaluated on a layout it was trained on:
///
/// - `demonstrations` (0 ..< 2^32): `mimic gym demos` records seeds S, S+1, ..., S+N-1 from here
///   and refuses a range that reaches past it.
/// - `evaluation` (2^32 ..< 2^33): `mimic eval` draws its seeds from here.
///
/// A layout comes from the task name and the seed (SplitMix64), so the two ranges give unrelated layouts.
public enum SeedRange {
    public static let demonstrations: Range<UInt64> = 0 ..< (1 << 32)
    public static let evaluation: Range<UInt64> = (1 << 32) ..< (1 << 33)

    /// The `index`th evaluation seed after `base` (an offset into the evaluation range, wrapping inside it).
    public static func evaluationSeed(base: UInt64 = 0, index: Int) -> UInt64 {
        let width = evaluation.upperBound - evaluation.lowerBound
        return evaluation.lowerBound + (base &+ UInt64(index)) % width
    }
}
