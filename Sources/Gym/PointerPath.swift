import Primitives
import Foundation

/// The way a hand moves a mouse: a slightly curved path that speeds up and slows down
/// (ease in and out), in steps of a few pixels, ending exactly on the target.
public enum PointerPath {
    /// The points after `from` up to and including `to`. `stepLength` is the mean distance
    /// between points; at least `minimumSteps` are made for any movement.
    public static func eased(from: Point, to: Point, stepLength: Double, minimumSteps: Int = 6,
                             random: inout SeededRandom) -> [Point] {
        let distance = from.distance(to: to)
        guard distance > 0 else { return [] }
        let steps = max(minimumSteps, min(120, Int((distance / max(1, stepLength)).rounded(.up))))
        // A sideways bow of up to 8% of the distance, vanishing at both ends.
        let bow = random.double(in: -0.08...0.08) * distance
        let ux = Double(to.x - from.x) / distance, uy = Double(to.y - from.y) / distance
        var points: [Point] = []
        for i in 1...steps {
            let t = Double(i) / Double(steps)
            let eased = t * t * (3 - 2 * t)  // smoothstep: slow, fast, slow
            let side = bow * sin(Double.pi * t)
            let x = Double(from.x) + Double(to.x - from.x) * eased - uy * side
            let y = Double(from.y) + Double(to.y - from.y) * eased + ux * side
            let point = i == steps ? to : Point(Int(x.rounded()), Int(y.rounded()))
            if point != (points.last ?? from) { points.append(point) }
        }
        return points
    }
}
