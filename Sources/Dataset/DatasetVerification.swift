extension DatasetManifest {
    /// Opens every shard of the dataset in `folder` and checks it against this manifest: its sample
    /// count, image size and history, and each split's samples per action type.
    public func verifyShards(folder: String) throws(DatasetError) {
        for split in splits {
            var byType: [String: Int] = [:]
            for record in split.shards {
                let path = folder + "/" + record.file
                let shard = try Shard.read(path: path)
                guard shard.count == record.samples else {
                    throw .manifestMismatch(path: path, detail: "holds \(shard.count) samples, dataset.json says \(record.samples)")
                }
                guard shard.imageWidth == preprocessing.size.width, shard.imageHeight == preprocessing.size.height,
                      shard.history == history else {
                    throw .manifestMismatch(path: path, detail: "images \(shard.imageWidth)x\(shard.imageHeight), history \(shard.history); dataset.json says \(preprocessing.size), history \(history)")
                }
                byType.merge(shard.countsByType, uniquingKeysWith: +)
            }
            for (type, count) in split.byType where (byType[type] ?? 0) != count {
                throw .manifestMismatch(path: folder, detail: "split \(split.split.rawValue) holds \(byType[type] ?? 0) \(type) samples, dataset.json says \(count)")
            }
        }
    }
}
