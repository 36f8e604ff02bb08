/// A 2-D convolution over channels-last images, PyTorch weight layout (O, C, k, k), zero padding.
///
/// Legend: B batch, H×W input pixels, C input channels, Ho×Wo output pixels, O output channels,
/// K = C·k·k values in one window. Computed as im2col + one GEMM: `columns` (B·Ho·Wo, K) holds each
/// output pixel's window in the image's own order (ky, kx, c), so that a window row is a few contiguous
/// copies of the channels-last input; the weight is permuted to that order (O, k, k, C) for the GEMM (it is
/// small), and out (B·Ho·Wo, O) = columns · weightᵀ + bias, which is `Linear`. Backward is Linear's
/// backward, then col2im adds each column back onto its pixels and the weight gradient is permuted back.
public struct Conv2DShape: Sendable, Equatable {
    public var batch: Int, height: Int, width: Int, channels: Int
    public var outChannels: Int, kernel: Int, stride: Int, padding: Int

    public init(batch: Int, height: Int, width: Int, channels: Int, outChannels: Int, kernel: Int = 3, stride: Int = 2, padding: Int = 1) {
        self.batch = batch; self.height = height; self.width = width; self.channels = channels
        self.outChannels = outChannels; self.kernel = kernel; self.stride = stride; self.padding = padding
    }

    public var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Values in one window, K = C·k·k.
    public var windowValues: Int { channels * kernel * kernel }
    /// Output pixels of the whole batch, B·Ho·Wo (the rows of the GEMM).
    public var outPixels: Int { batch * outHeight * outWidth }
}

public enum Conv2D {
    /// out (B, Ho, Wo, O) = conv(input (B, H, W, C), weight (O, C, k, k)) + bias (O).
    /// `columns` (B·Ho·Wo, K) is filled with the windows (kept for backward). `finish(rows)` runs on rows of
    /// `out` (output pixels) just computed, while they are in cache (for an activation).
    public static func forward(
        _ out: Tensor, columns: Tensor, _ input: Tensor, _ weight: Tensor, _ bias: Tensor?, shape s: Conv2DShape,
        finish: ((Range<Int>) -> Void)? = nil
    ) {
        precondition(input.count == s.batch * s.height * s.width * s.channels, "Conv2D.forward: input \(input.shape) for \(s)")
        precondition(weight.count == s.outChannels * s.windowValues, "Conv2D.forward: weight \(weight.shape) for \(s)")
        precondition(columns.count == s.outPixels * s.windowValues, "Conv2D.forward: columns \(columns.shape) for \(s)")
        im2col(columns, input, s)
        Linear.forward(out.reshaped([s.outPixels, s.outChannels]), columns.reshaped([s.outPixels, s.windowValues]),
                       windowOrdered(weight, s), bias, finish: finish)
    }

    /// dInput (B, H, W, C) += the gradient through the windows (when given), dWeight (O, C, k, k) += …,
    /// dBias (O) += Σ dOut. `dColumns` (B·Ho·Wo, K) is scratch; `columns` is what forward filled.
    public static func backward(
        dInput: Tensor?, dColumns: Tensor?, dWeight: Tensor, dBias: Tensor?,
        dOut: Tensor, columns: Tensor, weight: Tensor, shape s: Conv2DShape
    ) {
        let rowsShape = [s.outPixels, s.windowValues]
        let dOrdered = Tensor(zeros: [s.outChannels, s.windowValues])
        Linear.backward(dInput: dInput == nil ? nil : dColumns!.reshaped(rowsShape), dWeight: dOrdered, dBias: dBias,
                        dOut: dOut.reshaped([s.outPixels, s.outChannels]), input: columns.reshaped(rowsShape),
                        weight: windowOrdered(weight, s), overwriteInputGradient: true)
        addPyTorchOrdered(dWeight, dOrdered, s)
        if let dInput {
            precondition(dInput.count == s.batch * s.height * s.width * s.channels, "Conv2D.backward: dInput \(dInput.shape) for \(s)")
            col2im(dInput, dColumns!, s)
        }
    }

    /// The weight (O, C, k, k) as (O, K) in the columns' order (ky, kx, c).
    static func windowOrdered(_ weight: Tensor, _ s: Conv2DShape) -> Tensor {
        let out = Tensor(zeros: [s.outChannels, s.windowValues])
        let src = weight.data, dst = out.data
        forEachWeight(s) { pytorch, window in dst[window] = src[pytorch] }
        return out
    }

    /// dWeight (O, C, k, k) += dOrdered (O, K) in the columns' order (ky, kx, c).
    static func addPyTorchOrdered(_ dWeight: Tensor, _ dOrdered: Tensor, _ s: Conv2DShape) {
        let src = dOrdered.data, dst = dWeight.data
        forEachWeight(s) { pytorch, window in dst[pytorch] += src[window] }
    }

    /// Calls `body(pytorch, window)` with each kernel value's index in the (O, C, k, k) layout and in the
    /// columns' (O, k, k, C) layout.
    @inline(__always)
    private static func forEachWeight(_ s: Conv2DShape, _ body: (Int, Int) -> Void) {
        let k = s.kernel, c = s.channels
        for o in 0..<s.outChannels {
            let base = o * s.windowValues
            for ch in 0..<c {
                for tap in 0..<(k * k) { body(base + ch * k * k + tap, base + tap * c + ch) }
            }
        }
    }

