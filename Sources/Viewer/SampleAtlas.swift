import Dataset
import Foundation
import Imaging

/// A dataset's sample images packed into PNG sheets beside the page, `perAtlas` samples each in a
/// grid `columns` wide, so that the page loads a few files for the tiles in view rather than
/// thousands (or one huge page with every image inside).
struct SampleAtlas {
    static let columns = 8
    static let perAtlas = 64

    /// Where sample `slot` of an atlas sits, in samples (multiply by the image size for pixels).
    static func position(slot: Int) -> (column: Int, row: Int) { (slot % columns, slot / columns) }

    /// "train-00000-003.png": chunk 3 of the first training shard.
    static func fileName(shardFile: String, chunk: Int) -> String {
        let stem = shardFile.hasSuffix(".safetensors") ? String(shardFile.dropLast(12)) : shardFile
        let digits = String(chunk)
        return stem + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + ".png"
    }

    /// Writes the atlases of one shard into `folder` (in parallel); returns their file names in order.
    static func write(_ shard: Shard, shardFile: String, into folder: String) throws(ViewerError) -> [String] {
        let chunks = (shard.count + perAtlas - 1) / perAtlas
        let names = (0..<chunks).map { fileName(shardFile: shardFile, chunk: $0) }
        let failures = FailureList()
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let first = chunk * perAtlas, count = min(perAtlas, shard.count - first)
            let rows = (count + columns - 1) / columns
            let width = columns * shard.imageWidth, height = rows * shard.imageHeight
            var sheet = RGBImage(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 3))
            for slot in 0..<count {
                let (column, row) = position(slot: slot)
                sheet.draw(shard.frame(first + slot), x: column * shard.imageWidth, y: row * shard.imageHeight)
            }
            let path = folder + "/" + names[chunk]
            do {
                try PageLocation.writeFile(PNG.encode(sheet, level: 3, filter: .adaptive), to: path)
            } catch let error as ViewerError {
                failures.add(error)
            } catch {
                failures.add(.writeFailed(path: path, reason: "\(error)"))
            }
        }
        if let failure = failures.first { throw failure }
        return names
    }

    /// Removes atlases a previous run left in `folder` (only files named like ours).
    static func removeOld(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasSuffix(".png") && (name.hasPrefix("train-") || name.hasPrefix("val-")) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}

private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [ViewerError] = []
    func add(_ error: ViewerError) { lock.lock(); errors.append(error); lock.unlock() }
    var first: ViewerError? { lock.lock(); defer { lock.unlock() }; return errors.first }
}
