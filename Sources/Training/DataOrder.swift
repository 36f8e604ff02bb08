import Primitives
import NN

/// Which samples each update trains on. The training samples are a stream of epochs, each a seeded
/// permutation of all of them; update u (1-based) takes stream positions (u−1)·B ..< u·B, so a batch may
/// straddle two epochs and every sample is seen once per epoch. Everything is a function of (seed, u):
/// a resumed run needs only the step to continue the same order.
struct DataOrder: Sendable {
    let samples: Int
    let batchSize: Int
    let seed: UInt64
    private var cached: (epoch: Int, permutation: [Int32])?

    init(samples: Int, batchSize: Int, seed: UInt64) {
        precondition(samples > 0 && batchSize > 0)
        self.samples = samples
        self.batchSize = batchSize
        self.seed = seed
    }

    /// Epoch `e`'s order: Fisher–Yates with a generator seeded by (seed, e).
    func permutation(epoch: Int) -> [Int32] {
        var order = (0..<samples).map { Int32($0) }
        var random = SeededRandom(seed: StreamSeed.derive(seed, stream: .order, index: UInt64(epoch)))
        for i in stride(from: samples - 1, to: 0, by: -1) {
            let j = Int(random.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// The sample indices of update `u` (1-based).
    mutating func indices(update u: Int) -> [Int] {
        let start = (u - 1) * batchSize
        var out: [Int] = []
        out.reserveCapacity(batchSize)
        for position in start..<(start + batchSize) {
            let epoch = position / samples
            if cached?.epoch != epoch { cached = (epoch, permutation(epoch: epoch)) }
            out.append(Int(cached!.permutation[position % samples]))
        }
        return out
    }

    /// Epochs completed after update `u`, as a fraction.
    func epoch(after u: Int) -> Double { Double(u * batchSize) / Double(samples) }
}

/// Seeds of the independent random streams of a run, derived from its one seed (splitmix64 mixing),
/// so that the data order, the augmentation and the initial weights do not share draws.
enum StreamSeed {
    enum Stream: UInt64 { case order = 1, augmentation = 2 }

    static func derive(_ seed: UInt64, stream: Stream, index: UInt64) -> UInt64 {
        mix(seed ^ mix(stream.rawValue &* 0x9E37_79B9_7F4A_7C15 ^ mix(index)))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
