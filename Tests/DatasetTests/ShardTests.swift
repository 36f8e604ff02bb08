import Episode
import Dataset
import Foundation
import Imaging
import SafeTensors
import Testing
import TestSupport

@Suite("Shard files")
struct ShardTests {
    /// A shard of `n` samples whose every field differs from sample to sample.
    static func sample(_ n: Int, width: Int = 8, height: Int = 6, k: Int = 4) -> Shard {
        var shard = Shard(imageWidth: width, imageHeight: height, history: k)
        shard.metadata = ["split": "train", "note": "ünïcødé \"quoted\""]
        for i in 0..<n {
            var r = SampleRecord(type: ActionType(rawValue: Int32(i % 10))!, history: k)
            r.x = Float(i) / 100; r.y = Float(i) / 50; r.key = Int32(i % 77)
            r.modifiers = Modifiers(vector: (0..<4).map { Float((i >> $0) & 1) })
            r.histType = (0..<k).map { Int32(($0 + i) % 10) }
            r.histX = (0..<k).map { Int32(($0 * 7 + i) % 64) }
            r.histY = (0..<k).map { Int32(($0 * 5 + i) % 64) }
            r.histKey = (0..<k).map { Int32(($0 + 3 * i) % 77) }
            r.episode = Int32(i / 3); r.time = 1000.125 + Double(i) * 33.3; r.frameIndex = Int32(i * 2); r.frameTime = Double(i) * 33.3
            r.screenX = 0.25; r.screenY = Float(i) / 1000; r.startX = 0.75; r.startY = 0.125
            var frame = RGBImage(width: width, height: height)
            for p in 0..<frame.pixels.count { frame.pixels[p] = UInt8((p * 31 + i * 7) % 256) }
            shard.append(r, frame: frame)
        }
        return shard
    }

    @Test("a shard survives writing and reading: every tensor, dtype, shape and the metadata")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let shard = ShardTests.sample(13)
        try shard.write(to: folder.file("s.safetensors"))
        let back = try Shard.read(path: folder.file("s.safetensors"))
        #expect(back.count == 13 && back.history == 4 && back.imageWidth == 8 && back.imageHeight == 6)
        #expect(back.records == shard.records)
        #expect(back.frames == shard.frames)
        #expect(back.metadata == shard.metadata)

        let file = try SafeTensorsFile.read(path: folder.file("s.safetensors"))
        typealias T = ShardLayout.Tensor
        #expect(file.names == T.all)
        let expected: [String: (SafeTensorsFile.DType, [Int])] = [
            T.frames: (.u8, [13, 6, 8, 3]), T.histType: (.i32, [13, 4]), T.histX: (.i32, [13, 4]), T.histY: (.i32, [13, 4]),
            T.histKey: (.i32, [13, 4]), T.type: (.i32, [13]), T.x: (.f32, [13]), T.y: (.f32, [13]), T.key: (.i32, [13]),
            T.mods: (.f32, [13, 4]), T.episode: (.i32, [13]), T.time: (.f64, [13]), T.frameIndex: (.i32, [13]),
            T.frameTime: (.f64, [13]), T.screenX: (.f32, [13]), T.screenY: (.f32, [13]), T.startX: (.f32, [13]), T.startY: (.f32, [13]),
        ]
        for (name, (dtype, shape)) in expected {
            #expect(file.entry(name)?.dtype == dtype, "\(name)")
            #expect(file.entry(name)?.shape == shape, "\(name)")
        }
        #expect(try file.floats(T.mods).prefix(8) == [0, 0, 0, 0, 1, 0, 0, 0])
    }

    @Test("an empty shard round-trips too")
    func empty() throws {
        let folder = TemporaryFolder()
        try Shard(imageWidth: 4, imageHeight: 4, history: 2).write(to: folder.file("e.safetensors"))
        let back = try Shard.read(path: folder.file("e.safetensors"))
        #expect(back.count == 0 && back.history == 2 && back.imageWidth == 4)
    }

    @Test("a file that is not a shard is refused with its path and the reason")
    func malformed() throws {
        let folder = TemporaryFolder()
        var file = ShardTests.sample(2).safeTensors()
        file.add(ShardLayout.Tensor.x, int32s: [1, 2], shape: [2])
        try file.write(to: folder.file("wrong.safetensors"))
        #expect(throws: DatasetError.malformedShard(path: folder.file("wrong.safetensors"), reason: "\"x\" must be F32 [2], found I32 [2]")) {
            try Shard.read(path: folder.file("wrong.safetensors"))
        }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: folder.file("junk.safetensors")))
        do throws(DatasetError) {
            _ = try Shard.read(path: folder.file("junk.safetensors"))
            Issue.record("junk accepted")
        } catch {
            #expect(error.description.hasPrefix(folder.file("junk.safetensors")))
        }
    }

    @Test("a built shard's metadata records the vocabulary, settings and episodes")
    func builtMetadata() throws {
        let folder = TemporaryFolder()
        try HandBuiltEpisode.write(folder.file("ep"), frameTimes: [0, 100], events: tap(50, "a") + clickEvents(150, 3, 3))
        _ = try buildDataset([folder.file("ep")], into: folder.file("data")) { $0.history = 3; $0.bins = 32 }
        let file = try SafeTensorsFile.read(path: folder.file("data/train-00000.safetensors"))
        typealias M = ShardLayout.Metadata
        let m = file.metadata
        #expect(m[M.format] == "mimic-dataset" && m[M.formatVersion] == "1" && m[M.split] == "train")
        #expect(m[M.samples] == "2" && m[M.history] == "3" && m[M.bins] == "32")
        #expect(m[M.imageWidth] == "128" && m[M.imageHeight] == "128")
        func decode<T: Decodable>(_ key: String, as _: T.Type) throws -> T {
            try JSONDecoder().decode(T.self, from: Data(m[key]!.utf8))
        }
        #expect(try decode(M.keyVocabulary, as: [String].self) == KeyVocabulary.standard.names)
        #expect(try decode(M.actionTypes, as: [String].self) == ActionType.names)
        #expect(try decode(M.modifiers, as: [String].self) == ["ctrl", "shift", "alt", "super"])
        #expect(try decode(M.episodes, as: [String].self) == [folder.file("ep")])
        #expect(try decode(M.counts, as: [String: Int].self)["key"] == 1)
        #expect(try decode(M.preprocessing, as: Preprocessing.self) == Preprocessing())
        #expect(try decode(M.segmentation, as: SegmentationRules.self) == SegmentationRules())
        #expect(try file.shape(ShardLayout.Tensor.histType) == [2, 3])
    }
}
