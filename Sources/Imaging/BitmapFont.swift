/// A built-in 5×7 pixel font covering printable ASCII (space to tilde), drawn at any whole-number
/// scale. For labels on images (contact sheets, task windows): no font files, same pixels everywhere.
/// Characters outside printable ASCII are drawn as a hollow box.
public struct BitmapFont: Sendable {
    /// Glyph cell size in font pixels; each glyph sits in the top-left of its cell.
    public let glyphWidth = 5
    public let glyphHeight = 7
    /// Horizontal distance between glyph origins, and vertical distance between lines, in font pixels.
    public let advance = 6
    public let lineHeight = 9

    /// Rows of each glyph, top first; bit 4 is the leftmost column. Index = ASCII code - 32.
    private let glyphs: [[UInt8]]
    private let missing: [UInt8]

    public static let standard = BitmapFont()

    private init() {
        glyphs = BitmapFont.drawings.map(BitmapFont.parse)
        missing = BitmapFont.parse("##### #...# #...# #...# #...# #...# #####")
    }

    /// The rows of `character`'s glyph (bit 4 = leftmost pixel), or the hollow box for one not covered.
    public func rows(of character: Character) -> [UInt8] {
        guard let ascii = character.asciiValue, ascii >= 32, ascii < 127 else { return missing }
        return glyphs[Int(ascii) - 32]
    }

    /// Whether the font has a glyph for `character` (printable ASCII).
    public func covers(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= 32 && ascii < 127
    }

