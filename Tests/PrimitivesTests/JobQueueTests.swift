import Dispatch
import Primitives
import Testing

private struct Broken: Error, Equatable { var job: Int }

@Suite("JobQueue")
struct JobQueueTests {
    @Test("workers on several threads take every job once; results come back in job order")
    func resultsInJobOrder() {
        let queue = JobQueue<Int, Int, Broken>(Array(0..<200))
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            while let (index, job) = queue.next() {
                queue.starting(index)
                queue.finish(index, with: job * 10)
            }
        }
        #expect(queue.results == (0..<200).map { $0 * 10 })
        #expect(queue.finishedCount == 200)
        let events = queue.takeEvents()
        #expect(events.filter { $0.finished == nil }.count == 200, "one starting event per job")
        #expect(events.compactMap(\.finished).sorted() == (0..<200).map { $0 * 10 })
        #expect(queue.takeEvents().isEmpty, "events are handed out once")
        #expect(!queue.ended && queue.failure == nil)
    }

    @Test("a result marked by endsQueue stops the taking of jobs; what finished is kept")
    func endingResult() {
        let queue = JobQueue<Int, Int, Broken>([1, 2, 3, 4], endsQueue: { $0 < 0 })
        let first = queue.next()!
        queue.finish(first.index, with: 1)
        let second = queue.next()!
        queue.finish(second.index, with: -1)
        #expect(queue.next() == nil)
        #expect(queue.ended)
        #expect(queue.results == [1, -1])
    }

    @Test("the first failure is kept and ends the taking of jobs")
    func firstFailureKept() {
        let queue = JobQueue<Int, Int, Broken>([1, 2, 3])
        _ = queue.next()
        queue.fail(Broken(job: 1))
        queue.fail(Broken(job: 2))
        #expect(queue.next() == nil)
        #expect(queue.failure == Broken(job: 1))
        #expect(!queue.ended)
    }
}
