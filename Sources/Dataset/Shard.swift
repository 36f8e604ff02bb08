import Episode
import Foundation
import Imaging
import SafeTensors

/// One sample of a shard without its image: the targets, the history and where it came from.
public struct SampleRecord: Sendable, Equatable {
    public var type: ActionType
    public var x: Float = 0
    public var y: Float = 0
    public var key: Int32 = 0
    public var modifiers: Modifiers = []
    /// K entries each, oldest first.
    public var histType: [Int32]
    public var histX: [Int32]
    public var histY: [Int32]
    public var histKey: [Int32]
    public var episode: Int32 = 0
    public var time: Double = 0
    public var frameIndex: Int32 = 0
    public var frameTime: Double = 0
    public var screenX: Float = 0
    public var screenY: Float = 0
    public var startX: Float = 0
    public var startY: Float = 0

    public init(type: ActionType, history k: Int) {
        self.type = type
        histType = Array(repeating: 0, count: k)
        histX = histType; histY = histType; histKey = histType
    }
}

/// A block of samples stored as columns, exactly as a shard file holds them (see ShardLayout).
public struct Shard: Sendable {
    public let imageWidth: Int
    public let imageHeight: Int
    public let history: Int
    public private(set) var count = 0
    /// N·H·W·3 bytes.
    public private(set) var frames: [UInt8] = []
    public private(set) var records: [SampleRecord] = []
    public var metadata: [String: String] = [:]