    /// The columns kx0..<kx1 of window row ky that fall inside the image, for output column ox (as kx values).
    @inline(__always)
    private static func insideColumns(ox: Int, _ s: Conv2DShape) -> Range<Int> {
        let first = ox * s.stride - s.padding
        return max(0, -first)..<min(s.kernel, s.width - first)
    }

    /// columns (B·Ho·Wo, K) = the window of every output pixel, order (ky, kx, c); zeros outside the image.
    /// Each window row is one contiguous run of the channels-last input.
    static func im2col(_ columns: Tensor, _ input: Tensor, _ s: Conv2DShape) {
        let profile = Profiler.start()
        defer { Profiler.stop("conv.im2col", profile) }
        let x = input.data, col = columns.data
        let k = s.kernel, kv = s.windowValues, c = s.channels, ho = s.outHeight, wo = s.outWidth
        NNRuntime.parallelFor(s.batch * ho) { by in
            let b = by / ho, oy = by % ho
            let image = x + b * s.height * s.width * c
            for ox in 0..<wo {
                let row = col + (by * wo + ox) * kv
                let inside = insideColumns(ox: ox, s)
                let left = ox * s.stride - s.padding
                for ky in 0..<k {
                    let iy = oy * s.stride + ky - s.padding
                    let dst = row + ky * k * c
                    guard iy >= 0 && iy < s.height, !inside.isEmpty else {
                        dst.update(repeating: 0, count: k * c)
                        continue
                    }
                    if inside.lowerBound > 0 { dst.update(repeating: 0, count: inside.lowerBound * c) }
                    (dst + inside.lowerBound * c).update(from: image + (iy * s.width + left + inside.lowerBound) * c, count: inside.count * c)
                    if inside.upperBound < k { (dst + inside.upperBound * c).update(repeating: 0, count: (k - inside.upperBound) * c) }
                }
            }
        }
    }

    /// dInput (B, H, W, C) += each window of dColumns (B·Ho·Wo, K) added back onto its pixels. Split over
    /// threads by image, so no two threads write the same pixel; within an image the order is fixed.
    static func col2im(_ dInput: Tensor, _ dColumns: Tensor, _ s: Conv2DShape) {
        let profile = Profiler.start()
        defer { Profiler.stop("conv.col2im", profile) }
        let dx = dInput.data, col = dColumns.data
        let k = s.kernel, kv = s.windowValues, c = s.channels, ho = s.outHeight, wo = s.outWidth
        NNRuntime.parallelFor(s.batch) { b in
            let image = dx + b * s.height * s.width * c
            for oy in 0..<ho {
                for ox in 0..<wo {
                    let row = col + ((b * ho + oy) * wo + ox) * kv
                    let inside = insideColumns(ox: ox, s)
                    let left = ox * s.stride - s.padding
                    for ky in 0..<k {
                        let iy = oy * s.stride + ky - s.padding
                        if iy < 0 || iy >= s.height || inside.isEmpty { continue }
                        let src = row + (ky * k + inside.lowerBound) * c
                        let dst = image + (iy * s.width + left + inside.lowerBound) * c
                        for i in 0..<(inside.count * c) { dst[i] += src[i] }
                    }
                }
            }
        }
    }

    // MARK: - Naive reference

    /// out (B, Ho, Wo, O), by the definition: a sum over the window for each output value.
    public static func forwardNaive<T: BinaryFloatingPoint>(input: [T], weight: [T], bias: [T]?, shape s: Conv2DShape) -> [T] {
        var out = [T](repeating: 0, count: s.outPixels * s.outChannels)
        let k = s.kernel
        for b in 0..<s.batch {
            for oy in 0..<s.outHeight {
                for ox in 0..<s.outWidth {
                    for o in 0..<s.outChannels {
                        var sum: T = bias?[o] ?? 0
                        for ch in 0..<s.channels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s.stride + ky - s.padding, ix = ox * s.stride + kx - s.padding
                                    if iy < 0 || iy >= s.height || ix < 0 || ix >= s.width { continue }
                                    sum += input[((b * s.height + iy) * s.width + ix) * s.channels + ch] * weight[((o * s.channels + ch) * k + ky) * k + kx]
                                }
                            }
                        }
                        out[((b * s.outHeight + oy) * s.outWidth + ox) * s.outChannels + o] = sum
                    }
                }
            }
        }
        return out
    }

    /// The gradients of `forwardNaive` for an upstream gradient dOut (B, Ho, Wo, O).
    public static func backwardNaive<T: BinaryFloatingPoint>(
        dOut: [T], input: [T], weight: [T], shape s: Conv2DShape
    ) -> (dInput: [T], dWeight: [T], dBias: [T]) {
        var dInput = [T](repeating: 0, count: input.count)
        var dWeight = [T](repeating: 0, count: weight.count)
        var dBias = [T](repeating: 0, count: s.outChannels)
        let k = s.kernel
        for b in 0..<s.batch {
            for oy in 0..<s.outHeight {
                for ox in 0..<s.outWidth {
                    for o in 0..<s.outChannels {
                        let g = dOut[((b * s.outHeight + oy) * s.outWidth + ox) * s.outChannels + o]
                        dBias[o] += g
                        for ch in 0..<s.channels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s.stride + ky - s.padding, ix = ox * s.stride + kx - s.padding
                                    if iy < 0 || iy >= s.height || ix < 0 || ix >= s.width { continue }
                                    let xi = ((b * s.height + iy) * s.width + ix) * s.channels + ch
                                    let wi = ((o * s.channels + ch) * k + ky) * k + kx
                                    dInput[xi] += g * weight[wi]
                                    dWeight[wi] += g * input[xi]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dInput, dWeight, dBias)
    }
}
