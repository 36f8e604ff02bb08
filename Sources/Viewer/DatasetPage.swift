import Dataset
import Foundation

/// The page of one dataset: every sample as a tile — the frame the model sees with the action it
/// must predict drawn on it — filterable by action type, split and episode. The images go into
/// PNG atlases in "<page>-files/" beside the page, loaded only when their tiles scroll into view.
struct DatasetPage: PageRenderer {
    func render(source: String, page: PageLocation) throws(ViewerError) -> HTMLDocument {
        let manifest: DatasetManifest
        do {
            manifest = try DatasetManifest.read(folder: source)
        } catch {
            throw .unreadableDataset(path: source, reason: error.description)
        }
        let folder = page.filesFolder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .writeFailed(path: folder, reason: error.localizedDescription)
        }
        SampleAtlas.removeOld(in: folder)

        let title = URL(fileURLWithPath: source).standardizedFileURL.lastPathComponent
        var data = DatasetPageData(manifest, title: title)
        for split in Split.allCases {
            var number = 0
            for record in manifest.split(split)?.shards ?? [] {
                let path = source + "/" + record.file
                let shard: Shard
                do {
                    shard = try Shard.read(path: path)
                } catch {
                    throw .unreadableDataset(path: source, reason: error.description)
                }
                let names = try SampleAtlas.write(shard, shardFile: record.file, into: folder)
                data.add(shard, split: split, firstNumber: number, firstAtlas: data.atlases.count)
                data.atlases += names.map { page.url(to: folder + "/" + $0) }
                number += shard.count
            }
        }
        return HTMLDocument(title: title + " — mimic view", style: DatasetPageScript.style, body: DatasetPageScript.body,
                            script: DatasetPageScript.script, data: try PageData.json(data))
    }
}
