/// Where one decision of the live loop spent its time, in milliseconds: grabbing the screen, the
/// policy's decision (for a model: preparing the frame, encoding the history, predicting), and
/// carrying the action out through XTest (the glide, the press, the sync).
public struct DecisionTiming: Sendable, Equatable {
    public var grab: Double
    public var decide: Double
    public var act: Double

    public init(grab: Double, decide: Double, act: Double) {
        self.grab = grab
        self.decide = decide
        self.act = act
    }

    public var total: Double { grab + decide + act }
}
