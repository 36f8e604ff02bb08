/// A 2-D convolution over channels-last images, PyTorch weight layout (O, C, k, k), zero padding.
///
/// Legend: B batch, H×W input pixels, C input channels, Ho×Wo output pixels, O output channels,
/// K = C·k·k values in one window. Computed as im2col + one GEMM: `columns` (B·Ho·Wo, K) holds each
/// output pixel's window in the weight's order (c, ky, kx), and out (B·Ho·Wo, O) = columns · weightᵀ + bias,
/// which is `Linear`. Backward is Linear's backward, then col2im adds each column back onto its pixels.
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
                       weight.reshaped([s.outChannels, s.windowValues]), bias, finish: finish)
    }

    /// dInput (B, H, W, C) += the gradient through the windows (when given), dWeight (O, C, k, k) += …,
    /// dBias (O) += Σ dOut. `dColumns` (B·Ho·Wo, K) is scratch; `columns` is what forward filled.
    public static func backward(
        dInput: Tensor?, dColumns: Tensor?, dWeight: Tensor, dBias: Tensor?,
        dOut: Tensor, columns: Tensor, weight: Tensor, shape s: Conv2DShape
    ) {
        let rowsShape = [s.outPixels, s.windowValues]
        Linear.backward(dInput: dInput == nil ? nil : dColumns!.reshaped(rowsShape), dWeight: dWeight.reshaped([s.outChannels, s.windowValues]),
                        dBias: dBias, dOut: dOut.reshaped([s.outPixels, s.outChannels]), input: columns.reshaped(rowsShape),
                        weight: weight.reshaped([s.outChannels, s.windowValues]), overwriteInputGradient: true)
        if let dInput {
            precondition(dInput.count == s.batch * s.height * s.width * s.channels, "Conv2D.backward: dInput \(dInput.shape) for \(s)")
            col2im(dInput, dColumns!, s)
        }
    }

    /// columns (B·Ho·Wo, K) = the window of every output pixel, order (c, ky, kx); zeros outside the image.
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
                for ky in 0..<k {
                    let iy = oy * s.stride + ky - s.padding
                    for kx in 0..<k {
                        let ix = ox * s.stride + kx - s.padding
                        let inside = iy >= 0 && iy < s.height && ix >= 0 && ix < s.width
                        let pixel = image + (iy * s.width + ix) * c
                        for ch in 0..<c { row[(ch * k + ky) * k + kx] = inside ? pixel[ch] : 0 }
                    }
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
                    for ky in 0..<k {
                        let iy = oy * s.stride + ky - s.padding
                        if iy < 0 || iy >= s.height { continue }
                        for kx in 0..<k {
                            let ix = ox * s.stride + kx - s.padding
                            if ix < 0 || ix >= s.width { continue }
                            let pixel = image + (iy * s.width + ix) * c
                            for ch in 0..<c { pixel[ch] += row[(ch * k + ky) * k + kx] }
                        }
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
