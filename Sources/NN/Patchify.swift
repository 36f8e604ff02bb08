/// Cuts channels-last images into square patches, one row per patch: a rearrangement, so backward is
/// the inverse rearrangement.
///
/// Legend: B batch, H×W pixels, C channels, q patch side, N = (H/q)·(W/q) patches per image,
/// P = q·q·C values per patch (row by row, channels last). Patch n is patch row n / (W/q), column n % (W/q).
public enum Patchify {
    /// out (B·N, P) = the patches of input (B, H, W, C).
    public static func forward(_ out: Tensor, _ input: Tensor, batch: Int, height: Int, width: Int, channels: Int, patch q: Int) {
        precondition(height % q == 0 && width % q == 0, "Patchify: patch \(q) does not divide \(width)x\(height)")
        precondition(input.count == batch * height * width * channels && out.count == input.count,
                     "Patchify.forward: out \(out.shape), input \(input.shape) for \(batch)x\(height)x\(width)x\(channels)")
        let x = input.data, o = out.data
        visit(batch: batch, height: height, width: width, channels: channels, patch: q) { image, patch in
            (o + patch).update(from: x + image, count: q * channels)
        }
    }

    /// dInput (B, H, W, C) += dOut (B·N, P) put back in place.
    public static func backward(dInput: Tensor, dOut: Tensor, batch: Int, height: Int, width: Int, channels: Int, patch q: Int) {
        precondition(dInput.count == batch * height * width * channels && dOut.count == dInput.count,
                     "Patchify.backward: dInput \(dInput.shape), dOut \(dOut.shape) for \(batch)x\(height)x\(width)x\(channels)")
        let dx = dInput.data, g = dOut.data
        visit(batch: batch, height: height, width: width, channels: channels, patch: q) { image, patch in
            let dst = dx + image, src = g + patch
            for j in 0..<(q * channels) { dst[j] += src[j] }
        }
    }

    /// Visits every row segment of every patch (q·C contiguous values on both sides):
    /// `body(offset in the image tensor, offset in the patch tensor)`; split over threads by image.
    private static func visit(batch: Int, height: Int, width: Int, channels: Int, patch q: Int, _ body: (Int, Int) -> Void) {
        let columns = width / q, n = (height / q) * columns, p = q * q * channels
        NNRuntime.parallelFor(batch) { b in
            for patch in 0..<n {
                let top = (patch / columns) * q, left = (patch % columns) * q
                for i in 0..<q {
                    body(((b * height + top + i) * width + left) * channels, (b * n + patch) * p + i * q * channels)
                }
            }
        }
    }

    // MARK: - Naive reference

    /// The index in the image tensor of every value of the patch tensor, in patch-tensor order.
    public static func sourceIndices(batch: Int, height: Int, width: Int, channels: Int, patch q: Int) -> [Int] {
        var out: [Int] = []
        let columns = width / q
        for b in 0..<batch {
            for patch in 0..<((height / q) * columns) {
                for i in 0..<q {
                    for j in 0..<q {
                        for c in 0..<channels {
                            let y = (patch / columns) * q + i, x = (patch % columns) * q + j
                            out.append(((b * height + y) * width + x) * channels + c)
                        }
                    }
                }
            }
        }
        return out
    }
}
