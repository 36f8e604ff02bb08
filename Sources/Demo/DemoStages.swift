import Dataset
import Evaluation
import Foundation
import Gym
import Report
import Training

/// The demo's four stages on one plan and folder: demonstrations, dataset, training, evaluation.
/// Each takes what the caller shows (progress callbacks) and returns what the next one needs.
public struct DemoStages: Sendable {
    public let plan: DemoPlan
    public let folder: DemoFolder
    /// The program named in episodes, datasets and runs, e.g. "mimic 0.1.0".
    public let program: String

    public init(plan: DemoPlan, folder: DemoFolder, program: String) {
        self.plan = plan
        self.folder = folder
        self.program = program
    }

    /// 1. The expert on every demonstration job, on the lanes side by side; `tick(done, total)`.
    public func recordDemonstrations(on lanes: DisplayLanes, shouldStop: @escaping @Sendable () -> Bool,
                                     tick: (Int, Int) -> Void) throws(DemoError) -> [TaskRecorder.Result] {
        var options = TaskRecorder.Options()
        options.outFolder = folder.recordings
        options.recorderName = program
        options.encoders = 1  // the lanes already use the cores
        options.hold = 0.2  // the result frame pairs with no action: a short hold is enough
        let jobs = plan.demonstrationJobs
        do throws(GymError) {
            return try lanes.recordExpert(jobs: jobs, options: options, shouldStop: shouldStop) { tick($0, jobs.count) }
        } catch {
            throw .gym(error)
        }
    }

    /// 2. The dataset of every recorded demonstration.
    public func buildDataset(progress: @escaping @Sendable (BuildProgress) -> Void,
                             warn: @escaping @Sendable (String) -> Void) throws(DemoError) -> BuildResult {
        var options = BuildOptions()
        options.preprocessing = Preprocessing(size: plan.imageSize)
        options.valFraction = plan.valFraction
        options.seed = plan.seed
        options.history = plan.history
        options.builder = program
        do throws(DatasetError) {
            return try DatasetBuilder(options: options).build(inputs: [folder.recordings], output: folder.data, progress: progress, warn: warn)
        } catch {
            throw .dataset(error)
        }
    }

    /// 3a. The training run, created from the plan's model and recipe.
    public func startTraining() throws(DemoError) -> TrainingRun {
        do throws(TrainingError) {
            return try TrainingRun.start(dataset: folder.data, folder: folder.run, options: plan.training, model: plan.model,
                                         program: program + " demo")
        } catch {
            throw .training(error)
        }
    }

    /// 3b. Trains within the plan's budget (or until `shouldStop`, after a checkpoint).
    public func train(_ run: TrainingRun, shouldStop: () -> Bool, observe: (TrainingEvent) -> Void) throws(DemoError) -> TrainingOutcome {
        do throws(TrainingError) {
            return try run.run(shouldStop: shouldStop, observe: observe)
        } catch {
            throw .training(error)
        }
    }

    /// 4. The trained agent on fresh seeds next to the random agent and the expert, on the first
    /// `plan.evalLanes` lanes.
    public func evaluate(_ run: TrainingRun, on lanes: DisplayLanes, shouldStop: @escaping @Sendable () -> Bool,
                         progress: (EvaluationProgress) -> Void) throws(DemoError) -> EvaluationReport {
        var options = EvaluationOptions(tasks: plan.tasks, episodes: plan.evalEpisodes, seed: plan.seed, out: folder.eval)
        options.baselineEpisodes = plan.baselineEpisodes
        options.recorderName = program + " demo"
        do {
            return try Evaluation.run(model: DemoStages.weights(run), displays: Array(lanes.names.prefix(plan.evalLanes)), options: options,
                                      shouldStop: shouldStop, progress: progress)
        } catch let error as EvaluationError {
            throw .evaluation(error)
        } catch let error as ReportError {
            throw .report(error)
        } catch {
            throw .unexpected(stage: "evaluating", reason: String(describing: error))
        }
    }

    /// The run's best weights (lowest validation loss), or its last when it had no validation.
    public static func weights(_ run: TrainingRun) -> String {
        let best = run.folder + "/" + RunLayout.best
        return FileManager.default.fileExists(atPath: best) ? best : run.folder + "/" + RunLayout.last
    }
}
