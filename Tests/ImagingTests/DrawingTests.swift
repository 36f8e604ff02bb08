import Imaging
import Testing

/// The pixels of `image` equal to `color`, as (x, y) pairs in row order.
private func painted(_ image: RGBImage, _ color: RGBColor) -> [[Int]] {
    var out: [[Int]] = []
    for y in 0..<image.height { for x in 0..<image.width where image[x, y] == color.tuple { out.append([x, y]) } }
    return out
}

@Suite("Drawing shapes")
struct DrawingTests {
    @Test("a filled rectangle covers exactly its pixels and is clipped at the edges")
    func rectangles() {
        var image = RGBImage(width: 6, height: 5)
        image.fillRect(x: 1, y: 2, width: 3, height: 2, color: .red)
        #expect(painted(image, .red) == [[1, 2], [2, 2], [3, 2], [1, 3], [2, 3], [3, 3]])

        var clipped = RGBImage(width: 4, height: 4)
        clipped.fillRect(x: -2, y: 3, width: 4, height: 10, color: .white)
        #expect(painted(clipped, .white) == [[0, 3], [1, 3]])
        clipped.fillRect(x: 10, y: 10, width: 3, height: 3, color: .white)  // wholly outside: nothing, no crash
        clipped.fillRect(x: 1, y: 1, width: 0, height: 3, color: .white)
        #expect(painted(clipped, .white).count == 2)
    }

    @Test("a rectangle outline leaves the inside untouched")
    func outline() {
        var image = RGBImage(width: 5, height: 5)
        image.strokeRect(x: 0, y: 0, width: 5, height: 4, color: .green)
        #expect(painted(image, .green).count == 5 + 5 + 2 * 2)
        #expect(image[2, 2] == (0, 0, 0))
        #expect(image[0, 3] == RGBColor.green.tuple && image[4, 3] == RGBColor.green.tuple)
        #expect(image[2, 4] == (0, 0, 0))
    }

    @Test("a disc is symmetric and holds the pixels within its radius")
    func disc() {
        var image = RGBImage(width: 11, height: 11)
        image.fillCircle(centerX: 5, centerY: 5, radius: 2, color: .blue)
        // Distance ≤ 2 from (5, 5): 13 pixels (the 3x3 block, plus the 4 at distance 2 on the axes).
        #expect(painted(image, .blue).count == 13)
        #expect(image[5, 3] == RGBColor.blue.tuple && image[7, 5] == RGBColor.blue.tuple)
        #expect(image[6, 7] == (0, 0, 0))
        var corner = RGBImage(width: 4, height: 4)
        corner.fillCircle(centerX: -1, centerY: -1, radius: 2, color: .blue)  // partly outside
        #expect(painted(corner, .blue) == [[0, 0]])
        corner.fillCircle(centerX: 100, centerY: -50, radius: 3, color: .red)  // wholly outside
        #expect(painted(corner, .red).isEmpty)
    }

    @Test("a ring has a hole")
    func ring() {
        var image = RGBImage(width: 21, height: 21)
        image.strokeCircle(centerX: 10, centerY: 10, radius: 6, thickness: 2, color: .yellow)
        #expect(image[10, 10] == (0, 0, 0))
        #expect(image[10, 4] == RGBColor.yellow.tuple && image[16, 10] == RGBColor.yellow.tuple)
        #expect(image[10, 6] == (0, 0, 0))  // distance 4 < 6 - 2
        #expect(image[10, 2] == (0, 0, 0))  // outside
    }

