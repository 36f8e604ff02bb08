import Dataset
import Episode
import Foundation
import Testing
import TestSupport

/// `mimic demo --quick`: the whole pipeline (private displays, expert demonstrations through the
/// recorder, dataset, training, evaluation) on a tiny budget, as CI runs it. Its success figures are
/// printed, not asserted: at this budget the agent is not expected to have learned.
@Suite("mimic demo")
struct DemoCommandTests {
    @Test("--quick runs end to end: demonstrations, dataset, a training run with its report, an evaluation with its pages, a final table")
    func quickRunsEndToEnd() throws {
        let folder = TemporaryFolder("mimic-demo")
        let out = folder.file("demo")
        let demo = try DemoProcess(["demo", "--quick", "--out", out])
        let result = demo.wait()
        print("mimic demo --quick:\n\(result.stdout)")
        #expect(result.status == 0, "\(result.stderr)")

        // Demonstrations: every episode complete, of a quick-plan task, with its seed and a success.
        let episodes = try FileManager.default.contentsOfDirectory(atPath: out + "/recordings").sorted()
        #expect(episodes.count == 3 + 4 * 3, "3 click-target and 12 press-key demonstrations")
        for name in episodes {
            let episode = try EpisodeReader.open(out + "/recordings/" + name)
            #expect(episode.status == .complete, "\(name)")
            #expect(["click-target", "press-key"].contains(episode.metadata.task?.name ?? ""), "\(name)")
            #expect(episode.metadata.task?.outcome == "success", "\(name)")
        }
        // The dataset and the run.
        for file in ["data/dataset.json", "run/config.json", "run/last.safetensors", "run/metrics.jsonl", "run/report.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        // The training report validates per task as well as per action type: a row for each task of the
        // validation split (which episodes are held out depends on their ids).
        let report = try String(contentsOfFile: out + "/run/report.html", encoding: .utf8)
        let manifest = try DatasetManifest.read(folder: out + "/data")
        let validated = Set(manifest.episodes.filter { $0.split == .val }.compactMap(\.task))
        #expect(!validated.isEmpty && report.contains("id=\"by-task\""))
        for task in validated { #expect(report.contains("<td>\(task)</td>"), "the per-task table names \(task)") }
        // The evaluation: its files, and the table naming each task and the three agents.
        for file in ["eval/eval.json", "eval/eval.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        for word in ["click-target", "press-key", "random", "expert", "eval.html", "report.html"] {
            #expect(result.stdout.contains(word), "the final output names \(word)")
        }
        // Every process the demo started has ended.
        #expect(demo.leftChildren().isEmpty, "still running: \(demo.leftChildren())")
    }

    @Test("Ctrl-C while recording stops the demo with status 130, keeps readable episodes and stops every display it started")
    func interruptCleansUp() throws {
        let folder = TemporaryFolder("mimic-demo-stop")
        let out = folder.file("demo")
        let demo = try DemoProcess(["demo", "--quick", "--demos", "40", "--out", out])
        // Wait until its displays run and an episode is being recorded (the bound only keeps a broken demo from hanging the test).
        var seen = false
        for _ in 0..<6000 {
            if !demo.mimic.isRunning { break }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out + "/recordings")) ?? []
            if names.count >= 2 && demo.children().count >= 2 { seen = true; break }
            usleep(10_000)
        }
        #expect(seen, "the demo started recording on its displays")
        let started = demo.children()
        #expect(started.contains { $0.name == "Xvfb" }, "\(started)")
        demo.mimic.signal(SIGINT)
        let result = demo.wait()
        #expect(result.status == 130, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("stopped while recording"), "\(result.stdout)")
        for child in started {
            #expect(!DemoProcess.isAlive(child), "\(child) still runs")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: out + "/recordings") {
            let episode = try EpisodeReader.open(out + "/recordings/" + name)
            #expect(episode.status != .recording, "\(name): \(episode.status)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/run"), "no training after a stop")
    }
}

/// `mimic demo` as a child process, with a view of the processes it starts.
final class DemoProcess {
    /// A process as /proc shows it; the start time tells it apart from a later process given the same pid.
    struct Child: CustomStringConvertible {
        var pid: Int32
        var name: String
        var startTime: String
        var description: String { "\(name) (pid \(pid))" }
    }

    let mimic: MimicProcess
    private var everSeen: [Int32: Child] = [:]

    init(_ arguments: [String]) throws { mimic = try MimicProcess(arguments) }

    /// The demo's child processes now.
    func children() -> [Child] {
        let me = mimic.pid
        var out: [Child] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let (child, parent, _) = DemoProcess.stat(pid), parent == me else { continue }
            out.append(child)
            everSeen[pid] = child
        }
        return out
    }

    /// Waits for the demo to end, watching its children meanwhile.
    func wait() -> ProcessResult {
        while mimic.isRunning { _ = children(); usleep(50_000) }
        return mimic.wait()
    }

    /// Children seen while the demo ran that still run.
    func leftChildren() -> [Child] { everSeen.values.filter(DemoProcess.isAlive) }

    /// Whether `child` still runs: the same process (same start time), not a zombie.
    static func isAlive(_ child: Child) -> Bool {
        guard let (now, _, state) = stat(child.pid) else { return false }
        return now.startTime == child.startTime && state != "Z"
    }

    /// /proc/<pid>/stat: the process, its parent's pid and its state letter.
    static func stat(_ pid: Int32) -> (Child, Int32, String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let name = String(text[text.index(after: open)..<close])
        // After the name: state, ppid, ... with the start time as field 22 of the whole line (index 19 here).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let parent = Int32(fields[1]) else { return nil }
        return (Child(pid: pid, name: name, startTime: String(fields[19])), parent, String(fields[0]))
    }
}
