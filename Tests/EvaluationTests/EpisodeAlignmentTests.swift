import Dataset
import Evaluation
import Testing

@Suite("Aligning an agent run with a reference")
struct EpisodeAlignmentTests {
    func click(_ x: Int, _ y: Int, t: Double) -> Action { Action(.click, t: t, x: x, y: y) }
    func key(_ name: String, t: Double) -> Action { Action(.key, t: t, key: KeyVocabulary.standard.index(of: name)!) }

    @Test("identical runs: every action matched, ratio 1, no pointer error")
    func identical() {
        let run = [click(10, 10, t: 0), key("a", t: 100), click(50, 60, t: 200)]
        let score = EpisodeAlignment(agent: run, reference: run)
        #expect(score.matched == 3 && score.stepRatio == 1 && score.pointerErrors == [0, 0] && score.durationRatio == 1)
    }

    @Test("extra agent steps, a wrong key and an offset click are counted as such")
    func mistakes() {
        let reference = [click(10, 10, t: 0), key("a", t: 100), key("b", t: 200), click(50, 60, t: 300)]
        let agent = [Action(.move, t: 0, x: 5, y: 5), click(13, 14, t: 10), click(100, 100, t: 20), key("a", t: 120),
                     key("c", t: 220), Action(.wait, t: 300), click(50, 60, t: 600)]
        let score = EpisodeAlignment(agent: agent, reference: reference)
        #expect(score.agentActions == 5 && score.referenceActions == 4)
        #expect(score.stepRatio == 1.25)
        #expect(score.matched == 3)  // first click, key a, last click
        #expect(score.pointerErrors == [5, 0])
        #expect(score.medianPointerError == 2.5)
        #expect(score.durationRatio == 590.0 / 300.0)  // agent 10…600 ms, reference 0…300 ms
    }

    @Test("an empty agent run matches nothing")
    func empty() {
        let score = EpisodeAlignment(agent: [], reference: [click(1, 1, t: 0)])
        #expect(score.matched == 0 && score.stepRatio == 0 && score.pointerErrors.isEmpty)
    }
}
