import SafeTensors

/// Tensors in and out of safetensors files (the format itself lives in the SafeTensors module, which NN
/// re-exports: `import NN` is enough to read and write any .safetensors file).
extension SafeTensorsFile {
    /// Adds (or replaces) `name` as F32 with the tensor's shape and values.
    public mutating func add(_ name: String, _ tensor: Tensor) {
        add(name, dtype: .f32, shape: tensor.shape,
            bytes: Array(UnsafeRawBufferPointer(start: tensor.data, count: tensor.count * 4)))
    }

    /// Copies the F32 tensor `name`, which must have exactly `tensor`'s shape, into `tensor`.
    public func read(_ name: String, into tensor: Tensor) throws(NNError) {
        guard let e = entry(name) else { throw .file(.missingTensor(name: name, file: source)) }
        guard e.dtype == .f32, e.shape == tensor.shape else {
            throw .tensorMismatch(file: source, tensor: name, expected: "F32 \(tensor.shape)", found: "\(e.dtype.rawValue) \(e.shape)")
        }
        e.bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(tensor.data).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
        }
    }

    /// The F32 tensor `name` as a new `Tensor`.
    public func tensor(_ name: String) throws(NNError) -> Tensor {
        let values: [Float]
        do { values = try floats(name) } catch { throw .file(error) }
        return Tensor(shape: try! shape(name), values: values)
    }
}