    /// The size in image pixels of `text` drawn at `scale`: lines split at "\n"; the width of the
    /// widest line (without the gap after its last glyph) by the height of all lines.
    public func size(of text: String, scale: Int = 1) -> (width: Int, height: Int) {
        guard !text.isEmpty else { return (0, 0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map(\.count).max() ?? 0
        let width = longest == 0 ? 0 : (longest * advance - (advance - glyphWidth)) * scale
        let height = lines.isEmpty ? 0 : ((lines.count - 1) * lineHeight + glyphHeight) * scale
        return (width, height)
    }

    /// Draws `text` with its top-left corner at (x, y), each font pixel a `scale`×`scale` block.
    public func draw(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor, on image: inout RGBImage) {
        precondition(scale >= 1, "font scale must be at least 1")
        var lineTop = y
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var left = x
            for character in line {
                let rows = rows(of: character)
                for (row, bits) in rows.enumerated() where bits != 0 {
                    for column in 0..<glyphWidth where bits & (1 << (glyphWidth - 1 - column)) != 0 {
                        image.fillRect(x: left + column * scale, y: lineTop + row * scale, width: scale, height: scale,
                                       color: color)
                    }
                }
                left += advance * scale
            }
            lineTop += lineHeight * scale
        }
    }

    private static func parse(_ drawing: String) -> [UInt8] {
        let rows = drawing.split(separator: " ")
        precondition(rows.count == 7 && rows.allSatisfy { $0.count == 5 }, "bad glyph drawing \"\(drawing)\"")
        return rows.map { row in row.reduce(UInt8(0)) { $0 << 1 | ($1 == "#" ? 1 : 0) } }
    }

    /// Glyph drawings for ASCII 32...126: seven rows of five pixels, "#" on, "." off.
    static let drawings: [String] = [
        "..... ..... ..... ..... ..... ..... .....",  // space
        "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",  // !
        ".#.#. .#.#. .#.#. ..... ..... ..... .....",  // "
        ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",  // #
        "..#.. .#### #.#.. .###. ..#.# ####. ..#..",  // $
        "##... ##..# ...#. ..#.. .#... #..## ...##",  // %
        ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",  // &
        "..#.. ..#.. ..#.. ..... ..... ..... .....",  // '
        "...#. ..#.. .#... .#... .#... ..#.. ...#.",  // (
        ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",  // )
        "..... ..#.. #.#.# .###. #.#.# ..#.. .....",  // *
        "..... ..#.. ..#.. ##### ..#.. ..#.. .....",  // +
        "..... ..... ..... ..... .##.. ..#.. .#...",  // ,
        "..... ..... ..... ##### ..... ..... .....",  // -
        "..... ..... ..... ..... ..... .##.. .##..",  // .
        "..... ....# ...#. ..#.. .#... #.... .....",  // /
        ".###. #...# #..## #.#.# ##..# #...# .###.",  // 0
        "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",  // 1
        ".###. #...# ....# ...#. ..#.. .#... #####",  // 2
        "##### ...#. ..#.. ...#. ....# #...# .###.",  // 3
        "...#. ..##. .#.#. #..#. ##### ...#. ...#.",  // 4
        "##### #.... ####. ....# ....# #...# .###.",  // 5
        "..##. .#... #.... ####. #...# #...# .###.",  // 6
        "##### ....# ...#. ..#.. .#... .#... .#...",  // 7
        ".###. #...# #...# .###. #...# #...# .###.",  // 8
        ".###. #...# #...# .#### ....# ...#. .##..",  // 9
        "..... .##.. .##.. ..... .##.. .##.. .....",  // :
        "..... .##.. .##.. ..... .##.. ..#.. .#...",  // ;
        "...#. ..#.. .#... #.... .#... ..#.. ...#.",  // <
        "..... ..... ##### ..... ##### ..... .....",  // =
        ".#... ..#.. ...#. ....# ...#. ..#.. .#...",  // >
        ".###. #...# ....# ...#. ..#.. ..... ..#..",  // ?
        ".###. #...# ....# .##.# #.#.# #.#.# .###.",  // @
        ".###. #...# #...# ##### #...# #...# #...#",  // A
        "####. #...# #...# ####. #...# #...# ####.",  // B
        ".###. #...# #.... #.... #.... #...# .###.",  // C
        "###.. #..#. #...# #...# #...# #..#. ###..",  // D
        "##### #.... #.... ####. #.... #.... #####",  // E
        "##### #.... #.... ####. #.... #.... #....",  // F
        ".###. #...# #.... #.### #...# #...# .####",  // G
        "#...# #...# #...# ##### #...# #...# #...#",  // H
        ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",  // I
        "..### ...#. ...#. ...#. ...#. #..#. .##..",  // J
        "#...# #..#. #.#.. ##... #.#.. #..#. #...#",  // K
        "#.... #.... #.... #.... #.... #.... #####",  // L
        "#...# ##.## #.#.# #.#.# #...# #...# #...#",  // M
        "#...# #...# ##..# #.#.# #..## #...# #...#",  // N
        ".###. #...# #...# #...# #...# #...# .###.",  // O
        "####. #...# #...# ####. #.... #.... #....",  // P
        ".###. #...# #...# #...# #.#.# #..#. .##.#",  // Q
        "####. #...# #...# ####. #.#.. #..#. #...#",  // R
        ".#### #.... #.... .###. ....# ....# ####.",  // S
        "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",  // T
        "#...# #...# #...# #...# #...# #...# .###.",  // U
        "#...# #...# #...# #...# #...# .#.#. ..#..",  // V
        "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",  // W
        "#...# #...# .#.#. ..#.. .#.#. #...# #...#",  // X
        "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",  // Y
        "##### ....# ...#. ..#.. .#... #.... #####",  // Z
        ".###. .#... .#... .#... .#... .#... .###.",  // [
        "..... #.... .#... ..#.. ...#. ....# .....",  // backslash
        ".###. ...#. ...#. ...#. ...#. ...#. .###.",  // ]
        "..#.. .#.#. #...# ..... ..... ..... .....",  // ^
        "..... ..... ..... ..... ..... ..... #####",  // _
        ".#... ..#.. ...#. ..... ..... ..... .....",  // `
        "..... ..... .###. ....# .#### #...# .####",  // a
        "#.... #.... #.##. ##..# #...# #...# ####.",  // b
        "..... ..... .###. #.... #.... #...# .###.",  // c
        "....# ....# .##.# #..## #...# #...# .####",  // d
        "..... ..... .###. #...# ##### #.... .###.",  // e
        "..##. .#..# .#... ###.. .#... .#... .#...",  // f
        "..... .#### #...# #...# .#### ....# .###.",  // g
        "#.... #.... #.##. ##..# #...# #...# #...#",  // h
        "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.",  // i
        "...#. ..... ..##. ...#. ...#. #..#. .##..",  // j
        "#.... #.... #..#. #.#.. ##... #.#.. #..#.",  // k
        ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",  // l
        "..... ..... ##.#. #.#.# #.#.# #...# #...#",  // m
        "..... ..... #.##. ##..# #...# #...# #...#",  // n
        "..... ..... .###. #...# #...# #...# .###.",  // o
        "..... ..... ####. #...# ####. #.... #....",  // p
        "..... ..... .##.# #..## .#### ....# ....#",  // q
        "..... ..... #.##. ##..# #.... #.... #....",  // r
        "..... ..... .###. #.... .###. ....# ####.",  // s
        ".#... .#... ###.. .#... .#... .#..# ..##.",  // t
        "..... ..... #...# #...# #...# #..## .##.#",  // u
        "..... ..... #...# #...# #...# .#.#. ..#..",  // v
        "..... ..... #...# #...# #.#.# #.#.# .#.#.",  // w
        "..... ..... #...# .#.#. ..#.. .#.#. #...#",  // x
        "..... ..... #...# #...# .#### ....# .###.",  // y
        "..... ..... ##### ...#. ..#.. .#... #####",  // z
        "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.",  // {
        "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",  // |
        ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...",  // }
        "..... ..... .#... #.#.# ...#. ..... .....",  // ~
    ]
}

extension RGBImage {
    /// Draws `text` in the built-in font with its top-left corner at (x, y). With `background`, a
    /// box of that colour is filled first, `padding` pixels larger than the text on every side.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor,
                                  background: RGBColor? = nil, padding: Int = 1, font: BitmapFont = .standard) {
        if let background {
            let size = font.size(of: text, scale: scale)
            fillRect(x: x - padding, y: y - padding, width: size.width + 2 * padding, height: size.height + 2 * padding,
                     color: background)
        }
        font.draw(text, x: x, y: y, scale: scale, color: color, on: &self)
    }
}
