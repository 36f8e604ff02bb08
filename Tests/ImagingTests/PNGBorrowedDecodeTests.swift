import Foundation
import Imaging
import Testing
import TestSupport

@Suite("Decoding PNGs without copying the pixels")
struct PNGBorrowedDecodeTests {
    static func image(_ w: Int, _ h: Int, seed: Int) -> RGBImage {
        var image = RGBImage(width: w, height: h)
        for i in 0..<image.pixels.count { image.pixels[i] = UInt8(truncatingIfNeeded: i * 7 + seed * 13) }
        return image
    }

    @Test("lends the same pixels PNG.decode returns, from bytes or from files with a reused buffer")
    func samePixels() throws {
        let folder = TemporaryFolder()
        let images = [Self.image(31, 17, seed: 1), Self.image(200, 90, seed: 2), Self.image(3, 2, seed: 3)]
        var buffer: [UInt8] = []
        for (n, image) in images.enumerated() {
            let bytes = try PNG.encode(image, level: 6, filter: .adaptive)
            let fromBytes = try PNG.withDecoded(bytes) { w, h, p in RGBImage(width: w, height: h, pixels: Array(p)) }
            #expect(fromBytes == image)
            let path = folder.file("\(n).png")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let fromFile = try PNG.withDecoded(path: path, reusing: &buffer) { w, h, p in RGBImage(width: w, height: h, pixels: Array(p)) }
            #expect(fromFile == image)
        }
        let largest = try PNG.encode(images[1], level: 6, filter: .adaptive).count
        #expect(buffer.count >= largest)
    }

    @Test("a missing or broken file is an error naming it")
    func errors() throws {
        let folder = TemporaryFolder()
        #expect(throws: ImagingError.unreadableFile(path: folder.file("none.png"), reason: "No such file or directory")) {
            try PNG.withDecoded(path: folder.file("none.png")) { _, _, _ in }
        }
        var bytes = try PNG.encode(Self.image(40, 40, seed: 4))
        bytes.removeLast(bytes.count / 2)
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("cut.png")))
        do throws(ImagingError) {
            try PNG.withDecoded(path: folder.file("cut.png")) { _, _, _ in }
            Issue.record("a truncated PNG was decoded")
        } catch {
            guard case .pngDecodeFailed(let file, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == folder.file("cut.png"))
        }
    }
}
