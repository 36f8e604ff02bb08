import Dataset
import Foundation
import Policy
import SafeTensors

/// A trained model file with what the agent needs besides the weights: how its training frames
/// were prepared (metadata "preprocessing", written by `mimic train` from the dataset).
public enum TrainedModel {
    public static func load(_ path: String) throws -> ModelPolicy {
        let file = try SafeTensorsFile.read(path: path)
        let model = try PolicyModel(file: file, path: path)
        let preprocessing = file.metadata["preprocessing"].flatMap {
            try? JSONDecoder().decode(Preprocessing.self, from: Data($0.utf8))
        }
        return ModelPolicy(model: model, preprocessing: preprocessing)
    }
}
