import Foundation

/// The weights file given with --model, checked before anything reads it, so that a wrong path is
/// named with what to give instead.
enum ModelFile {
    static func check(_ path: String) throws(EvaluationError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .model(path: path, reason: "no such file (give a .safetensors file from `mimic train` or `mimic model init`)")
        }
        guard !isFolder.boolValue else {
            throw .model(path: path, reason: "is a folder; give the weights file in it (best.safetensors or last.safetensors)")
        }
    }
}
