import Primitives

/// Seeded initializers.
public enum Initializer {
    /// Fills `tensor` with N(0, std²) draws, element by element in order.
    public static func normal(_ tensor: Tensor, std: Float, random: inout SeededRandom) {
        for i in 0..<tensor.count { tensor.data[i] = Float(random.normal() * Double(std)) }
    }
}
