import Foundation

/// Writing a small file whole: its path only ever holds complete contents (a temporary file beside it,
/// then a rename over it). For the JSON and HTML files of datasets, runs, evaluations and pages.
///
/// Not `FileManager.createFile` nor `Data.write(options: .atomic)`: on Linux those stage the file in a
/// `TemporaryDirectory.*` folder under /tmp that is never removed, one per call.
public enum CompleteFile {
    /// Writes `bytes` to `path` with permissions `mode`; nil when it worked, else why it failed.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644) -> String? {
        let temporary = path + EpisodeLayout.temporarySuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { return "cannot create \(temporary): \(FileIO.errorText())" }
        do throws(EpisodeError) {
            try FileIO.writeAll(fd: fd, bytes, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            return error.description
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = FileIO.errorText()
            unlink(temporary)
            return reason
        }
        return nil
    }
}
