import Foundation

/// One line of frames.jsonl: a screen grab at time `t` (ms since start, when the grab began).
/// `file` always names the PNG holding the pixels; for a frame identical to an earlier one,
/// `sameAs` is that frame's index and `file` is its file, so readers can ignore `sameAs`.
public struct FrameEntry: Sendable, Equatable {
    public var index: Int
    public var t: Double
    public var file: String
    public var pointer: (x: Int, y: Int)
    public var sameAs: Int?

    public init(index: Int, t: Double, file: String, pointer: (x: Int, y: Int), sameAs: Int? = nil) {
        self.index = index; self.t = t; self.file = file; self.pointer = pointer; self.sameAs = sameAs
    }

    public static func == (a: FrameEntry, b: FrameEntry) -> Bool {
        a.index == b.index && a.t == b.t && a.file == b.file && a.pointer == b.pointer && a.sameAs == b.sameAs
    }

    public func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.field("i", index)
        line.field("t", milliseconds: t)
        line.field("file", file)
        line.field("pointer", [pointer.x, pointer.y])
        if let sameAs { line.field("same_as", sameAs) }
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
        self.init(index: index, t: t, file: file, pointer: pointer.isEmpty ? (0, 0) : (pointer[0], pointer[1]),
                  sameAs: fields.same_as)
    }
}

private struct FrameFields: Decodable {
    var i: Int?
    var t: Double?
    var file: String?
    var pointer: [Int]?
    var same_as: Int?
}
