import Foundation

/// The few file operations episodes need, with owner-only permissions and errno in errors.
enum FileIO {
    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Creates a folder readable only by its owner. Fails if it exists.
    static func createPrivateFolder(_ path: String) throws(EpisodeError) {
        if mkdir(path, mode_t(EpisodeLayout.folderMode)) != 0 {
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .cannotCreate(path: path, reason: errorText())
        }
        // mkdir's mode is filtered by the umask; set it exactly.
        chmod(path, mode_t(EpisodeLayout.folderMode))
    }

    /// Writes `bytes` to `path` so that `path` only ever holds complete contents: write a
    /// temporary file beside it, then rename over it.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(EpisodeError) {
        let temporary = path + EpisodeLayout.temporarySuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(EpisodeLayout.fileMode))
        guard fd >= 0 else { throw .cannotCreate(path: temporary, reason: errorText()) }
        do throws(EpisodeError) {
            try writeAll(fd: fd, bytes, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw .writeFailed(path: path, reason: reason)
        }
    }

    static func writeAll(fd: Int32, _ bytes: [UInt8], path: String) throws(EpisodeError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 { throw .writeFailed(path: path, reason: errorText(failure)) }
    }

    static func readAll(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// A file opened for appending, created owner-only. Not thread-safe on its own.
final class AppendOnlyFile {
    let path: String
    private var fd: Int32

    init(path: String) throws(EpisodeError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode_t(EpisodeLayout.fileMode))
        guard fd >= 0 else { throw .cannotCreate(path: path, reason: FileIO.errorText()) }
    }

    func append(_ bytes: [UInt8]) throws(EpisodeError) {
        guard fd >= 0 else { throw .finished(path: path) }
        try FileIO.writeAll(fd: fd, bytes, path: path)
    }

    func close() {
        if fd >= 0 { Foundation.close(fd) }
        fd = -1
    }

    deinit { close() }
}
