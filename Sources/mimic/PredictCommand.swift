import Agent
import ArgumentParser
import Dataset
import Foundation
import Imaging
import NN
import Policy

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the action a model would take on a screenshot.",
        discussion: """
            Prepares the screenshot as the model's training frames were prepared (its stored size, fit \
            and crop; `mimic run` does the same), runs the model once, and prints its most likely action in the \
            screenshot's own pixel coordinates, with its probability: for a pointer action the product \
            of the type's, the patch's and the in-patch offset's probabilities; for a key, of the \
            type's, the key's and each modifier's.

            --history gives the actions before this frame, oldest first, one per option \
            (up to the model's K are used; missing ones count as "before the episode \
            started"). Each is one of: wait, move@X,Y, click@X,Y, double_click@X,Y, \
            right_click@X,Y, mouse_down@X,Y, mouse_up@X,Y, scroll_up@X,Y, scroll_down@X,Y, \
            key:NAME, with X,Y in screenshot pixels and NAME a keysym of the model's \
            vocabulary (Return, a, F5).

            Examples:
              mimic predict --model models/first.safetensors --frame shot.png
              mimic predict --model models/first.safetensors --frame shot.png \\
                  --history click@640,360 --history key:Return
              mimic predict --model models/first.safetensors --frame shot.png --json
            """
    )

    @Option(help: ArgumentHelp("The model (.safetensors).", valueName: "file"))
    var model: String

    @Option(help: ArgumentHelp("The screenshot (PNG).", valueName: "file"))
    var frame: String

    @Option(parsing: .singleValue, help: ArgumentHelp("A past action, oldest first (repeatable); see above.", valueName: "action"))
    var history: [String] = []

    @Flag(help: "Print the prediction as JSON.")
    var json = false

    @OptionGroup var threads: ThreadOptions

    func run() throws {
        threads.apply()
        // Loaded as `mimic run` loads it, with the preprocessing stored by `mimic train`, so that the
        // answer here is the agent's decision on the same frame.
        let policy = try libraryCall { try TrainedModel.load(model) }
        let image = try libraryCall { () throws(ImagingError) in try PNG.read(path: frame) }
        guard image.width > 0 && image.height > 0 else { throw CommandFailure("\(frame): the image is empty") }

        let past = try history.map { try parseHistory($0, vocabulary: policy.model.vocabulary) }
        let answer = try libraryCall { try policy.answer(screen: image, history: past) }
        let p = answer.prediction

        var result: [String: Any] = ["action": p.type.name, "probability": p.probability, "type_probability": p.typeProbability]
        var text = p.type.name
        var factors = [String(format: "type %.3f", p.typeProbability)]
        if let pointer = p.pointer {
            let (sx, sy) = (answer.decision.action.x, answer.decision.action.y)
            text += " at (\(sx), \(sy)) in \(frame) (\(image.width)x\(image.height))"
            factors += [String(format: "patch %.3f", pointer.patchProbability), String(format: "offset %.3f", pointer.offsetProbability)]
            result["x"] = sx
            result["y"] = sy
            result["model_pixel"] = [pointer.pixelX, pointer.pixelY]
            result["patch"] = pointer.patch
            result["offset"] = pointer.offset
            result["patch_probability"] = pointer.patchProbability
            result["offset_probability"] = pointer.offsetProbability
        }
        if let key = p.key {
            let mods = key.modifiers.map(\.name)
            text += " " + (mods + [key.name]).joined(separator: "+")
            factors.append(String(format: "key %.3f", key.probability))
            for m in Modifier.allCases {
                let q = key.modifierProbabilities[m.rawValue]
                factors.append(String(format: "%@ %.3f", q > 0.5 ? m.name : "no " + m.name, max(q, 1 - q)))
            }
            result["key"] = key.name
            result["key_probability"] = key.probability
            result["modifiers"] = mods
            result["modifier_probabilities"] = key.modifierProbabilities
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(text)
            print(String(format: "probability %.4f = ", p.probability) + factors.joined(separator: " × "))
        }
    }

    /// A past action in screenshot pixels, as the agent keeps its history.
    private func parseHistory(_ text: String, vocabulary: KeyVocabulary) throws -> Dataset.Action {
        if text.hasPrefix("key:") {
            let name = String(text.dropFirst(4))
            guard let index = vocabulary.index(of: name) else {
                throw ValidationError("--history \(text): '\(name)' is not in the model's key vocabulary (\(vocabulary.names.prefix(8).joined(separator: ", ")), ...)")
            }
            return Dataset.Action(.key, t: 0, key: index)
        }
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard let type = ActionType(name: parts[0]) else {
            throw ValidationError("--history \(text): unknown action '\(parts[0])'; use wait, move@X,Y, click@X,Y, ..., key:NAME")
        }
        if !type.hasPosition {
            guard parts.count == 1 else { throw ValidationError("--history \(text): \(type.name) takes no position") }
            return Dataset.Action(type, t: 0)
        }
        let xy = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
        guard xy.count == 2 else { throw ValidationError("--history \(text): \(type.name) needs a position, like \(type.name)@640,360") }
        return Dataset.Action(type, t: 0, x: Int(xy[0].rounded(.down)), y: Int(xy[1].rounded(.down)))
    }
}
