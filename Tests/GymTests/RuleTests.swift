import Primitives
import Gym
import Testing

/// The rules of each task, from input events to its success check (no display needed).
@Suite("task rules")
struct RuleTests {
    @Test("click-target: a click on the square succeeds; a click beside it is a miss")
    func clickTarget() {
        let task = ClickTarget(seed: 5, size: TaskCanvas.defaultSize)
        let outside = Point(task.target.x - 5, task.target.y - 5)
        let (missed, reactions) = Simulation.feed(ClickTarget.self, seed: 5, [.press(button: 1, at: outside), .press(button: 3, at: task.target.center)])
        #expect(reactions == [.miss, .ignored])
        #expect(missed.status == .running)
        let (hit, _) = Simulation.feed(ClickTarget.self, seed: 5, [.motion(to: task.target.center), .press(button: 1, at: task.target.center)])
        #expect(hit.status == .succeeded)
    }

    @Test("click-color: the wrong colour fails and says which was clicked")
    func clickColor() {
        let task = ClickColor(seed: 9, size: TaskCanvas.defaultSize)
        let wrong = (task.answer + 1) % 4
        let (state, _) = Simulation.feed(ClickColor.self, seed: 9, [.press(button: 1, at: task.squares[wrong].center)])
        guard case .failed(let reason) = state.status else { Issue.record("expected a failure, got \(state.status)"); return }
        #expect(reason.hasPrefix("clicked the ") && reason.contains(", not the "))
    }

    @Test("click-sequence: circles count only in order; clicking a done one again does nothing")
    func clickSequence() {
        let task = ClickSequence(seed: 2, size: TaskCanvas.defaultSize)
        let c = task.circles
        let (good, reactions) = Simulation.feed(ClickSequence.self, seed: 2, [
            .press(button: 1, at: c[0]), .press(button: 1, at: c[0]), .press(button: 1, at: c[1]), .press(button: 1, at: c[2]),
        ])
        #expect(reactions == [.changed, .ignored, .changed, .changed])
        #expect(good.done == 3 && good.status == .running)
        let (bad, _) = Simulation.feed(ClickSequence.self, seed: 2, [.press(button: 1, at: c[0]), .press(button: 1, at: c[2])])
        #expect(bad.status == .failed(reason: "clicked 3 before 2"))
    }

    @Test("drag-to-target: the box follows the pointer; only a drop wholly inside the zone succeeds")
    func dragToTarget() {
        let task = DragToTarget(seed: 4, size: TaskCanvas.defaultSize)
        let grab = task.box.center
        let (short, _) = Simulation.feed(DragToTarget.self, seed: 4, [
            .press(button: 1, at: grab), .motion(to: grab + Point(3, 3)), .release(button: 1, at: grab + Point(3, 3)),
        ])
        #expect(short.status == .running)
        #expect(short.box.center == grab + Point(3, 3))
        let (delivered, _) = Simulation.feed(DragToTarget.self, seed: 4, [
            .press(button: 1, at: grab), .motion(to: task.zone.center), .release(button: 1, at: task.zone.center),
        ])
        #expect(delivered.status == .succeeded)
        #expect(task.zone.contains(delivered.box))
    }

    @Test("press-key: the shown key succeeds in either case; another key fails")
    func pressKey() {
        let task = PressKey(seed: 11, size: TaskCanvas.defaultSize)
        let (lower, _) = Simulation.feed(PressKey.self, seed: 11, [.key(task.keysym)])
        #expect(lower.status == .succeeded)
        let (upper, _) = Simulation.feed(PressKey.self, seed: 11, [.key(task.keysym.uppercased())])
        #expect(upper.status == .succeeded)
        let other = task.keysym == "x" ? "y" : "x"
        let (wrong, _) = Simulation.feed(PressKey.self, seed: 11, [.key(other)])
        #expect(wrong.status == .failed(reason: "pressed \(other), not \(task.keysym)"))
    }

