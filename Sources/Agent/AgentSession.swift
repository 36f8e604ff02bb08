import Capture
import Control
import Episode

/// The display side of an agent run: screen grabs, the XTest hand, and (optionally) the recorder that
/// writes the run as an episode; `finish` releases them and finalizes the episode.
public struct AgentSession {
    public let screen: ScreenShot
    public let executor: ActionExecutor
    public let recorder: Recorder?

    /// Opens `display` (nil: $DISPLAY); with `folder`, starts recording the run there.
    public static func start(display: String?, record folder: String?, fps: Double, model: String, instruction: String?,
                             task: EpisodeMetadata.Task? = nil, recorderName: String) throws(AgentError) -> AgentSession {
        let screen: ScreenShot
        let injector: InputInjector
        do throws(CaptureError) { screen = try ScreenShot(display: display) } catch { throw .capture(error) }
        do throws(ControlError) { injector = try InputInjector(display: display) } catch { throw .control(error) }
        var recorder: Recorder?
        if let folder {
            var options = Recorder.Options()
            options.display = display
            options.outFolder = folder
            options.fps = fps
            options.instruction = instruction
            options.task = task
            options.agent = .init(model: model)
            options.recorderName = recorderName
            do throws(RecorderError) {
                let r = try Recorder(options)
                try r.start()
                recorder = r
            } catch {
                throw .recorder(error)
            }
        }
        return AgentSession(screen: screen, executor: ActionExecutor(injector), recorder: recorder)
    }

    /// The closed loop on this session's screen and hand, its predictions written with the episode. On
    /// a failure the episode is finalized with the error as its outcome before the error is rethrown.
    public func run(policy: AgentPolicy, options: AgentLoop.Options, shouldStop: () -> Bool,
                    onDecision: (Int, AgentDecision, Double) -> Void) throws -> AgentLoop.Result {
        let loop = AgentLoop(screen: screen, executor: executor, policy: policy, options: options, predictions: recorder?.writer)
        do {
            return try loop.run(isDone: { false }, shouldStop: shouldStop, onDecision: onDecision)
        } catch {
            _ = finish(outcome: "error: \(error)")
            throw error
        }
    }

    /// Releases everything held, finalizes the recording with `outcome`, returns its folder.
    public func finish(outcome: String?, success: Bool? = nil) -> String? {
        executor.releaseAll()
        guard let recorder else { return nil }
        if let outcome {
            try? recorder.writer.updateMetadata { m in
                if m.task != nil { m.task?.outcome = outcome } else { m.instruction = m.instruction ?? "agent run: \(outcome)" }
            }
        }
        _ = try? recorder.stop()
        return recorder.directory
    }
}
