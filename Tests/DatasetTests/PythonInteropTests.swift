import Dataset
import Foundation
import SafeTensors
import Testing
import TestSupport

/// python3 on PATH, if any.
private let python3: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Loads a shard with `safetensors.numpy.load_file` and prints, per tensor, dtype, shape, the sum
/// and its bytes; plus the metadata through `safe_open`.
private let script = """
import json, sys
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file
arrays = load_file(sys.argv[1])
with safe_open(sys.argv[1], framework="np") as f:
    metadata = f.metadata()
out = {"__metadata__": metadata}
for name, a in arrays.items():
    out[name] = {"dtype": str(a.dtype), "shape": list(a.shape), "sum": float(a.astype(np.float64).sum()),
                 "bytes": np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes().hex()}
print(json.dumps(out))
"""

@Suite("Shards open in Python")
struct PythonInteropTests {
    /// Runs whenever python3 is installed; fails (never skips) when python3 cannot load the shard,
    /// e.g. because safetensors is missing: tools/setup.sh installs it.
    @Test("safetensors.numpy.load_file gives the same arrays", .enabled(if: python3 != nil))
    func numpyLoadFile() throws {
        let folder = TemporaryFolder()
        let shard = ShardTests.sample(11)
        try shard.write(to: folder.file("shard.safetensors"))
        let result = try run(python3!, ["-c", script, folder.file("shard.safetensors")])
        try #require(result.status == 0, "python3 could not load the shard (run tools/setup.sh to install numpy and safetensors): \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["__metadata__"] as? [String: String] == shard.metadata)

        let file = shard.safeTensors()
        let numpyNames: [SafeTensorsFile.DType: String] = [.u8: "uint8", .i32: "int32", .f32: "float32", .f64: "float64"]
        for entry in file.entries {
            let info = try #require(json[entry.name] as? [String: Any], "python did not see \(entry.name)")
            #expect(info["dtype"] as? String == numpyNames[entry.dtype], "\(entry.name)")
            #expect(info["shape"] as? [Int] == entry.shape, "\(entry.name)")
            let values = PythonInteropTests.values(entry)
            let sum: Double = values.reduce(0, +)
            let pythonSum: Double = info["sum"] as? Double ?? .nan
            let tolerance: Double = 1e-6 * max(1, abs(sum))
            #expect(abs(pythonSum - sum) <= tolerance, "\(entry.name)")
            // The same bytes: numpy's little-endian, C-order view of the array is the stored data.
            let hex = entry.bytes.map { String(format: "%02x", $0) }.joined()
            #expect(info["bytes"] as? String == hex, "\(entry.name)")
        }
    }

    static func values(_ e: SafeTensorsFile.Entry) -> [Double] {
        e.bytes.withUnsafeBytes { raw in
            switch e.dtype {
            case .u8: raw.bindMemory(to: UInt8.self).map(Double.init)
            case .i32: raw.bindMemory(to: Int32.self).map(Double.init)
            case .f32: raw.bindMemory(to: Float.self).map(Double.init)
            case .f64: raw.bindMemory(to: Double.self).map { $0 }
            case .i64: raw.bindMemory(to: Int64.self).map(Double.init)
            }
        }
    }
}
