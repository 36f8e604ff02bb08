/// The on-disk layout of a dataset, defined once. See docs/dataset.md.
///
///     data/<name>/
///       dataset.json               the manifest: settings, episodes and their split, counts, shards
///       train-00000.safetensors    samples of the training episodes, in episode then time order
///       val-00000.safetensors      samples of the validation episodes
///       contact-sheet.png          written by `mimic dataset show`
public enum ShardLayout {
    public static let formatName = "mimic-dataset"
    public static let formatVersion = 1
    public static let manifestFile = "dataset.json"
    public static let contactSheetFile = "contact-sheet.png"

    /// "train-00003.safetensors"
    public static func shardFile(split: Split, index: Int) -> String {
        let digits = String(index)
        return split.rawValue + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".safetensors"
    }

    /// Tensor names in a shard. N samples, K history slots, H×W model images.
    public enum Tensor {
        // Model inputs, named as `mimic model forward` reads them.
        /// uint8 [N, H, W, 3]: the observation, RGB, rows top first.
        public static let frames = "frames"
        /// int32 [N, K]: the previous K actions, oldest first; slots before the episode's start are
        /// type 0 (wait), bins 0, key 0.
        public static let histType = "hist_type"
        /// int32 [N, K]: history pointer bins ⌊x · bins⌋ (0 for actions without a position).
        public static let histX = "hist_x"
        public static let histY = "hist_y"
        /// int32 [N, K]: history key indices (0 unless the action is a key).
        public static let histKey = "hist_key"

        // Targets.
        /// int32 [N]: ActionType id.
        public static let type = "type"
        /// float32 [N]: pointer position normalized to the model image, [0, 1) (0 without a position).
        public static let x = "x"
        public static let y = "y"
        /// int32 [N]: KeyVocabulary index (0 unless type is key).
        public static let key = "key"
        /// float32 [N, 4]: modifiers ctrl, shift, alt, super as 0/1.
        public static let mods = "mods"

        // Where each sample came from.
        /// int32 [N]: index into the manifest's (and metadata's) episode list.
        public static let episode = "episode"
        /// float64 [N]: the action's first event, ms since the episode's start.
        public static let time = "time"
        /// int32 [N]: the observation's frame index ("i" in frames.jsonl).
        public static let frameIndex = "frame_index"
        /// float64 [N]: when the observation's grab began, ms since the episode's start.
        public static let frameTime = "frame_time"
        /// float32 [N]: pointer position normalized to the whole screen, (px + 0.5) / width.
        public static let screenX = "screen_x"
        public static let screenY = "screen_y"
        /// float32 [N]: where the gesture began, normalized to the model image (a drag's press for
        /// mouse_up, the pointer before the motion for move; equal to x, y otherwise).
        public static let startX = "start_x"
        public static let startY = "start_y"

        /// Every tensor, in the order they are written.
        public static let all = [frames, histType, histX, histY, histKey, type, x, y, key, mods,
                                 episode, time, frameIndex, frameTime, screenX, screenY, startX, startY]
    }

    /// String metadata keys in every shard (values are plain strings or JSON text).
    public enum Metadata {
        public static let format = "format"                     // "mimic-dataset"
        public static let formatVersion = "format_version"      // "1"
        public static let split = "split"                       // "train" | "val"
        public static let shardIndex = "shard_index"
        public static let samples = "samples"
        public static let imageWidth = "image_width"
        public static let imageHeight = "image_height"
        public static let preprocessing = "preprocessing"       // JSON: size, fit, crop
        public static let history = "history"                   // K
        public static let bins = "bins"                         // history bins per axis
        public static let actionTypes = "action_types"          // JSON array, index = type id
        public static let keyVocabulary = "key_vocabulary"      // JSON array, index = key id
        public static let modifiers = "modifiers"               // JSON array: ctrl, shift, alt, super
        public static let episodes = "episodes"                 // JSON array of episode paths, index = episode id
        public static let counts = "counts"                     // JSON object: samples by action type in this shard
        public static let segmentation = "segmentation"         // JSON: the rules' thresholds
    }
}

/// Train or validation. Episodes, not samples, are split.
public enum Split: String, Sendable, Codable, CaseIterable {
    case train
    case val
}
