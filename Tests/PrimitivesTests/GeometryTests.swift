import Primitives
import Testing

@Suite("Geometry")
struct GeometryTests {
    @Test("a rectangle parses from and prints as x,y,width,height", arguments: [
        ("0,0,480,480", Rect(x: 0, y: 0, width: 480, height: 480)),
        (" 10, 20 ,30,40", Rect(x: 10, y: 20, width: 30, height: 40)),
    ])
    func parsing(text: String, expected: Rect) {
        #expect(Rect(parsing: text) == expected)
        #expect(Rect(parsing: expected.description) == expected)
    }

    @Test("malformed or empty rectangles are refused", arguments: ["", "1,2,3", "1,2,3,4,5", "-1,0,5,5", "0,0,0,5", "a,b,c,d"])
    func refused(text: String) {
        #expect(Rect(parsing: text) == nil)
    }

    @Test("union and clipping")
    func unionAndClip() {
        let a = Rect(x: 0, y: 0, width: 10, height: 10), b = Rect(x: 5, y: 8, width: 10, height: 10)
        #expect(a.union(b) == Rect(x: 0, y: 0, width: 15, height: 18))
        #expect(a.union(nil) == a)
        #expect(Rect(x: -5, y: 90, width: 20, height: 20).clipped(width: 100, height: 100) == Rect(x: 0, y: 90, width: 15, height: 10))
        #expect(Rect(x: 100, y: 0, width: 5, height: 5).clipped(width: 100, height: 100) == nil)
    }
}
