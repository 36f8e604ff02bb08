import Dataset
import Episode
import Testing

@Suite("Pairing actions with the frame before them")
struct PairingTests {
    static func frames(_ times: [Double]) -> [FrameEntry] {
        times.enumerated().map { FrameEntry(index: $0, t: $1, file: "frames/\($0).png", pointer: (0, 0)) }
    }

    @Test("the observation is the last frame grabbed strictly before the action's first event", arguments: [
        (66.0, 1), (66.001, 2), (67, 2), (33, 0), (1000, 3), (100, 3), (99, 2),
    ])
    func strictlyBefore(t: Double, frame: Int) {
        let (samples, _) = Pairing.pair([Action(.click, t: t)], frames: PairingTests.frames([0, 33, 66, 99]), history: 4,
                                        maxObservationAge: 1000)
        #expect(samples.map(\.frame) == [frame])
    }

    @Test("a frame grabbed 1 ms after the action is never its observation")
    func oneMillisecondAfter() {
        let frames = PairingTests.frames([0, 101, 135])
        let (samples, _) = Pairing.pair([Action(.key, t: 100, key: 1), Action(.key, t: 134, key: 2)], frames: frames, history: 4,
                                        maxObservationAge: 1000)
        #expect(samples.map(\.frame) == [0, 1])
    }

    @Test("a click led by motion is observed before the motion began")
    func observedBeforeApproach() {
        let events = glide(1000, from: (0, 0), to: (100, 100), steps: 5) + clickEvents(1100, 100, 100)
        let actions = Segmenter.segment(events).actions
        let frames = PairingTests.frames(stride(from: 0.0, through: 1200, by: 33.0).map { $0 + 5 })
        let (samples, _) = Pairing.pair(actions, frames: frames, history: 4, maxObservationAge: 1000)
        #expect(samples.count == 1)
        #expect(frames[samples[0].frame].t == 995)  // not 1094, the last frame before the press
    }

    @Test("an action before the first frame is left out but stays in the history of the next")
    func beforeFirstFrame() {
        let actions = [Action(.key, t: 400, key: 5), Action(.click, t: 600, x: 1, y: 2), Action(.key, t: 700, key: 6)]
        let (samples, unpaired) = Pairing.pair(actions, frames: PairingTests.frames([400, 500]), history: 4, maxObservationAge: 1000)
        #expect(samples.map(\.action.t) == [600, 700])
        #expect(unpaired.beforeFirstFrame == 1)
        #expect(samples[0].history.map(\.t) == [400])
        #expect(samples[1].history.map(\.t) == [400, 600])
    }

    @Test("an action whose last frame is older than the limit is left out")
    func stale() {
        let (samples, unpaired) = Pairing.pair([Action(.key, t: 1000, key: 1), Action(.key, t: 1001, key: 1)],
                                               frames: PairingTests.frames([0]), history: 4, maxObservationAge: 1000)
        #expect(samples.map(\.action.t) == [1000])
        #expect(unpaired.staleFrame == 1)
    }

    @Test("the history is the K actions before, oldest first, waits included")
    func history() {
        let actions = (0..<7).map { Action($0 % 2 == 0 ? .wait : .key, t: Double(100 + $0 * 10), key: $0 % 2) }
        let (samples, _) = Pairing.pair(actions, frames: PairingTests.frames([0]), history: 4, maxObservationAge: 1000)
        #expect(samples.count == 7)
        #expect(samples[0].history.isEmpty)
        #expect(samples[2].history.map(\.t) == [100, 110])
        #expect(samples[6].history.map(\.t) == [120, 130, 140, 150])
    }

    @Test("lastFrame(before:) on edge cases")
    func search() {
        #expect(Pairing.lastFrame(before: 5, times: []) == nil)
        #expect(Pairing.lastFrame(before: 5, times: [5]) == nil)
        #expect(Pairing.lastFrame(before: 5.0001, times: [5]) == 0)
        #expect(Pairing.lastFrame(before: 10, times: [1, 2, 2, 10, 10, 11]) == 2)
    }
}