    public init(imageWidth: Int, imageHeight: Int, history: Int) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.history = history
    }

    public var frameBytes: Int { imageWidth * imageHeight * 3 }

    public mutating func append(_ record: SampleRecord, frame: RGBImage) {
        precondition(frame.width == imageWidth && frame.height == imageHeight, "shard frames are \(imageWidth)x\(imageHeight)")
        precondition(record.histType.count == history, "shard history is \(history)")
        frames += frame.pixels
        records.append(record)
        count += 1
    }

    public func frame(_ i: Int) -> RGBImage {
        RGBImage(width: imageWidth, height: imageHeight, pixels: Array(frames[i * frameBytes ..< (i + 1) * frameBytes]))
    }

    /// Samples by action type name (every type present, zero or not).
    public var countsByType: [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: ActionType.names.map { ($0, 0) })
        for r in records { counts[r.type.name, default: 0] += 1 }
        return counts
    }

    // MARK: Safetensors form

    public func safeTensors() -> SafeTensorsFile {
        typealias T = ShardLayout.Tensor
        let n = count, k = history
        var file = SafeTensorsFile(metadata: metadata)
        file.add(T.frames, uint8s: frames, shape: [n, imageHeight, imageWidth, 3])
        file.add(T.histType, int32s: records.flatMap(\.histType), shape: [n, k])
        file.add(T.histX, int32s: records.flatMap(\.histX), shape: [n, k])
        file.add(T.histY, int32s: records.flatMap(\.histY), shape: [n, k])
        file.add(T.histKey, int32s: records.flatMap(\.histKey), shape: [n, k])
        file.add(T.type, int32s: records.map(\.type.rawValue), shape: [n])
        file.add(T.x, floats: records.map(\.x), shape: [n])
        file.add(T.y, floats: records.map(\.y), shape: [n])
        file.add(T.key, int32s: records.map(\.key), shape: [n])
        file.add(T.mods, floats: records.flatMap(\.modifiers.vector), shape: [n, 4])
        file.add(T.episode, int32s: records.map(\.episode), shape: [n])
        file.add(T.time, dtype: .f64, shape: [n], bytes: records.map(\.time).withUnsafeBytes { Array($0) })
        file.add(T.frameIndex, int32s: records.map(\.frameIndex), shape: [n])
        file.add(T.frameTime, dtype: .f64, shape: [n], bytes: records.map(\.frameTime).withUnsafeBytes { Array($0) })
        file.add(T.screenX, floats: records.map(\.screenX), shape: [n])
        file.add(T.screenY, floats: records.map(\.screenY), shape: [n])
        file.add(T.startX, floats: records.map(\.startX), shape: [n])
        file.add(T.startY, floats: records.map(\.startY), shape: [n])
        return file
    }

    public func write(to path: String) throws(DatasetError) {
        do throws(SafeTensorsError) {
            try safeTensors().write(to: path)
        } catch {
            throw .writeFailed(path: path, reason: error.description)
        }
    }

    /// Reads a shard, checking that every tensor is there with the dtype and shape it must have.
    public static func read(path: String) throws(DatasetError) -> Shard {
        let file: SafeTensorsFile
        do throws(SafeTensorsError) {
            file = try SafeTensorsFile.read(path: path)
        } catch {
            throw .unreadableShard(path: path, reason: error.description)
        }
        return try Shard(file, path: path)
    }

    public init(_ file: SafeTensorsFile, path: String) throws(DatasetError) {
        typealias T = ShardLayout.Tensor
        func bad(_ reason: String) -> DatasetError { .malformedShard(path: path, reason: reason) }
        guard let frameEntry = file.entry(T.frames) else { throw bad("no \"\(T.frames)\" tensor") }
        guard frameEntry.dtype == .u8, frameEntry.shape.count == 4, frameEntry.shape[3] == 3 else {
            throw bad("\"frames\" must be uint8 [N, H, W, 3], found \(frameEntry.dtype.rawValue) \(frameEntry.shape)")
        }
        let n = frameEntry.shape[0]
        guard let historyEntry = file.entry(T.histType), historyEntry.shape.count == 2, historyEntry.shape[0] == n else {
            throw bad("\"hist_type\" must be int32 [N, K] with N = \(n)")
        }
        let k = historyEntry.shape[1]
        self.init(imageWidth: frameEntry.shape[2], imageHeight: frameEntry.shape[1], history: k)
        metadata = file.metadata

        func column<V>(_ name: String, _ dtype: SafeTensorsFile.DType, _ shape: [Int], as _: V.Type) throws(DatasetError) -> [V] {
            guard let e = file.entry(name) else { throw bad("no \"\(name)\" tensor") }
            guard e.dtype == dtype, e.shape == shape else {
                throw bad("\"\(name)\" must be \(dtype.rawValue) \(shape), found \(e.dtype.rawValue) \(e.shape)")
            }
            return e.bytes.withUnsafeBytes { Array($0.bindMemory(to: V.self)) }
        }
        let histType = try column(T.histType, .i32, [n, k], as: Int32.self)
        let histX = try column(T.histX, .i32, [n, k], as: Int32.self)
        let histY = try column(T.histY, .i32, [n, k], as: Int32.self)
        let histKey = try column(T.histKey, .i32, [n, k], as: Int32.self)
        let type = try column(T.type, .i32, [n], as: Int32.self)
        let x = try column(T.x, .f32, [n], as: Float.self)
        let y = try column(T.y, .f32, [n], as: Float.self)
        let key = try column(T.key, .i32, [n], as: Int32.self)
        let mods = try column(T.mods, .f32, [n, 4], as: Float.self)
        let episode = try column(T.episode, .i32, [n], as: Int32.self)
        let time = try column(T.time, .f64, [n], as: Double.self)
        let frameIndex = try column(T.frameIndex, .i32, [n], as: Int32.self)
        let frameTime = try column(T.frameTime, .f64, [n], as: Double.self)
        let screenX = try column(T.screenX, .f32, [n], as: Float.self)
        let screenY = try column(T.screenY, .f32, [n], as: Float.self)
        let startX = try column(T.startX, .f32, [n], as: Float.self)
        let startY = try column(T.startY, .f32, [n], as: Float.self)

        var records: [SampleRecord] = []
        records.reserveCapacity(n)
        for i in 0..<n {
            guard let actionType = ActionType(rawValue: type[i]) else { throw bad("sample \(i) has action type \(type[i])") }
            var r = SampleRecord(type: actionType, history: k)
            r.x = x[i]; r.y = y[i]; r.key = key[i]
            r.modifiers = Modifiers(vector: Array(mods[i * 4 ..< i * 4 + 4]))
            r.histType = Array(histType[i * k ..< (i + 1) * k])
            r.histX = Array(histX[i * k ..< (i + 1) * k])
            r.histY = Array(histY[i * k ..< (i + 1) * k])
            r.histKey = Array(histKey[i * k ..< (i + 1) * k])
            r.episode = episode[i]; r.time = time[i]; r.frameIndex = frameIndex[i]; r.frameTime = frameTime[i]
            r.screenX = screenX[i]; r.screenY = screenY[i]; r.startX = startX[i]; r.startY = startY[i]
            records.append(r)
        }
        self.records = records
        frames = frameEntry.bytes
        count = n
    }
}
