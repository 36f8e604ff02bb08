import Primitives
import Testing

@Suite("The seeded generator")
struct SeededRandomTests {
    @Test("seed 1234567: splitmix64's reference words as state, then xoshiro256**'s outputs")
    func referenceSequence() {
        // Computed by an independent implementation of splitmix64 and xoshiro256** (Vigna's reference code).
        var g = SeededRandom(seed: 1234567)
        #expect(g.state == [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431])
        #expect([g.next(), g.next(), g.next()] == [3504822795582309479, 1819558768956484042, 1250851346055027673])
    }

    @Test("a saved state resumes the same sequence; an all-zero state is refused")
    func resume() {
        var a = SeededRandom(seed: 42)
        _ = a.next()
        var b = SeededRandom(state: a.state)!
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect(SeededRandom(state: [0, 0, 0, 0]) == nil)
        #expect(SeededRandom(state: [1, 2, 3]) == nil)
    }

    @Test("tasks and streams with the same seed are unrelated")
    func streams() {
        var a = SeededRandom(task: "click-target", seed: 1), b = SeededRandom(task: "click-color", seed: 1)
        var c = SeededRandom(task: "click-target", seed: 1, stream: 1)
        let first = a.next()
        #expect(first != b.next() && first != c.next())
    }

    @Test("ranges: int, double, element and shuffle stay inside what they are given")
    func ranges() {
        var g = SeededRandom(seed: 7)
        for _ in 0..<1000 {
            #expect((3...9).contains(g.int(in: 3...9)))
            #expect((0.25...0.5).contains(g.double(in: 0.25...0.5)))
            #expect((0..<1).contains(g.uniform()))
        }
        #expect(g.shuffled(Array(0..<20)).sorted() == Array(0..<20))
        #expect(["a", "b"].contains(g.element(of: ["a", "b"])))
        let rect = Rect(x: 10, y: 20, width: 30, height: 40)
        for _ in 0..<200 { #expect(rect.insetBy(5).contains(g.point(in: rect, margin: 5))) }
    }
}
