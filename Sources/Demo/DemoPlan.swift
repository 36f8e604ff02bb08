import Dataset
import Gym
import Training

/// What `mimic demo` does at each stage: which tasks, how many demonstrations, the dataset's image
/// size, the model and its training budget, and how many evaluation runs. `standard` is the main job;
/// `quick` is the same pipeline on a tiny budget (it proves the plumbing, not the agent).
public struct DemoPlan: Sendable, Equatable {
    public var tasks: [String]
    /// Expert demonstrations recorded per task (more for the glyph tasks: see `demos(for:)`).
    public var demosPerTask: Int
    /// Private displays recording side by side (a demonstration is mostly the expert's human pace, so many
    /// lanes share the cores well).
    public var lanes: Int
    /// How many of them evaluate side by side (the model computes at every decision, so fewer: more would
    /// only queue for the cores and slow each decision down).
    public var evalLanes: Int
    public var imageSize: ImageSize
    public var history: Int
    public var valFraction: Double
    public var model: ModelOverrides
    public var training: TrainingOptions
    /// Runs of the trained agent per task.
    public var evalEpisodes: Int
    /// Runs of the random agent and of the expert per task.
    public var baselineEpisodes: Int
    public var seed: UInt64

    /// The main job: every built-in task, the model preset with a convolutional stem (PolicyConfig.demo:
    /// it reads glyphs, and a step costs about a third of the default's) and its recipe, trained for 12
    /// minutes on both cores (the schedule's length is set from the measured speed), so that the whole
    /// demo stays within about 20 minutes on 2 cores.
    public static var standard: DemoPlan {
        var model = ModelOverrides()
        model.preset = .demo
        var training = TrainingOptions.demo()
        training.limitToTime(12 * 60)
        training.validateEvery = 250
        training.checkpointEvery = 250
        training.validationSamples = 512
        return DemoPlan(tasks: TaskCatalog.names, demosPerTask: 120, lanes: 16, evalLanes: 8, imageSize: ImageSize(width: 128, height: 128),
                        history: 4, valFraction: 0.1, model: model, training: training,
                        evalEpisodes: 50, baselineEpisodes: 10, seed: 0)
    }

    /// The pipeline end to end in a few minutes of a debug build: two tasks, a tiny model, a few steps.
    public static var quick: DemoPlan {
        var model = ModelOverrides()
        model.patchSize = 8
        model.width = 32
        model.heads = 2
        model.layers = 1
        model.mlpWidth = 64
        var training = TrainingOptions()
        training.steps = 20
        training.batchSize = 16
        training.learningRate = 2e-3
        training.warmupSteps = 5
        training.validateEvery = 10
        training.checkpointEvery = 10
        training.logEvery = 5
        return DemoPlan(tasks: ["click-target", "press-key"], demosPerTask: 3, lanes: 2, evalLanes: 2, imageSize: ImageSize(width: 64, height: 64),
                        history: 4, valFraction: 0.34, model: model, training: training,
                        evalEpisodes: 1, baselineEpisodes: 1, seed: 0)
    }

    /// Demonstrations of `task`. An episode of press-key holds one key sample while the model must tell 36
    /// glyphs apart; click-color and right-click-menu hold one colour match each; type-word's first key is
    /// where the word is read. They get 4×, 4×, 3× and 2× the episodes. (3× type-word and click-sequence as
    /// well spread the same training steps thinner and did worse over all: docs/model.md, "Presets".)
    public func demos(for task: String) -> Int {
        switch task {
        case "press-key", "click-color": return 4 * demosPerTask
        case "right-click-menu": return 3 * demosPerTask
        case "type-word": return 2 * demosPerTask
        default: return demosPerTask
        }
    }

    /// The plan with the options given put over it (nil: keep the plan's value); `evalLanes` never
    /// exceeds `lanes`, and the seed is the training's seed as well.
    public func applying(tasks: String? = nil, demosPerTask: Int? = nil, trainTime: Double? = nil, evalEpisodes: Int? = nil,
                         lanes: Int? = nil, seed: UInt64? = nil) throws(DemoError) -> DemoPlan {
        var p = self
        if let tasks {
            do throws(GymError) { p.tasks = try TaskCatalog.tasks(matching: tasks).map { $0.name } } catch { throw .gym(error) }
        }
        if let demosPerTask { p.demosPerTask = demosPerTask }
        if let trainTime { p.training.limitToTime(trainTime) }
        if let evalEpisodes { p.evalEpisodes = evalEpisodes }
        if let lanes { p.lanes = lanes; p.evalLanes = min(p.evalLanes, lanes) }
        if let seed { p.seed = seed; p.training.seed = seed }
        return p
    }

    /// Every demonstration to record: task by task, seeds `seed`, `seed + 1`, ...
    public var demonstrationJobs: [DisplayLanes.Job] {
        tasks.flatMap { task in (0..<demos(for: task)).map { DisplayLanes.Job(task: task, seed: seed + UInt64($0)) } }
    }
}
