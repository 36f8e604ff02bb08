import Foundation

/// One line of frames.jsonl: a screen grab at time `t` (ms since start, when the grab began).
///
/// Three kinds of frame:
/// - full: `file` is a PNG of the whole screen;
/// - partial (`patch` set): the frame is frame `patch.base`'s pixels (always a full frame) with
///   the smaller PNG in `file` drawn at (`patch.x`, `patch.y`) — the region that changed;
/// - repeated (`sameAs` set): identical to frame `sameAs`; `file` and `patch` are copied from it,
///   so a reader that ignores `sameAs` still gets the right pixels.
public struct FrameEntry: Sendable, Equatable {
    public var index: Int
    public var t: Double
    public var file: String
    public var pointer: (x: Int, y: Int)
    public var sameAs: Int?
    public var patch: Patch?

    /// Where a partial frame's PNG goes over its base frame.
    public struct Patch: Sendable, Equatable {
        public var base: Int
        public var x: Int
        public var y: Int
        public init(base: Int, x: Int, y: Int) { self.base = base; self.x = x; self.y = y }
    }

    public init(index: Int, t: Double, file: String, pointer: (x: Int, y: Int), sameAs: Int? = nil, patch: Patch? = nil) {
        self.index = index; self.t = t; self.file = file; self.pointer = pointer; self.sameAs = sameAs; self.patch = patch
    }

    public static func == (a: FrameEntry, b: FrameEntry) -> Bool {
        a.index == b.index && a.t == b.t && a.file == b.file && a.pointer == b.pointer && a.sameAs == b.sameAs && a.patch == b.patch
    }

    public func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.field("i", index)
        line.field("t", milliseconds: t)
        line.field("file", file)
        line.field("pointer", [pointer.x, pointer.y])
        if let sameAs { line.field("same_as", sameAs) }
        if let patch {
            var object = JSONLine()
            object.field("base", patch.base)
            object.field("x", patch.x)
            object.field("y", patch.y)
            line.field("patch", object: object)
        }
        return line.finished()
    }

    public init(jsonLine: some Collection<UInt8>) throws(InputEvent.LineError) {
        let fields: FrameFields
        do {
            fields = try JSONDecoder().decode(FrameFields.self, from: Data(jsonLine))
        } catch {
            throw InputEvent.LineError(reason: "not a JSON frame object (\(InputEvent.LineError.describe(error)))")
        }
        guard let index = fields.i else { throw InputEvent.LineError(reason: "frame without \"i\"") }
        guard let t = fields.t, t.isFinite else { throw InputEvent.LineError(reason: "frame without a valid \"t\"") }
        guard let file = fields.file, !file.isEmpty else { throw InputEvent.LineError(reason: "frame without \"file\"") }
        guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
            throw InputEvent.LineError(reason: "frame file \"\(file)\" points outside the episode folder")
        }
        let pointer = fields.pointer ?? []
        guard pointer.count == 2 || pointer.isEmpty else {
            throw InputEvent.LineError(reason: "\"pointer\" must be [x, y]")
        }
        var patch: Patch?
        if let p = fields.patch {
            guard let base = p.base, let x = p.x, let y = p.y, base >= 0, base < index, x >= 0, y >= 0 else {
                throw InputEvent.LineError(reason: "\"patch\" needs \"base\" (an earlier frame), \"x\" and \"y\" (not negative)")
            }
            patch = Patch(base: base, x: x, y: y)
        }
        if let sameAs = fields.same_as, sameAs < 0 || sameAs >= index {
            throw InputEvent.LineError(reason: "\"same_as\" must name an earlier frame, got \(sameAs)")
        }
        self.init(index: index, t: t, file: file, pointer: pointer.isEmpty ? (0, 0) : (pointer[0], pointer[1]),
                  sameAs: fields.same_as, patch: patch)
    }
}

private struct FrameFields: Decodable {
    struct PatchFields: Decodable {
        var base: Int?
        var x: Int?
        var y: Int?
    }
    var i: Int?
    var t: Double?
    var file: String?
    var pointer: [Int]?
    var same_as: Int?
    var patch: PatchFields?
}
