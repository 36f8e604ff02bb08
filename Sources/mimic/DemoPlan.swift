import Dataset
import Foundation
import Gym
import Training

/// What `mimic demo` does at each stage: which tasks, how many demonstrations, the dataset's image
/// size, the model and its training budget, and how many evaluation runs. `standard` is the main job;
/// `quick` is the same pipeline on a tiny budget (it proves the plumbing, not the agent).
struct DemoPlan {
    var tasks: [String]
    /// Expert demonstrations recorded per task (more for the glyph tasks: see `demos(for:)`).
    var demosPerTask: Int
    /// Private displays recording side by side (a demonstration is mostly the expert's human pace, so many
    /// lanes share the cores well).
    var lanes: Int
    /// How many of them evaluate side by side (the model computes at every decision, so fewer: more would
    /// only queue for the cores and slow each decision down).
    var evalLanes: Int
    var imageSize: ImageSize
    var history: Int
    var valFraction: Double
    var model: ModelOverrides
    var training: TrainingOptions
    /// Runs of the trained agent per task.
    var evalEpisodes: Int
    /// Runs of the random agent and of the expert per task.
    var baselineEpisodes: Int
    var seed: UInt64

    /// The main job: every built-in task, the model preset with a convolutional stem (PolicyConfig.demo:
    /// it reads glyphs, and a step costs about a third of the default's) and its recipe, trained for 12
    /// minutes on both cores (the schedule's length is set from the measured speed), so that the whole
    /// demo stays within about 20 minutes on 2 cores.
    static var standard: DemoPlan {
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
    static var quick: DemoPlan {
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
    func demos(for task: String) -> Int {
        switch task {
        case "press-key", "click-color": return 4 * demosPerTask
        case "right-click-menu": return 3 * demosPerTask
        case "type-word": return 2 * demosPerTask
        default: return demosPerTask
        }
    }

    /// One line per stage, printed before the demo starts.
    var summary: [String] {
        let more = tasks.filter { demos(for: $0) != demosPerTask }.map { "\($0) \(demos(for: $0))" }
        let budget = training.timeLimit.map { "at most " + ProgressLine.duration($0) } ?? "\(training.steps ?? 0) steps"
        return [
            "tasks: \(tasks.joined(separator: ", "))",
            "demonstrations: \(demosPerTask) per task\(more.isEmpty ? "" : " (" + more.joined(separator: ", ") + ")"), recorded on \(lanes) private 480x480 displays side by side",
            "dataset: \(imageSize) frames, history \(history), \(Int(valFraction * 100))% of episodes held out",
            "training: \(budget), batch \(training.batchSize), peak lr \(training.learningRate)",
            "evaluation: \(evalEpisodes) fresh seeds per task for the agent, \(baselineEpisodes) for the random agent and the expert, on \(evalLanes) of the displays",
        ]
    }
}
