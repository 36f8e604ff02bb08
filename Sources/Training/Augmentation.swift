import Primitives
import NN

/// Light augmentation of training frames: a random shift of a few pixels, the same for the pointer
/// target and the history positions, so the action still points where the frame shows it.
///
/// Each frame moves by (dx, dy), each uniform in −maxShift…maxShift model pixels; the edge pixels fill
/// what is uncovered. A target at model pixel (px, py) moves to (px + dx, py + dy); an axis on which that
/// would leave the frame is not shifted. History positions move with the frame to bin precision (the
/// centre of each bin is shifted and binned again). Validation frames are never shifted.
struct ShiftAugmentation: Sendable {
    let maxShift: Int
    let width: Int
    let height: Int
    let bins: Int

    struct Shift: Equatable {
        var dx = 0, dy = 0
    }

    /// The shift of one sample whose target is (x, y) (normalized; `positional` when it has one).
    func draw(_ random: inout SeededRandom, x: Float, y: Float, positional: Bool) -> Shift {
        guard maxShift > 0 else { return Shift() }
        let span = UInt64(2 * maxShift + 1)
        var s = Shift(dx: Int(random.next() % span) - maxShift, dy: Int(random.next() % span) - maxShift)
        if positional {
            let px = ShiftAugmentation.pixel(x, width), py = ShiftAugmentation.pixel(y, height)
            if px + s.dx < 0 || px + s.dx >= width { s.dx = 0 }
            if py + s.dy < 0 || py + s.dy >= height { s.dy = 0 }
        }
        return s
    }

    static func pixel(_ v: Float, _ size: Int) -> Int { max(0, min(size - 1, Int((v * Float(size)).rounded(.down)))) }

    /// A normalized coordinate moved by `d` pixels: exactly `d` model pixels further, in [0, 1).
    static func moved(_ v: Float, by d: Int, size: Int) -> Float {
        if d == 0 { return v }
        let moved = (Double(v) * Double(size) + Double(d)) / Double(size)
        return min(max(Float(moved), 0), Float(1).nextDown)
    }

    /// A history bin moved by `d` pixels: the bin's centre, shifted, binned again.
    func movedBin(_ bin: Int32, by d: Int, size: Int) -> Int32 {
        if d == 0 { return bin }
        let centre = (Double(bin) + 0.5) * Double(size) / Double(bins) + Double(d)
        return Int32(max(0, min(bins - 1, Int((centre * Double(bins) / Double(size)).rounded(.down)))))
    }

    /// Copies one (H, W, 3) frame from `source` to `target`, shifted by `s`.
    func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, shift s: Shift) {
        let w = width, h = height, row = w * 3
        for r in 0..<h {
            let src = source + max(0, min(h - 1, r - s.dy)) * row
            let dst = target + r * row
            if s.dx == 0 {
                dst.update(from: src, count: row)
            } else if s.dx > 0 {
                for c in 0..<s.dx { (dst + c * 3).update(from: src, count: 3) }
                (dst + s.dx * 3).update(from: src, count: (w - s.dx) * 3)
            } else {
                let d = -s.dx
                dst.update(from: src + d * 3, count: (w - d) * 3)
                for c in (w - d)..<w { (dst + c * 3).update(from: src + (w - 1) * 3, count: 3) }
            }
        }
    }
}
