import Imaging
import Testing

@Suite("Built-in bitmap font")
struct BitmapFontTests {
    let font = BitmapFont.standard

    @Test("'A' is drawn pixel for pixel")
    func letterA() {
        var image = RGBImage(width: 7, height: 9)
        image.drawText("A", x: 1, y: 1, color: .white)
        let expected = [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]
        for y in 0..<9 {
            for x in 0..<7 {
                let inGlyph = (1...7).contains(y) && (1...5).contains(x)
                let on = inGlyph && Array(expected[y - 1])[x - 1] == "#"
                #expect((image[x, y] == (255, 255, 255)) == on, "pixel \(x),\(y)")
            }
        }
    }

    @Test("every printable character has its own glyph; space is blank; others draw a box")
    func coverage() {
        var seen: [[UInt8]: Character] = [:]
        for code in 33...126 {
            let character = Character(Unicode.Scalar(UInt8(code)))
            let rows = font.rows(of: character)
            #expect(rows.count == 7)
            #expect(rows.contains { $0 != 0 }, "\(character) is blank")
            #expect(rows.allSatisfy { $0 < 32 })
            if let other = seen[rows] { Issue.record("\(character) and \(other) share a glyph") }
            seen[rows] = character
        }
        #expect(font.rows(of: " ").allSatisfy { $0 == 0 })
        #expect(font.covers("~") && !font.covers("é") && !font.covers("\t"))
        #expect(font.rows(of: "é") == font.rows(of: "\u{7F}"))
        #expect(font.rows(of: "é").first == 0b11111)
    }

    @Test("text size: glyph widths plus gaps, lines stacked", arguments: [
        ("", 1, 0, 0), ("A", 1, 5, 7), ("AB", 1, 11, 7), ("abc", 2, 34, 14), ("ab\nc", 1, 11, 16), ("x\n", 3, 15, 48),
    ])
    func sizes(text: String, scale: Int, width: Int, height: Int) {
        let size = font.size(of: text, scale: scale)
        #expect(size.width == width && size.height == height)
    }

    @Test("drawn text stays inside its measured size, at every scale")
    func fitsMeasuredSize() {
        for scale in 1...3 {
            let text = "Hello, World!\nctrl+shift+a @#$%"
            let size = font.size(of: text, scale: scale)
            var image = RGBImage(width: size.width + 4, height: size.height + 4)
            image.drawText(text, x: 2, y: 2, scale: scale, color: .white)
            var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
            for y in 0..<image.height { for x in 0..<image.width where image[x, y] == (255, 255, 255) {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            } }
            #expect(minX >= 2 && minY >= 2 && maxX < 2 + size.width && maxY < 2 + size.height)
        }
    }

    @Test("scale 2 doubles every font pixel, and a background box surrounds the text")
    func scaledWithBackground() {
        var one = RGBImage(width: 12, height: 12)
        one.drawText("Q", x: 0, y: 0, color: .white)
        var two = RGBImage(width: 24, height: 24)
        two.drawText("Q", x: 0, y: 0, scale: 2, color: .white)
        for y in 0..<24 { for x in 0..<24 { #expect(two[x, y] == one[x / 2, y / 2]) } }

        var boxed = RGBImage(width: 20, height: 20)
        boxed.drawText("i", x: 5, y: 5, color: .white, background: .blue, padding: 2)
        #expect(boxed[3, 3] == RGBColor.blue.tuple)      // padding corner
        #expect(boxed[5 + 4 + 2, 5 + 6 + 2] == RGBColor.blue.tuple)
        #expect(boxed[2, 2] == (0, 0, 0))
        #expect(boxed[7, 5] == (255, 255, 255))          // the dot of the i
    }
}