    @Test("type-word: typing needs the field's focus; BackSpace corrects; Return checks the word")
    func typeWord() {
        let task = TypeWord(seed: 1, size: TaskCanvas.defaultSize)
        let word = task.word
        let letters = word.map { TaskInput.key(String($0)) }
        let (unfocused, _) = Simulation.feed(TypeWord.self, seed: 1, letters + [.key("Return")])
        #expect(unfocused.text.isEmpty && unfocused.status == .running)
        let (corrected, _) = Simulation.feed(TypeWord.self, seed: 1, [.press(button: 1, at: task.field.center), .key("q"), .key("BackSpace")]
            + letters + [.key("Return")])
        #expect(corrected.status == .succeeded)
        let (wrong, _) = Simulation.feed(TypeWord.self, seed: 1, [.press(button: 1, at: task.field.center), .key("z"), .key("Return")])
        #expect(wrong.status == .failed(reason: "entered \"z\", not \"\(word)\""))
    }

    @Test("right-click-menu: a right click opens the menu at the pointer; the wrong entry fails")
    func rightClickMenu() {
        let task = RightClickMenu(seed: 6, size: TaskCanvas.defaultSize)
        let (leftClicked, reactions) = Simulation.feed(RightClickMenu.self, seed: 6, [.press(button: 1, at: task.item.center)])
        #expect(reactions == [.miss] && leftClicked.menu == nil)
        let (open, _) = Simulation.feed(RightClickMenu.self, seed: 6, [.press(button: 3, at: task.item.center)])
        #expect(open.menu != nil)
        let wrong = (task.answer + 1) % 3
        let (picked, _) = Simulation.feed(RightClickMenu.self, seed: 6, [.press(button: 3, at: task.item.center),
                                                                         .press(button: 1, at: open.entry(wrong)!.center)])
        guard case .failed = picked.status else { Issue.record("expected a failure, got \(picked.status)"); return }
    }

    @Test("right-click-menu: the expert right-clicks the square, then clicks the answer's swatch")
    func rightClickMenuExpert() {
        for seed in UInt64(0)..<20 {
            var task = RightClickMenu(seed: seed, size: TaskCanvas.defaultSize)
            var random = SeededRandom(seed: seed)
            guard case .click(let open, button: 3)? = task.expertStep(using: &random), task.item.contains(open) else {
                Issue.record("seed \(seed): the first step is not a right click on the square"); continue
            }
            _ = task.handle(.press(button: 3, at: open))
            guard case .click(let pick, button: 1)? = task.expertStep(using: &random), let swatch = task.swatch(task.answer) else {
                Issue.record("seed \(seed): the second step is not a left click on an open menu"); continue
            }
            #expect(swatch.contains(pick), "seed \(seed): \(pick) is not on the answer's swatch \(swatch)")
            _ = task.handle(.press(button: 1, at: pick))
            #expect(task.status == .succeeded, "seed \(seed): \(task.status)")
        }
    }

    @Test("scroll-list: the wheel over the list scrolls a row per notch; a wrong row fails")
    func scrollList() {
        let task = ScrollList(seed: 8, size: TaskCanvas.defaultSize)
        #expect(!task.markedIsVisible)
        let inside = Point(task.viewport.x + 30, task.viewport.y + 30)
        let outside = Point(task.viewport.maxX + 5, task.viewport.y + 30)
        let (scrolled, reactions) = Simulation.feed(ScrollList.self, seed: 8, [
            .press(button: 5, at: inside), .press(button: 5, at: inside), .press(button: 4, at: inside), .press(button: 5, at: outside),
        ])
        #expect(reactions == [.changed, .changed, .changed, .ignored])
        #expect(scrolled.offset == 1)
        let (wrong, _) = Simulation.feed(ScrollList.self, seed: 8, [.press(button: 1, at: inside)])
        #expect(wrong.status == .failed(reason: "clicked row 1, not the orange row \(task.marked + 1)"))
    }
}
