import Primitives
import Gym

/// Runs a task's expert without X: each step becomes the input events the window would receive.
enum Simulation {
    static func inputs(for step: ExpertStep) -> [TaskInput] {
        switch step {
        case .click(let point, let button):
            return [.motion(to: point), .press(button: button, at: point), .release(button: button, at: point)]
        case .drag(let from, let to):
            var events: [TaskInput] = [.motion(to: from), .press(button: 1, at: from)]
            for i in 1...10 {
                events.append(.motion(to: Point(from.x + (to.x - from.x) * i / 10, from.y + (to.y - from.y) * i / 10)))
            }
            return events + [.release(button: 1, at: to)]
        case .key(let keysym):
            return [.key(keysym)]
        case .scroll(let point, let down, let notches):
            let button = down ? 5 : 4
            return [.motion(to: point)] + (0..<notches).flatMap { _ in
                [TaskInput.press(button: button, at: point), .release(button: button, at: point)]
            }
        }
    }

    struct Run {
        var status: TaskStatus
        var steps: Int
        var misses: Int
    }

    /// Lets the expert act until the task ends or `maxSteps` steps were taken.
    static func expert(_ task: any GymTask.Type, seed: UInt64, size: Size = TaskCanvas.defaultSize, maxSteps: Int = 40) -> Run {
        var state: any GymTask = task.init(seed: seed, size: size)
        var random = SeededRandom(task: task.name, seed: seed, stream: 1)
        var run = Run(status: state.status, steps: 0, misses: 0)
        while run.steps < maxSteps, state.status == .running, let step = state.expertStep(using: &random) {
            run.steps += 1
            for input in inputs(for: step) where state.status == .running {
                if state.handle(input) == .miss { run.misses += 1 }
            }
        }
        run.status = state.status
        return run
    }

    /// Feeds `inputs` to a fresh task and returns it with the reactions.
    static func feed<T: GymTask>(_ task: T.Type, seed: UInt64, _ inputs: [TaskInput]) -> (T, [Reaction]) {
        var state = T(seed: seed, size: TaskCanvas.defaultSize)
        let reactions = inputs.map { state.handle($0) }
        return (state, reactions)
    }
}
