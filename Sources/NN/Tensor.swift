import Foundation

/// One 64-byte aligned, zero-filled block of float32s. Every `Tensor` is a view into one of these;
/// the block is freed when the last view goes away.
public final class TensorStorage: @unchecked Sendable {
    package let base: UnsafeMutablePointer<Float>
    public let count: Int

    public init(count: Int) {
        precondition(count >= 0, "TensorStorage: negative count \(count)")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        memset(raw, 0, max(count, 1) * 4)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}

/// A float32 tensor: a shape over contiguous, row-major memory owned by a `TensorStorage`.
/// Copies of a `Tensor` are views of the same memory (like an `UnsafeMutableBufferPointer` that keeps its
/// memory alive): writing through one is seen through all.
public struct Tensor: @unchecked Sendable, CustomStringConvertible {
    public let shape: [Int]
    public let count: Int
    package let data: UnsafeMutablePointer<Float>
    let storage: TensorStorage

    /// A new tensor of zeros.
    public init(zeros shape: [Int]) {
        let count = shape.reduce(1, *)
        let storage = TensorStorage(count: count)
        self.init(storage: storage, offset: 0, shape: shape)
    }

    /// A new tensor holding `values` (row-major).
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count,
                     "Tensor: \(values.count) values do not fill shape \(shape)")
        self.init(zeros: shape)
        copy(from: values)
    }

    init(storage: TensorStorage, offset: Int, shape: [Int]) {
        let count = shape.reduce(1, *)
        precondition(shape.allSatisfy { $0 >= 0 } && offset >= 0 && offset + count <= storage.count,
                     "Tensor: shape \(shape) at offset \(offset) does not fit a storage of \(storage.count)")
        self.storage = storage
        self.shape = shape
        self.count = count
        self.data = storage.base + offset
    }

    public var description: String { "Tensor\(shape)" }

    /// Element `i` of the flattened tensor.
    public subscript(i: Int) -> Float {
        get {
            precondition(i >= 0 && i < count, "Tensor index \(i) out of range 0..<\(count)")
            return data[i]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "Tensor index \(i) out of range 0..<\(count)")
            data[i] = newValue
        }
    }

    /// A copy of the elements, row-major.
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    public func copy(from values: [Float]) {
        precondition(values.count == count, "Tensor.copy: \(values.count) values for \(count) elements")
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }

    public func copy(from other: Tensor) {
        precondition(other.count == count, "Tensor.copy: \(other.shape) into \(shape)")
        data.update(from: other.data, count: count)
    }

    public func fill(_ value: Float) {
        if value == 0 {
            memset(data, 0, count * 4)
        } else {
            data.update(repeating: value, count: count)
        }
    }

    public func zero() { fill(0) }

    /// The same memory seen with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "Tensor.reshaped: \(shape) cannot become \(newShape)")
        return Tensor(storage: storage, offset: data - storage.base, shape: newShape)
    }

    /// Rows `range` of the first dimension, as a view.
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(!shape.isEmpty && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "Tensor.rows: \(range) out of \(shape)")
        let rowSize = shape.dropFirst().reduce(1, *)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(storage: storage, offset: data - storage.base + range.lowerBound * rowSize, shape: newShape)
    }

    /// The largest absolute difference to `other`, elementwise.
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(other.count == count, "Tensor.maxAbsDifference: \(shape) vs \(other.shape)")
        var m: Float = 0
        for i in 0..<count { m = max(m, abs(data[i] - other.data[i])) }
        return m
    }
}

/// Names and shapes laid out back to back in one allocation, each start aligned to 64 bytes.
/// Parameters, their gradients and the optimizer's moments share one layout; so do activations.
public struct ArenaLayout: Sendable, Equatable {
    public private(set) var names: [String] = []
    public private(set) var shapes: [[Int]] = []
    public private(set) var offsets: [Int] = []
    /// Floats in the allocation, padding included.
    public private(set) var totalCount = 0
    private var indexByName: [String: Int] = [:]

    public init() {}

    public mutating func add(_ name: String, _ shape: [Int]) {
        precondition(indexByName[name] == nil, "ArenaLayout: '\(name)' added twice")
        indexByName[name] = names.count
        names.append(name)
        shapes.append(shape)
        offsets.append(totalCount)
        let count = shape.reduce(1, *)
        totalCount += (count + 15) / 16 * 16
    }

    public func index(of name: String) -> Int? { indexByName[name] }

    public func shape(of name: String) -> [Int]? { indexByName[name].map { shapes[$0] } }

    /// Elements that are not padding.
    public var elementCount: Int { shapes.reduce(0) { $0 + $1.reduce(1, *) } }
}

/// One allocation holding every tensor of an `ArenaLayout`, each reachable by name.
public final class Arena: @unchecked Sendable {
    public let layout: ArenaLayout
    public let storage: TensorStorage
    public let tensors: [Tensor]

    public init(_ layout: ArenaLayout) {
        self.layout = layout
        let storage = TensorStorage(count: layout.totalCount)
        self.storage = storage
        tensors = (0..<layout.names.count).map { Tensor(storage: storage, offset: layout.offsets[$0], shape: layout.shapes[$0]) }
    }

    public subscript(name: String) -> Tensor {
        guard let i = layout.index(of: name) else { preconditionFailure("Arena: no tensor named '\(name)'") }
        return tensors[i]
    }

    /// Every float of the allocation (padding included, always zero) as one flat tensor.
    public var flat: Tensor { Tensor(storage: storage, offset: 0, shape: [layout.totalCount]) }

    public func zero() { flat.zero() }

    public func copy(from other: Arena) {
        precondition(other.layout == layout, "Arena.copy: layouts differ")
        flat.copy(from: other.flat)
    }
}
