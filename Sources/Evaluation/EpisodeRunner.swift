import Capture
import Control
import Episode
import Foundation
import Report
import Gym
import Agent
import Viewer

/// Runs single evaluation episodes on one display: a policy (the model, the random baseline, a stub
/// in tests) through the live loop, or the scripted expert. Holds the X clients all episodes share;
/// `close()` lets go of them, and must come before the display stops (Xlib ends a process whose
/// server vanishes under an open connection).
final class EpisodeRunner {
    let display: String
    /// The model file, marked as the agent in recorded episodes.
    let modelPath: String
    /// The evaluation folder; recorded runs go into its episodes/ folder.
    let folder: String
    let sessionOptions: TaskSession.Options
    let writePages: Bool
    /// Whether the agent's loop keeps the model's threads warm before each decision (AgentLoop.Options).
    let warmUp: Bool
    private var screen: ScreenShot?
    private var injector: InputInjector?
    private var expert: Expert?
    private var recorder: TaskRecorder?

    init(display: String, modelPath: String, folder: String, options: EvaluationOptions, warmUp: Bool = false) throws(EvaluationError) {
        self.display = display
        self.warmUp = warmUp
        self.modelPath = modelPath
        self.folder = folder
        var session = TaskSession.Options()
        session.timeLimit = options.timeLimit
        sessionOptions = session
        writePages = options.episodePages
        do throws(CaptureError) { screen = try ScreenShot(display: display) } catch {
            throw .display(name: display, reason: error.description)
        }
        do throws(ControlError) { injector = try InputInjector(display: display) } catch {
            close()
            throw .display(name: display, reason: error.description)
        }
        do throws(GymError) {
            expert = try Expert(display: display)
            if options.recordEpisodes {
                var recording = TaskRecorder.Options()
                recording.outFolder = folder + "/" + EvaluationReport.episodesFolder
                recording.fps = options.fps
                recording.recorderName = options.recorderName
                recording.session = session
                recorder = try TaskRecorder(display: display, options: recording)
            }
        } catch {
            close()
            throw .display(name: display, reason: error.description)
        }
    }

    deinit { close() }

    /// Lets go of every X connection. Safe to call more than once.
    func close() {
        recorder?.close()
        recorder = nil
        expert?.close()
        expert = nil
        injector?.close()
        injector = nil
        screen = nil
    }

    /// One run of `policy` on `task` with `seed` through the live loop, recorded when a recorder is
    /// set up and `record` is true. The loop ends when the task's run does (success, failure, its
    /// time limit) or when `shouldStop` says so.
    func run(_ policy: AgentPolicy, as agent: AgentKind, task: any GymTask.Type, seed: UInt64, record: Bool,
             shouldStop: @escaping () -> Bool) throws(EvaluationError) -> EpisodeRecord {
        guard let screen, let injector else { preconditionFailure("EpisodeRunner used after close()") }
        let executor = ActionExecutor(injector)
        var result: AgentLoop.Result?
        // `episode`: the recording's writer, which takes the model's predictions (nil: not recorded).
        let act = { (session: TaskSession, episode: EpisodeWriter?, stop: @escaping () -> Bool) throws -> Outcome in
            var options = AgentLoop.Options()
            options.maxSteps = .max
            // The task's own clock ends the run; this is only a backstop.
            options.timeLimit = session.timeLimit + 2
            if !self.warmUp { options.warmUpMilliseconds = 0 }
            let loop = AgentLoop(screen: screen, executor: executor, policy: policy, options: options, predictions: episode)
            let r = try loop.run(isDone: { session.settle(); return session.outcome != nil }, shouldStop: stop)
            result = r
            if r.stopReason == .stopped { return session.stop() }
            return session.waitForOutcome(seconds: 2) ?? session.stop()
        }
        let outcome: Outcome
        var path: String?
        do throws(GymError) {
            if record, let recorder {
                let recorded = try recorder.record(task, seed: seed, agent: .init(model: modelPath), shouldStop: shouldStop, act: { try act($0, $1, $2) })
                outcome = recorded.outcome
                path = EvaluationReport.episodesFolder + "/" + URL(fileURLWithPath: recorded.directory).lastPathComponent
            } else {
                let session = try TaskSession(task, seed: seed, display: display, options: sessionOptions)
                defer { session.stop() }
                do { outcome = try act(session, nil, shouldStop) } catch {
                    throw GymError.actorFailed(task: task.name, seed: seed, detail: "\(error)")
                }
            }
        } catch {
            throw .episodeFailed(task: task.name, seed: seed, agent: agent, reason: error.description)
        }
        let loop = result!
        var record = EpisodeRecord(task: task.name, seed: seed, agent: agent, outcome: outcome.label, result: outcome.kind.rawValue,
                                   steps: loop.decisions, seconds: outcome.seconds, actingSeconds: loop.seconds,
                                   medianDecisionMs: loop.decisions > 0 ? loop.medianDecisionMilliseconds : nil,
                                   tokens: loop.tokens, path: path)
        if let path, writePages, outcome.kind != .success, outcome.kind != .stopped {
            // A page to watch the failure; the folder link works without it.
            if (try? Viewer.writePage(source: folder + "/" + path)) != nil { record.page = path + "/" + Viewer.defaultPageName }
        }
        return record
    }

    /// One run of the scripted expert on `task` with `seed` (not recorded), with the task's own time limit.
    func runExpert(task: any GymTask.Type, seed: UInt64, shouldStop: () -> Bool) throws(EvaluationError) -> EpisodeRecord {
        guard let expert else { preconditionFailure("EpisodeRunner used after close()") }
        var steps = 0
        let outcome: Outcome
        do throws(GymError) {
            let session = try TaskSession(task, seed: seed, display: display)
            defer { session.stop() }
            outcome = try expert.solve(session, shouldStop: shouldStop, onStep: { _ in steps += 1 })
        } catch {
            throw .episodeFailed(task: task.name, seed: seed, agent: .expert, reason: error.description)
        }
        return EpisodeRecord(task: task.name, seed: seed, agent: .expert, outcome: outcome.label, result: outcome.kind.rawValue,
                             steps: steps, seconds: outcome.seconds, actingSeconds: outcome.seconds)
    }
}
