import Episode
import Dataset
import Imaging
import NN
import Policy

/// The trained model as an agent policy: the screen is prepared exactly as the dataset prepared
/// frames (same geometry and resampling), the history encoded as the dataset encoded it, and the
/// model's pointer (normalized to the model image) mapped back to a screen pixel.
public final class ModelPolicy: AgentPolicy {
    public let name = "model"
    public let model: PolicyModel
    public let preprocessing: Preprocessing
    private var preparer: FramePreparer?

    public init(model: PolicyModel, preprocessing: Preprocessing? = nil) {
        self.model = model
        self.preprocessing = preprocessing
            ?? Preprocessing(size: ImageSize(width: model.config.imageWidth, height: model.config.imageHeight))
    }

    /// Every decision reads act token + K history tokens + N patch tokens.
    public var tokensPerDecision: Int { model.config.tokens }

    /// Keeps the model's threads spinning from now until the decision is made (at most 100 ms longer).
    public func prepare(withinMilliseconds milliseconds: Double) {
        NNRuntime.warmUp(milliseconds: milliseconds + 100)
    }

    public func decide(screen: RGBImage, history: [Dataset.Action]) throws -> AgentDecision {
        defer { NNRuntime.coolDown() }
        return try answer(screen: screen, history: history).decision
    }

    /// The model's whole answer for one screen: `decide`'s decision, with the prediction behind it and
    /// the geometry that mapped it (`mimic predict` prints these; it must answer what the agent decides).
    public func answer(screen: RGBImage, history: [Dataset.Action]) throws -> ModelAnswer {
        if preparer?.geometry.screenWidth != screen.width || preparer?.geometry.screenHeight != screen.height {
            guard let geometry = FrameGeometry(screenWidth: screen.width, screenHeight: screen.height, preprocessing: preprocessing) else {
                throw AgentError.geometry(width: screen.width, height: screen.height)
            }
            preparer = FramePreparer(geometry)
        }
        let preparer = preparer!
        guard let image = preparer.prepare(screen) else { throw AgentError.geometry(width: screen.width, height: screen.height) }
        let geometry = preparer.geometry
        let past = history.map { action -> HistoryAction in
            var h = HistoryAction(type: action.type, key: action.key)
            if action.type.hasPosition {
                let source = geometry.source
                let x = max(source.x, min(source.x + source.width - 1, action.x))
                let y = max(source.y, min(source.y + source.height - 1, action.y))
                (h.x, h.y) = geometry.modelPoint(screenX: x, screenY: y)!
            }
            return h
        }
        let p = try model.predict(frame: image.pixels, history: past)
        var action = Dataset.Action(p.type, t: 0)
        if let pointer = p.pointer {
            (action.x, action.y) = geometry.screenPoint(x: pointer.x, y: pointer.y)
        }
        if let key = p.key {
            action.key = key.index
            action.modifiers = Modifiers(vector: key.modifierProbabilities.map { $0 > 0.5 ? 1 : 0 })
        }
        let config = model.config
        let pointer = PointerDistribution(columns: config.patchColumns, rows: config.patchRows,
                                          region: PointerDistribution.screenRegion(geometry), probabilities: p.patchProbabilities)
        return ModelAnswer(prediction: p, geometry: geometry,
                           decision: AgentDecision(action: action, probability: p.probability, pointer: pointer))
    }
}

/// What the model answered for one screen: the decision in screen pixels, the raw prediction, and
/// where the screen landed in the model image.
public struct ModelAnswer: Sendable {
    public var prediction: PolicyPrediction
    public var geometry: FrameGeometry
    public var decision: AgentDecision
}
