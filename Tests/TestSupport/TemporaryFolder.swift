import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is dropped.
public final class TemporaryFolder: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "mimic-test") {
        let base = NSTemporaryDirectory() + "\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    public func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
