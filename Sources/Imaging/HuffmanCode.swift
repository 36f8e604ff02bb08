/// Canonical Huffman codes as deflate writes them: code lengths from symbol frequencies, limited
/// to a maximum length, and the codes those lengths define.
enum HuffmanCode {
    /// Code lengths for `frequencies` (0 for unused symbols), none longer than `maxLength`.
    /// Two or more used symbols get a complete code (Kraft sum exactly 1), as inflaters require;
    /// a single used symbol gets length 1. Optimal when no length exceeds the limit; otherwise the
    /// longest codes are shortened and shorter ones lengthened until the code fits (as miniz does),
    /// the least frequent symbols always keeping the longest codes.
    static func lengths(frequencies: [UInt32], maxLength: Int) -> [UInt8] {
        precondition((1...15).contains(maxLength), "Huffman maximum length must be 1...15, got \(maxLength)")
        var lengths = [UInt8](repeating: 0, count: frequencies.count)
        // Used symbols, rarest first (ties by symbol, so that the result is deterministic): sorted
        // as frequency << 16 | symbol.
        var keys: [UInt64] = []
        keys.reserveCapacity(frequencies.count)
        for (symbol, f) in frequencies.enumerated() where f > 0 { keys.append(UInt64(f) << 16 | UInt64(symbol)) }
        keys.sort()
        let n = keys.count
        if n == 0 { return lengths }
        if n == 1 { lengths[Int(keys[0] & 0xFFFF)] = 1; return lengths }
        precondition(n <= 1 << maxLength, "\(n) symbols cannot have codes of at most \(maxLength) bits")

        // Huffman's algorithm with two queues: leaves in order of weight, and internal nodes, which
        // are made in order of weight. Nodes 0..<n are the leaves, n..<2n-1 the internal nodes.
        var weight = [UInt64](repeating: 0, count: 2 * n - 1)
        var parent = [Int](repeating: 0, count: 2 * n - 1)
        for i in 0..<n { weight[i] = keys[i] >> 16 }
        var nextLeaf = 0, nextInternal = n
        for node in n..<(2 * n - 1) {
            for _ in 0..<2 {
                let child: Int
                if nextLeaf < n && (nextInternal >= node || weight[nextLeaf] <= weight[nextInternal]) {
                    child = nextLeaf
                    nextLeaf += 1
                } else {
                    child = nextInternal
                    nextInternal += 1
                }
                weight[node] += weight[child]
                parent[child] = node
            }
        }
        // Depths: every parent has a larger index than its children, so walk down from the root.
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }

        // How many codes of each length, with the over-long ones folded into maxLength and the code
        // then repaired: each step drops one code of maxLength (Kraft sum −1) and splits a shorter
        // code into two one bit longer (sum unchanged), until the sum is exactly 1.
        var count = [Int](repeating: 0, count: max(n, maxLength) + 1)
        for i in 0..<n { count[min(depth[i], maxLength)] += 1 }
        var kraft = 0
        for length in 1...maxLength { kraft += count[length] << (maxLength - length) }
        while kraft > 1 << maxLength {
            count[maxLength] -= 1
            for length in stride(from: maxLength - 1, through: 1, by: -1) where count[length] > 0 {
                count[length] -= 1
                count[length + 1] += 2
                break
            }
            kraft -= 1
        }
        // The rarest symbols take the longest codes.
        var next = 0
        for length in stride(from: maxLength, through: 1, by: -1) {
            for _ in 0..<count[length] {
                lengths[Int(keys[next] & 0xFFFF)] = UInt8(length)
                next += 1
            }
        }
        return lengths
    }

    /// `frequencies` with symbol 0 and then 1 given frequency 1 while fewer than two are used, so
    /// that `lengths` makes a complete code (zlib refuses an incomplete code-length code).
    static func atLeastTwoUsed(_ frequencies: [UInt32]) -> [UInt32] {
        var f = frequencies
        for symbol in 0..<2 where f.lazy.filter({ $0 > 0 }).count < 2 && f[symbol] == 0 { f[symbol] = 1 }
        return f
    }

    /// The canonical codes of `lengths` (§3.2.2), bit-reversed, because deflate packs bits from the
    /// least significant end but sends Huffman codes most significant bit first.
    static func reversedCodes(lengths: [UInt8]) -> [UInt16] {
        var count = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { count[Int(length)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + count[length - 1]) << 1
            next[length] = code
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            // Reverse all 16 bits by swapping ever larger groups, then keep the top `length`.
            var x = UInt16(truncatingIfNeeded: next[Int(length)])
            next[Int(length)] += 1
            x = (x & 0x5555) << 1 | (x >> 1) & 0x5555
            x = (x & 0x3333) << 2 | (x >> 2) & 0x3333
            x = (x & 0x0F0F) << 4 | (x >> 4) & 0x0F0F
            x = x << 8 | x >> 8
            codes[symbol] = x >> (16 - UInt16(length))
        }
        return codes
    }

    /// Optimal code lengths of at most `maxLength` bits by package-merge (Larmore and Hirschberg),
    /// plainly written: the test oracle for `lengths`. With `maxLength` at least the number of
    /// symbols − 1 it is plain Huffman. Every list holds leaves and packages (pairs of items of the
    /// previous list); a symbol's length is how often it occurs in the 2n − 2 lightest items of the last.
    static func referenceLengths(frequencies: [UInt32], maxLength: Int) -> [Int] {
        var lengths = [Int](repeating: 0, count: frequencies.count)
        let symbols = frequencies.indices.filter { frequencies[$0] > 0 }.sorted { (frequencies[$0], $0) < (frequencies[$1], $1) }
        if symbols.count == 1 { lengths[symbols[0]] = 1 }
        guard symbols.count >= 2 else { return lengths }
        // Nodes: leaves (symbol ≥ 0) and packages (two children).
        var nodes: [(weight: UInt64, symbol: Int, left: Int, right: Int)] = symbols.map { (UInt64(frequencies[$0]), $0, -1, -1) }
        let leaves = Array(nodes.indices)
        var list = leaves
        for _ in 1..<maxLength {
            var packages: [Int] = []
            for i in stride(from: 0, to: list.count - 1, by: 2) {
                nodes.append((nodes[list[i]].weight + nodes[list[i + 1]].weight, -1, list[i], list[i + 1]))
                packages.append(nodes.count - 1)
            }
            list = (leaves + packages).sorted { (nodes[$0].weight, $0) < (nodes[$1].weight, $1) }
        }
        var stack = Array(list.prefix(2 * symbols.count - 2))
        while let node = stack.popLast() {
            if nodes[node].symbol >= 0 { lengths[nodes[node].symbol] += 1 } else { stack += [nodes[node].left, nodes[node].right] }
        }
        return lengths
    }
}
