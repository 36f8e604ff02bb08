import Foundation
import SafeTensors
import Testing
import TestSupport

@Suite("safetensors format")
struct SafeTensorsTests {
    @Test("tensors and metadata round trip, header padded to 8 bytes")
    func roundTrip() throws {
        var file = SafeTensorsFile(metadata: ["config": #"{"d": 128, "name": "a \"quoted\" name"}"#, "vocab": "a\nb"])
        file.add("blocks.0.attn.qkv.weight", floats: [1.5, -2, 0, .pi, -0.0, 1e-30], shape: [2, 3])
        file.add("frames", uint8s: [0, 1, 2, 255], shape: [1, 2, 2, 1])
        file.add("hist_type", int32s: [-1, 2, Int32.max], shape: [3])
        file.add("empty", floats: [], shape: [0, 4])
        let bytes = file.encoded()
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        #expect((8 + headerLength) % 8 == 0)

        let back = try SafeTensorsFile.decode(bytes)
        #expect(back.metadata == file.metadata)
        #expect(back.names == file.names)
        #expect(try back.floats("blocks.0.attn.qkv.weight") == [1.5, -2, 0, .pi, -0.0, 1e-30])
        #expect(try back.shape("blocks.0.attn.qkv.weight") == [2, 3])
        #expect(try back.uint8s("frames") == [0, 1, 2, 255])
        #expect(try back.int32s("hist_type") == [-1, 2, Int32.max])
        #expect(try back.shape("empty") == [0, 4])
    }

    @Test("the bytes follow the specification exactly")
    func exactBytes() {
        var file = SafeTensorsFile()
        file.add("a", floats: [1], shape: [1])
        let bytes = file.encoded()
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        #expect(bytes.prefix(8) == [UInt8(padded.utf8.count), 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[8..<(8 + padded.utf8.count)]) == Array(padded.utf8))
        #expect(Array(bytes.suffix(4)) == [0, 0, 0x80, 0x3F])  // 1.0f little-endian
    }

    @Test("files are written atomically and read back")
    func fileRoundTrip() throws {
        let folder = TemporaryFolder()
        var file = SafeTensorsFile()
        file.add("x", floats: [1, 2, 3], shape: [3])
        try file.write(to: folder.file("w.safetensors"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("w.safetensors.tmp")))
        #expect(try SafeTensorsFile.read(path: folder.file("w.safetensors")).floats("x") == [1, 2, 3])
    }

    @Test("malformed files and wrong requests are refused with the file's name")
    func refusals() throws {
        var good = SafeTensorsFile()
        good.add("x", floats: [1, 2], shape: [2])
        let bytes = good.encoded()
        let cases: [(String, [UInt8])] = [
            ("too short", [1, 2, 3]),
            ("header past end", [255, 255, 0, 0, 0, 0, 0, 0, 123]),
            ("truncated data", Array(bytes.dropLast(2))),
            ("bad json", [8, 0, 0, 0, 0, 0, 0, 0] + Array("{nope   ".utf8)),
        ]
        for (name, data) in cases {
            #expect(throws: SafeTensorsError.self, "\(name)") { try SafeTensorsFile.decode(data, source: "w.safetensors") }
        }
        let back = try SafeTensorsFile.decode(bytes, source: "w.safetensors")
        #expect(throws: SafeTensorsError.missingTensor(name: "y", file: "w.safetensors")) { try back.floats("y") }
        #expect(throws: SafeTensorsError.wrongDType(name: "x", found: "F32", expected: "I32", file: "w.safetensors")) {
            try back.int32s("x")
        }
    }
}
