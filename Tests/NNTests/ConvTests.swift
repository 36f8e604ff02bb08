import NN
import NumericChecks
import Testing

/// The convolution stem's ops: the naive convolution's backward against finite differences (double,
/// as GradientCheckTests), and the fast im2col + BLAS path and Patchify against the naive references.
@Suite("convolution and patchify")
struct ConvTests {
    /// Odd sizes, stride 2 and padding 1, so windows fall off every edge; and a stride-1 case.
    static let shapes = [
        Conv2DShape(batch: 2, height: 7, width: 6, channels: 3, outChannels: 4, kernel: 3, stride: 2, padding: 1),
        Conv2DShape(batch: 1, height: 5, width: 5, channels: 2, outChannels: 3, kernel: 3, stride: 1, padding: 1),
    ]

    @Test("conv2d naive backward matches finite differences: input, weight and bias", arguments: shapes)
    func gradient(shape s: Conv2DShape) {
        let x = randomValues(s.batch * s.height * s.width * s.channels, seed: 1)
        let w = randomValues(s.outChannels * s.windowValues, seed: 2), b = randomValues(s.outChannels, seed: 3)
        let g = randomValues(s.outPixels * s.outChannels, seed: 4)
        let analytic = Conv2D.backwardNaive(dOut: g, input: x, weight: w, shape: s)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double { dot(g, Conv2D.forwardNaive(input: x, weight: w, bias: b, shape: s)) }
        let t = GradientCheckTests.tolerance, f = GradientCheckTests.floor
        checkRelative("dInput", analytic.dInput, numericGradient(x) { loss($0, w, b) }, tolerance: t, floor: f)
        checkRelative("dWeight", analytic.dWeight, numericGradient(w) { loss(x, $0, b) }, tolerance: t, floor: f)
        checkRelative("dBias", analytic.dBias, numericGradient(b) { loss(x, w, $0) }, tolerance: t, floor: f)
    }

    @Test("conv2d naive forward: a hand-computed 1-channel example")
    func handExample() {
        // 3x3 image 1..9, one 3x3 kernel of ones, stride 2, padding 1: outputs are sums of the clipped windows.
        let s = Conv2DShape(batch: 1, height: 3, width: 3, channels: 1, outChannels: 1, kernel: 3, stride: 2, padding: 1)
        let out = Conv2D.forwardNaive(input: (1...9).map(Double.init), weight: [Double](repeating: 1, count: 9), bias: [0.5], shape: s)
        // windows centred on (0,0), (0,2), (2,0), (2,2)
        let expected: [Double] = [12.5, 16.5, 24.5, 28.5]  // 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9, each + 0.5
        #expect(out == expected)
    }

    /// Stride 2 (189 rows: split over threads), stride 1, and a 5×5 kernel whose windows hang two pixels off
    /// each edge; with 1 and 2 threads.
    @Test("conv2d fast forward and backward (adds into dInput and dWeight) match the naive reference",
          arguments: [1, 2], [Conv2DShape(batch: 3, height: 18, width: 14, channels: 5, outChannels: 7),
                              Conv2DShape(batch: 2, height: 7, width: 9, channels: 3, outChannels: 4, kernel: 3, stride: 1, padding: 1),
                              Conv2DShape(batch: 2, height: 9, width: 6, channels: 2, outChannels: 3, kernel: 5, stride: 1, padding: 2)])
    func fast(threads: Int, s: Conv2DShape) {
        NNRuntime.withThreadCount(threads) {
            let xn = s.batch * s.height * s.width * s.channels
            let x = rounded(randomValues(xn, seed: 5)), w = rounded(randomValues(s.outChannels * s.windowValues, seed: 6))
            let b = rounded(randomValues(s.outChannels, seed: 7)), g = rounded(randomValues(s.outPixels * s.outChannels, seed: 8))
            let out = Tensor(zeros: [s.batch, s.outHeight, s.outWidth, s.outChannels])
            let columns = Tensor(zeros: [s.outPixels, s.windowValues])
            let weight = Tensor([s.outChannels, s.channels, s.kernel, s.kernel], w)
            Conv2D.forward(out, columns: columns, Tensor([xn], x), weight, Tensor([s.outChannels], b), shape: s)
            checkClose("out", out.doubles, Conv2D.forwardNaive(input: x, weight: w, bias: b, shape: s), tolerance: FastOpsTests.tolerance)
            let ref = Conv2D.backwardNaive(dOut: g, input: x, weight: w, shape: s)
            let dx = Tensor([xn], [Double](repeating: 1, count: xn)), dw = Tensor(weight.shape, [Double](repeating: 1, count: weight.count)), db = Tensor(zeros: [s.outChannels])
            let dColumns = Tensor(zeros: columns.shape)
            Conv2D.backward(dInput: dx, dColumns: dColumns, dWeight: dw, dBias: db, dOut: Tensor(out.shape, g), columns: columns, weight: weight, shape: s)
            checkClose("dInput (+1)", dx.doubles, ref.dInput.map { $0 + 1 }, tolerance: FastOpsTests.tolerance)
            checkClose("dWeight (+1)", dw.doubles, ref.dWeight.map { $0 + 1 }, tolerance: FastOpsTests.tolerance)
            checkClose("dBias", db.doubles, ref.dBias, tolerance: FastOpsTests.tolerance)
        }
    }

    @Test("patchify moves every value to its patch and back", arguments: [1, 2])
    func patchify(threads: Int) {
        NNRuntime.withThreadCount(threads) {
            let (b, h, w, c, q) = (2, 8, 12, 3, 4)
            let n = b * h * w * c
            let x = (0..<n).map(Double.init)
            let out = Tensor(zeros: [b * (h / q) * (w / q), q * q * c])
            Patchify.forward(out, Tensor([n], x), batch: b, height: h, width: w, channels: c, patch: q)
            let source = Patchify.sourceIndices(batch: b, height: h, width: w, channels: c, patch: q)
            #expect(Set(source).count == n)
            #expect(out.doubles == source.map(Double.init))
            let g = randomValues(n, seed: 9)
            let dx = Tensor([n], [Double](repeating: 0.5, count: n))
            Patchify.backward(dInput: dx, dOut: Tensor(out.shape, g), batch: b, height: h, width: w, channels: c, patch: q)
            var expected = [Double](repeating: 0.5, count: n)
            for (i, s) in source.enumerated() { expected[s] += Double(Float(g[i])) }
            checkClose("dInput", dx.doubles, expected, tolerance: 1e-7)
        }
    }
}
