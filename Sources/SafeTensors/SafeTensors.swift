import Foundation

/// The safetensors file format (https://github.com/huggingface/safetensors): an 8-byte
/// little-endian header length, a JSON header mapping each tensor name to its dtype, shape and
/// byte range, optional string metadata under "__metadata__", then the raw little-endian data.
/// Files written here load with `safetensors.numpy.load_file` and `safetensors.torch.load_file`.
public struct SafeTensorsFile: Sendable {
    public enum DType: String, Sendable, CaseIterable {
        case f32 = "F32", f64 = "F64", i32 = "I32", i64 = "I64", u8 = "U8"
        public var size: Int {
            switch self {
            case .u8: 1
            case .f32, .i32: 4
            case .f64, .i64: 8
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        /// Raw little-endian bytes.
        public var bytes: [UInt8]
        public var count: Int { shape.reduce(1, *) }
    }

    /// Tensors in the order they were added (or found in the file).
    public private(set) var entries: [Entry] = []
    public var metadata: [String: String] = [:]
    private var index: [String: Int] = [:]

    public init(metadata: [String: String] = [:]) { self.metadata = metadata }

    public var names: [String] { entries.map(\.name) }

    public func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    // MARK: Adding tensors

    public mutating func add(_ name: String, dtype: DType, shape: [Int], bytes: [UInt8]) {
        precondition(shape.reduce(1, *) * dtype.size == bytes.count,
                     "safetensors: \(name) has \(bytes.count) bytes, shape \(shape) of \(dtype.rawValue) needs \(shape.reduce(1, *) * dtype.size)")
        let entry = Entry(name: name, dtype: dtype, shape: shape, bytes: bytes)
        if let i = index[name] { entries[i] = entry } else { index[name] = entries.count; entries.append(entry) }
    }

    public mutating func add(_ name: String, floats: [Float], shape: [Int]) {
        add(name, dtype: .f32, shape: shape, bytes: floats.withUnsafeBytes { Array($0) })
    }

    public mutating func add(_ name: String, int32s: [Int32], shape: [Int]) {
        add(name, dtype: .i32, shape: shape, bytes: int32s.withUnsafeBytes { Array($0) })
    }

    public mutating func add(_ name: String, uint8s: [UInt8], shape: [Int]) {
        add(name, dtype: .u8, shape: shape, bytes: uint8s)
    }

    // MARK: Reading tensors (host is little-endian: x86-64 and arm64)

    public func floats(_ name: String) throws(SafeTensorsError) -> [Float] {
        let e = try require(name, .f32)
        return e.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    public func int32s(_ name: String) throws(SafeTensorsError) -> [Int32] {
        let e = try require(name, .i32)
        return e.bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
    }

    public func uint8s(_ name: String) throws(SafeTensorsError) -> [UInt8] {
        try require(name, .u8).bytes
    }

    /// The tensor's shape, or an error naming what is missing.
    public func shape(_ name: String) throws(SafeTensorsError) -> [Int] {
        guard let e = entry(name) else { throw .missingTensor(name: name, file: source) }
        return e.shape
    }

    private func require(_ name: String, _ dtype: DType) throws(SafeTensorsError) -> Entry {
        guard let e = entry(name) else { throw .missingTensor(name: name, file: source) }
        guard e.dtype == dtype else { throw .wrongDType(name: name, found: e.dtype.rawValue, expected: dtype.rawValue, file: source) }
        return e
    }

    /// The file this was read from, for error messages.
    public private(set) var source: String?

    // MARK: Encoding

    public func encoded() -> [UInt8] {
        var header = "{"
        var offset = 0
        var first = true
        if !metadata.isEmpty {
            header += "\"__metadata__\":{" + metadata.keys.sorted().map { jsonString($0) + ":" + jsonString(metadata[$0]!) }
                .joined(separator: ",") + "}"
            first = false
        }
        for e in entries {
            if !first { header += "," }
            first = false
            header += jsonString(e.name) + ":{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[" + e.shape.map(String.init).joined(separator: ",")
                + "],\"data_offsets\":[\(offset),\(offset + e.bytes.count)]}"
            offset += e.bytes.count
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }  // pad with spaces so data is 8-aligned
        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out += headerBytes
        for e in entries { out += e.bytes }
        return out
    }

    /// Writes the file atomically (temporary file, then rename), owner read/write.
    public func write(to path: String) throws(SafeTensorsError) {
        let temporary = path + ".tmp"
        do {
            try Data(encoded()).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .writeFailed(file: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .writeFailed(file: path, reason: reason)
        }
    }

    // MARK: Decoding

    public static func read(path: String) throws(SafeTensorsError) -> SafeTensorsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file")
        }
        var file = try decode([UInt8](data), source: path)
        file.source = path
        return file
    }

    public static func decode(_ bytes: [UInt8], source: String? = nil) throws(SafeTensorsError) -> SafeTensorsFile {
        func bad(_ reason: String) -> SafeTensorsError { .malformed(file: source, reason: reason) }
        guard bytes.count >= 8 else { throw bad("shorter than the 8-byte header length") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else { throw bad("header length \(headerLength) runs past the end of the file") }
        let dataStart = 8 + Int(headerLength)
        let headerData = Data(bytes[8..<dataStart])
        guard let json = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw bad("header is not a JSON object")
        }
        var file = SafeTensorsFile()
        file.source = source
        if let meta = json["__metadata__"] {
            guard let meta = meta as? [String: String] else { throw bad("__metadata__ must map strings to strings") }
            file.metadata = meta
        }
        var parsed: [(Int, Entry)] = []
        for (name, value) in json where name != "__metadata__" {
            guard let info = value as? [String: Any],
                  let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int],
                  let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw bad("tensor \"\(name)\" lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else { throw bad("tensor \"\(name)\" has unsupported dtype \(dtypeName)") }
            let start = dataStart + offsets[0]
            let end = dataStart + offsets[1]
            guard offsets[0] >= 0, start <= end, end <= bytes.count else {
                throw bad("tensor \"\(name)\" data_offsets \(offsets) fall outside the file")
            }
            guard end - start == shape.reduce(1, *) * dtype.size else {
                throw bad("tensor \"\(name)\" has \(end - start) bytes but shape \(shape) of \(dtypeName) needs \(shape.reduce(1, *) * dtype.size)")
            }
            parsed.append((offsets[0], Entry(name: name, dtype: dtype, shape: shape, bytes: Array(bytes[start..<end]))))
        }
        for (_, entry) in parsed.sorted(by: { $0.0 < $1.0 }) {
            file.index[entry.name] = file.entries.count
            file.entries.append(entry)
        }
        return file
    }
}

private func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// What can go wrong with a safetensors file.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case malformed(file: String?, reason: String)
    case missingTensor(name: String, file: String?)
    case wrongDType(name: String, found: String, expected: String, file: String?)
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .malformed(let file, let reason): "\(file ?? "safetensors data"): not a valid safetensors file: \(reason)"
        case .missingTensor(let name, let file): "\(file ?? "safetensors data"): has no tensor named \"\(name)\""
        case .wrongDType(let name, let found, let expected, let file):
            "\(file ?? "safetensors data"): tensor \"\(name)\" is \(found), expected \(expected)"
        case .writeFailed(let file, let reason): "\(file): cannot write: \(reason)"
        }
    }
}
