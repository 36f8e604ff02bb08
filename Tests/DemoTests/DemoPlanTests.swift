import Demo
import Foundation
import Gym
import Testing
import TestSupport

/// The demo's recipe as values: the flags put over a plan, the demonstration jobs, the folder's refusal.
@Suite("DemoPlan")
struct DemoPlanTests {
    @Test("options given replace the plan's values; evaluation lanes never exceed the lanes; the seed seeds training too")
    func applying() throws {
        let plan = try DemoPlan.standard.applying(tasks: "click-target,press-key", demosPerTask: 7, trainTime: 90, evalEpisodes: 3, lanes: 4, seed: 9)
        #expect(plan.tasks == ["click-target", "press-key"])
        #expect(plan.demosPerTask == 7 && plan.evalEpisodes == 3)
        #expect(plan.lanes == 4 && plan.evalLanes == 4)
        #expect(plan.seed == 9 && plan.training.seed == 9)
        #expect(plan.training.timeLimit == 90)
        #expect(try DemoPlan.quick.applying() == DemoPlan.quick, "no options: the plan unchanged")
    }

    @Test("an unknown task is refused with the gym's message")
    func unknownTask() {
        #expect(throws: DemoError.self) { try DemoPlan.quick.applying(tasks: "no-such-task") }
        do { _ = try DemoPlan.quick.applying(tasks: "no-such-task") } catch {
            #expect(error.description.contains("no task named \"no-such-task\""), "\(error)")
        }
    }

    @Test("demonstration jobs: each task's seeds from the plan's seed, glyph tasks with more episodes")
    func jobs() throws {
        let plan = try DemoPlan.quick.applying(seed: 5)
        let jobs = plan.demonstrationJobs
        #expect(jobs.filter { $0.task == "click-target" }.map(\.seed) == [5, 6, 7])
        #expect(jobs.filter { $0.task == "press-key" }.map(\.seed) == Array(5..<17))
        #expect(jobs.count == 3 + 4 * 3)
    }

    @Test("a demo folder that already holds files is refused, naming them")
    func folderNotEmpty() throws {
        let temporary = TemporaryFolder("demo-folder")
        let root = temporary.file("demo")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/old.txt", contents: Data())
        do {
            try DemoFolder(root: root).create()
            Issue.record("a folder with files was accepted")
        } catch {
            #expect(error.description == "\(root) already holds files (old.txt): give --out a new folder")
        }
        let fresh = DemoFolder(root: temporary.file("fresh"))
        try fresh.create()
        #expect(FileManager.default.fileExists(atPath: fresh.recordings))
    }
}
