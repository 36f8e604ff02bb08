import Dataset
import Foundation

/// The keys the model can press: X keysym names, index 0 meaning "no key" (used for actions that are not
/// keys and for history slots before the episode started). Stored as a JSON array in the weights file's
/// metadata; a dataset brings its own, and the model's key head has one logit per entry.
public struct KeyVocabulary: Sendable, Equatable, Codable {
    public let names: [String]
    private let indexByName: [String: Int]

    public static let none = "none"

    public init(names: [String]) throws(PolicyError) {
        guard names.first == KeyVocabulary.none else {
            throw .invalidConfig(field: "key_vocabulary", reason: "entry 0 must be \"none\", found \(names.first.map { "\"\($0)\"" } ?? "nothing")")
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if index[name] != nil { throw .invalidConfig(field: "key_vocabulary", reason: "\"\(name)\" appears twice") }
            index[name] = i
        }
        self.names = names
        indexByName = index
    }

    public init(from decoder: Decoder) throws {
        let names = try decoder.singleValueContainer().decode([String].self)
        try self.init(names: names)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(names)
    }

    public var count: Int { names.count }

    /// The index of a keysym name, if it is in the vocabulary.
    public func index(of name: String) -> Int? { indexByName[name] }

    public func name(at index: Int) -> String { names.indices.contains(index) ? names[index] : "?\(index)" }

    /// The vocabulary as a JSON array (what goes in the weights file).
    public func json() -> String {
        String(decoding: try! JSONEncoder().encode(names), as: UTF8.self)
    }

    /// The default vocabulary: the dataset's fixed key list (Dataset.KeyVocabulary), so that a
    /// model made without a dataset reads and writes the same key indices as shards and the agent.
    public static let `default`: KeyVocabulary = try! KeyVocabulary(names: Dataset.KeyVocabulary.keys)
}
