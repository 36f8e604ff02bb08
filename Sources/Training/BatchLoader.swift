import Primitives
import Dataset
import Foundation
import NN
import Policy

/// Builds the model's batches from a sample store: gathers frames, history and targets by index, and
/// (for training) shifts each frame at random, as `ShiftAugmentation` says.
struct BatchAssembler: Sendable {
    let store: SampleStore
    let config: PolicyConfig
    let augmentation: ShiftAugmentation?
    let seed: UInt64

    init(store: SampleStore, config: PolicyConfig, maxShift: Int, seed: UInt64) {
        self.store = store
        self.config = config
        self.seed = seed
        augmentation = maxShift > 0
            ? ShiftAugmentation(maxShift: maxShift, width: config.imageWidth, height: config.imageHeight, bins: config.positionBins)
            : nil
    }

    /// The batch of `indices`; with `update`, augmented with that update's random stream.
    func batch(_ indices: [Int], update: Int? = nil) -> PolicyBatch {
        let b = indices.count, k = store.history, frameBytes = store.frameBytes
        var random = SeededRandom(seed: StreamSeed.derive(seed, stream: .augmentation, index: UInt64(update ?? 0)))
        var shifts = [ShiftAugmentation.Shift](repeating: .init(), count: b)
        var type = [Int32](), x = [Float](), y = [Float](), key = [Int32](), mods = [Float]()
        var ht = [Int32](), hx = [Int32](), hy = [Int32](), hk = [Int32]()
        type.reserveCapacity(b); x.reserveCapacity(b); y.reserveCapacity(b); key.reserveCapacity(b); mods.reserveCapacity(4 * b)
        ht.reserveCapacity(b * k); hx.reserveCapacity(b * k); hy.reserveCapacity(b * k); hk.reserveCapacity(b * k)
        for (j, i) in indices.enumerated() {
            let t = store.type[i]
            let positional = ActionType(rawValue: t)?.hasPosition ?? false
            if let augmentation, update != nil {
                shifts[j] = augmentation.draw(&random, x: store.x[i], y: store.y[i], positional: positional)
            }
            let s = shifts[j]
            type.append(t)
            x.append(positional ? ShiftAugmentation.moved(store.x[i], by: s.dx, size: config.imageWidth) : store.x[i])
            y.append(positional ? ShiftAugmentation.moved(store.y[i], by: s.dy, size: config.imageHeight) : store.y[i])
            key.append(store.key[i])
            mods.append(contentsOf: store.mods[(4 * i)..<(4 * i + 4)])
            for slot in (i * k)..<((i + 1) * k) {
                let historyType = store.histType[slot]
                ht.append(historyType); hk.append(store.histKey[slot])
                if let augmentation, ActionType(rawValue: historyType)?.hasPosition == true {
                    hx.append(augmentation.movedBin(store.histX[slot], by: s.dx, size: config.imageWidth))
                    hy.append(augmentation.movedBin(store.histY[slot], by: s.dy, size: config.imageHeight))
                } else {
                    hx.append(store.histX[slot]); hy.append(store.histY[slot])
                }
            }
        }
        let frames = [UInt8](unsafeUninitializedCapacity: b * frameBytes) { buffer, initialized in
            store.frames.withUnsafeBufferPointer { source in
                for (j, i) in indices.enumerated() {
                    let src = source.baseAddress! + i * frameBytes, dst = buffer.baseAddress! + j * frameBytes
                    if let augmentation, shifts[j] != .init() {
                        augmentation.copy(src, to: dst, shift: shifts[j])
                    } else {
                        dst.update(from: src, count: frameBytes)
                    }
                }
            }
            initialized = b * frameBytes
        }
        return PolicyBatch(size: b, frames: frames, historyType: ht, historyX: hx, historyY: hy, historyKey: hk,
                           targets: PolicyTargets(type: type, x: x, y: y, key: key, modifiers: mods))
    }
}

/// Prepares the batches of the coming updates on a thread of its own, so that the model's GEMMs never
/// wait for data. Batches are built in update order into a bounded queue (`capacity` batches ahead);
/// `next()` takes them in the same order. What each batch holds depends only on the run's seed and the
/// update number, never on timing.
final class BatchLoader: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(update: Int, batch: PolicyBatch, seconds: Double)] = []
    private var stopping = false
    private var finished = false
    private let capacity: Int
    private(set) var nextUpdate: Int

    /// Starts preparing update `firstUpdate` (1-based) and the ones after it.
    init(assembler: BatchAssembler, order: DataOrder, firstUpdate: Int, capacity: Int = 3) {
        self.capacity = capacity
        nextUpdate = firstUpdate
        let thread = Thread { [self] in
            var order = order
            var update = firstUpdate
            while true {
                let started = DispatchTime.now().uptimeNanoseconds
                let batch = assembler.batch(order.indices(update: update), update: update)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                condition.lock()
                while queue.count >= capacity && !stopping { condition.wait() }
                if stopping {
                    finished = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                queue.append((update, batch, seconds))
                condition.broadcast()
                condition.unlock()
                update += 1
            }
        }
        thread.name = "mimic-batch-loader"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The batch of the next update, the seconds spent waiting for it, and the seconds the loader thread
    /// took to build it.
    func next() -> (batch: PolicyBatch, waited: Double, prepared: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        condition.lock()
        while queue.isEmpty { condition.wait() }
        let (update, batch, prepared) = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        precondition(update == nextUpdate, "batch loader out of order: \(update) vs \(nextUpdate)")
        nextUpdate += 1
        return (batch, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, prepared)
    }

    /// Stops the thread (after the batch it is building) and waits for it. Must be called: the thread
    /// holds the loader until then.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
