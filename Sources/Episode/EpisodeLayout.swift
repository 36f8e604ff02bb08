/// The on-disk layout of an episode, defined once. See docs/episode-format.md.
public enum EpisodeLayout {
    public static let formatVersion = 1
    public static let metadataFile = "episode.json"
    public static let eventsFile = "events.jsonl"
    public static let framesFile = "frames.jsonl"
    /// Optional, agent runs of a model only: one predicted pointer distribution per decision.
    public static let predictionsFile = "predictions.jsonl"
    public static let framesFolder = "frames"
    /// Suffix of files being written; a file with it was torn by a crash and is ignored.
    public static let temporarySuffix = ".tmp"
    /// Owner-only permissions: episodes hold keystrokes.
    public static let folderMode: UInt32 = 0o700
    public static let fileMode: UInt32 = 0o600

    /// "frames/000042.png", relative to the episode folder.
    public static func frameFile(index: Int) -> String {
        let digits = String(index)
        return framesFolder + "/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".png"
    }
}