    @Test("lines are connected at every angle and end at their end points", arguments: [
        (0, 0, 19, 0), (0, 0, 0, 19), (0, 0, 19, 19), (0, 19, 19, 0), (2, 3, 17, 9), (4, 18, 9, 1), (10, 10, 10, 10),
    ])
    func lines(fromX: Int, fromY: Int, toX: Int, toY: Int) {
        var image = RGBImage(width: 20, height: 20)
        image.drawLine(fromX: fromX, fromY: fromY, toX: toX, toY: toY, color: .white)
        let pixels = painted(image, .white)
        #expect(pixels.contains([fromX, fromY]) && pixels.contains([toX, toY]))
        // Connected: a walk over 8-neighbours from the start reaches every painted pixel.
        var seen: Set<[Int]> = [[fromX, fromY]]
        var frontier = [[fromX, fromY]]
        let all = Set(pixels)
        while let p = frontier.popLast() {
            for dy in -1...1 { for dx in -1...1 {
                let q = [p[0] + dx, p[1] + dy]
                if all.contains(q) && seen.insert(q).inserted { frontier.append(q) }
            } }
        }
        #expect(seen == all)
        // Thin: about one pixel per step along the longer axis.
        let steps = max(abs(toX - fromX), abs(toY - fromY)) + 1
        #expect(pixels.count <= 2 * steps)
    }

    @Test("a thick line is as wide as asked")
    func thickLine() {
        var image = RGBImage(width: 20, height: 20)
        image.drawLine(fromX: 3, fromY: 10, toX: 16, toY: 10, thickness: 5, color: .white)
        #expect((8...12).allSatisfy { image[9, $0] == (255, 255, 255) })
        #expect(image[9, 7] == (0, 0, 0) && image[9, 13] == (0, 0, 0))
    }

    @Test("an arrow ends in a head at its tip")
    func arrow() {
        var image = RGBImage(width: 40, height: 40)
        image.drawArrow(fromX: 5, fromY: 20, toX: 35, toY: 20, thickness: 1, headLength: 8, color: .orange)
        #expect(image[35, 20] == RGBColor.orange.tuple)
        #expect(image[5, 20] == RGBColor.orange.tuple)
        // The head is wider than the shaft just behind the tip, and nothing is drawn beyond the tip.
        #expect(image[29, 17] == RGBColor.orange.tuple && image[29, 23] == RGBColor.orange.tuple)
        #expect(image[15, 17] == (0, 0, 0))
        #expect(image[36, 20] == (0, 0, 0))
        var dot = RGBImage(width: 9, height: 9)
        dot.drawArrow(fromX: 4, fromY: 4, toX: 4, toY: 4, color: .orange)  // zero length: a dot
        #expect(dot[4, 4] == RGBColor.orange.tuple)
    }

    @Test("a filled triangle covers its inside")
    func triangle() {
        var image = RGBImage(width: 10, height: 10)
        image.fillTriangle((0, 0), (8, 0), (0, 8), color: .cyan)
        #expect(image[1, 1] == RGBColor.cyan.tuple && image[4, 4] == RGBColor.cyan.tuple)
        #expect(image[5, 5] == (0, 0, 0))
    }

    @Test("an image is copied into another, clipped")
    func blit() {
        var small = RGBImage(width: 3, height: 2, fill: (9, 8, 7))
        small[2, 1] = (1, 2, 3)
        var canvas = RGBImage(width: 5, height: 5)
        canvas.draw(small, x: 3, y: 4)
        #expect(canvas[3, 4] == (9, 8, 7) && canvas[4, 4] == (9, 8, 7))
        #expect(canvas[2, 4] == (0, 0, 0) && canvas[3, 3] == (0, 0, 0))
        canvas.draw(small, x: -2, y: -1)
        #expect(canvas[0, 0] == (1, 2, 3))
        #expect(canvas[1, 0] == (0, 0, 0))
    }

    @Test("scaling up repeats each pixel as a block")
    func scaleUp() {
        var image = RGBImage(width: 2, height: 2)
        image[1, 0] = (255, 0, 0)
        image[0, 1] = (0, 0, 255)
        let big = image.scaled(by: 3)
        #expect(big.width == 6 && big.height == 6)
        for y in 0..<6 { for x in 0..<6 { #expect(big[x, y] == image[x / 3, y / 3]) } }
        #expect(image.scaled(by: 1) == image)
    }
}
