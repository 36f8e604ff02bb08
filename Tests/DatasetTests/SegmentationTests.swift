import Dataset
import Episode
import Testing

/// One hand-written event sequence and exactly the actions it must give.
struct SegmentationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let events: [InputEvent]
    let expected: [String]
    var observableFrom: Double? = nil
    var testDescription: String { name }
}

@Suite("Segmentation: events to actions")
struct SegmentationTests {
    static let pointerCases: [SegmentationCase] = [
        .init(name: "press and release in place is a click",
              events: clickEvents(1000, 100, 100),
              expected: ["click 100,100 @1000"]),
        .init(name: "a click keeps the modifiers held",
              events: clickEvents(1000, 100, 100, [.ctrl, .shift]),
              expected: ["click 100,100 ctrl+shift @1000"]),
        .init(name: "a drag of 3 px is still a click, at the press",
              events: [press(1000, 1, 100, 100), motion(1020, 102, 101), motion(1040, 103, 100), release(1080, 1, 103, 100)],
              expected: ["click 100,100 @1000"]),
        .init(name: "a drag of 5 px is mouse_down then mouse_up, the release led by the travel",
              events: [press(1000, 1, 100, 100), motion(1020, 103, 102), motion(1040, 105, 100), release(1080, 1, 105, 100)],
              expected: ["mouse_down 100,100 @1000", "mouse_up 105,100 from 100,100 @1020"]),
        .init(name: "a drag that comes back to its start is still a drag",
              events: [press(1000, 1, 100, 100)] + glide(1010, from: (100, 100), to: (160, 100), steps: 6)
                + glide(1070, from: (160, 100), to: (100, 100), steps: 6) + [release(1200, 1, 100, 100)],
              expected: ["mouse_down 100,100 @1000", "mouse_up 100,100 @1010"]),
        .init(name: "a release without motion after the travel rested: mouse_up at the release",
              events: [press(1000, 1, 100, 100)] + glide(1010, from: (100, 100), to: (200, 150), steps: 5) + [release(1600, 1, 200, 150)],
              expected: ["mouse_down 100,100 @1000", "move 200,150 from 100,100 @1010", "mouse_up 200,150 from 100,100 @1600"]),
        .init(name: "a long press in place is a press and a release, not a click",
              events: clickEvents(1000, 100, 100, hold: 700),
              expected: ["mouse_down 100,100 @1000", "mouse_up 100,100 @1700"]),
        .init(name: "two clicks close in time and place are one double_click",
              events: clickEvents(1000, 100, 100) + clickEvents(1200, 102, 101),
              expected: ["double_click 100,100 @1000"]),
        .init(name: "two clicks too far apart in time stay two clicks",
              events: clickEvents(1000, 100, 100) + clickEvents(1450, 100, 100),
              expected: ["click 100,100 @1000", "click 100,100 @1450"]),
        .init(name: "two quick clicks too far apart in place stay two clicks",
              events: clickEvents(1000, 100, 100) + clickEvents(1200, 110, 100),
              expected: ["click 100,100 @1000", "click 110,100 @1200"]),
        .init(name: "a triple click is a double_click and a click",
              events: clickEvents(1000, 50, 50) + clickEvents(1150, 50, 50) + clickEvents(1300, 50, 50),
              expected: ["double_click 50,50 @1000", "click 50,50 @1300"]),
        .init(name: "button 3 is a right_click at its press, even if dragged",
              events: clickEvents(1000, 200, 50, button: 3) + [press(2000, 3, 10, 10), motion(2050, 80, 80), release(2100, 3, 80, 80)],
              expected: ["right_click 200,50 @1000", "right_click 10,10 @2000", "move 80,80 from 10,10 @2050"]),
        .init(name: "buttons 4 and 5 scroll up and down at the pointer, one action a notch",
              events: scrollEvents(1000, 4, 10, 20) + scrollEvents(1030, 4, 10, 20) + scrollEvents(1100, 5, 12, 20),
              expected: ["scroll_up 10,20 @1000", "scroll_up 10,20 @1030", "scroll_down 12,20 @1100"]),
        .init(name: "horizontal scroll and other buttons are left out",
              events: scrollEvents(1000, 6, 1, 1) + scrollEvents(1100, 7, 1, 1) + clickEvents(1200, 1, 1, button: 2)
                + clickEvents(1300, 1, 1, button: 8),
              expected: []),
        .init(name: "a scroll during a drag sits between its press and release",
              events: [press(1000, 1, 100, 100), motion(1050, 150, 100)] + scrollEvents(1100, 5, 150, 100)
                + [motion(1200, 200, 120), release(1300, 1, 200, 120)],
              expected: ["mouse_down 100,100 @1000", "scroll_down 150,100 @1050", "mouse_up 200,120 from 100,100 @1200"]),
        .init(name: "a scroll inside a press without travel makes it a press and release",
              events: [press(1000, 1, 100, 100)] + scrollEvents(1100, 4, 100, 100) + [release(1200, 1, 100, 100)],
              expected: ["mouse_down 100,100 @1000", "scroll_up 100,100 @1100", "mouse_up 100,100 @1200"]),
        .init(name: "motion that ends at rest is a move to where it rests, from its first motion",
              events: clickEvents(500, 10, 10) + glide(1000, from: (10, 10), to: (100, 80), steps: 5) + tap(2000, "a"),
              expected: ["click 10,10 @500", "move 100,80 from 10,10 @1000", "key a @2000"]),
        .init(name: "before the pointer's place is known, a move starts from its first motion",
              events: glide(1000, from: (10, 10), to: (100, 80), steps: 5),
              expected: ["move 100,80 from 28,24 @1000"]),
        .init(name: "motion at the end of the recording is a move",
              events: clickEvents(500, 10, 10) + glide(1000, from: (10, 10), to: (300, 200), steps: 8),
              expected: ["click 10,10 @500", "move 300,200 from 10,10 @1000"]),
        .init(name: "motion that leads to a click is implied by the click, which starts with it",
              events: clickEvents(500, 10, 10) + glide(1000, from: (10, 10), to: (100, 100), steps: 5) + clickEvents(1100, 100, 100),
              expected: ["click 10,10 @500", "click 100,100 @1000"]),
        .init(name: "motion that rests before the click is a move, then the click",
              events: clickEvents(500, 10, 10) + glide(1000, from: (10, 10), to: (100, 100), steps: 5) + clickEvents(1400, 100, 100),
              expected: ["click 10,10 @500", "move 100,100 from 10,10 @1000", "click 100,100 @1400"]),
        .init(name: "motion that leads to a scroll or a right click is implied by it",
              events: glide(1000, from: (0, 0), to: (50, 50), steps: 5) + scrollEvents(1060, 5, 50, 50)
                + glide(2000, from: (50, 50), to: (90, 10), steps: 4) + clickEvents(2050, 90, 10, button: 3),
              expected: ["scroll_down 50,50 @1000", "right_click 90,10 @2000"]),
        .init(name: "motion that leads to a drag's press is implied by the mouse_down",
              events: glide(1000, from: (0, 0), to: (40, 40), steps: 4) + [press(1050, 1, 40, 40)]
                + glide(1060, from: (40, 40), to: (90, 40), steps: 5) + [release(1120, 1, 90, 40)],
              expected: ["mouse_down 40,40 @1000", "mouse_up 90,40 from 40,40 @1060"]),
        .init(name: "a few pixels of jitter at rest are not a move",
              events: clickEvents(500, 100, 100) + [motion(1000, 101, 101), motion(1010, 102, 100)] + tap(1400, "b"),
              expected: ["click 100,100 @500", "key b @1400"]),
        .init(name: "motion cut short by a key press is a move before the key",
              events: clickEvents(500, 0, 0) + glide(1000, from: (0, 0), to: (60, 0), steps: 3) + tap(1040, "c"),
              expected: ["click 0,0 @500", "move 60,0 from 0,0 @1000", "key c @1040"]),
        .init(name: "a release with no press is left out",
              events: [release(1000, 1, 5, 5)] + clickEvents(1100, 5, 5),
              expected: ["click 5,5 @1100"]),
        .init(name: "a press never released is a mouse_down",
              events: [press(1000, 1, 5, 5), motion(1100, 50, 50)],
              expected: ["mouse_down 5,5 @1000", "move 50,50 from 5,5 @1100"]),
    ]

    @Test("pointer rules", arguments: pointerCases)
    func pointer(_ c: SegmentationCase) {
        #expect(summaries(c.events, observableFrom: c.observableFrom) == c.expected)
    }

    static let keyCases: [SegmentationCase] = [
        .init(name: "a key press is a key action at its key_down",
              events: tap(1000, "a") + tap(1100, "Return") + tap(1200, "space"),
              expected: ["key a @1000", "key Return @1100", "key space @1200"]),
        .init(name: "a key held with Shift and Ctrl carries both, and the modifier presses are not actions",
              events: [keyDown(1000, "Control_L"), keyDown(1010, "Shift_L", [.ctrl]), keyDown(1100, "A", [.ctrl, .shift]),
                       keyUp(1140, "A", [.ctrl, .shift]), keyUp(1150, "Shift_L", [.ctrl, .shift]), keyUp(1160, "Control_L", [.ctrl])],
              expected: ["key ctrl+shift+a @1100"]),
        .init(name: "modifier keys held count even when the event's state lacks them",
              events: [keyDown(1000, "Control_L"), keyDown(1050, "c"), keyUp(1100, "Control_L"), keyDown(1200, "v")],
              expected: ["key ctrl+c @1050", "key v @1200"]),
        .init(name: "capitals are the letter with shift, also through Caps Lock",
              events: tap(1000, "A", [.shift]) + tap(1100, "a") + tap(1200, "A", [.lock]) + tap(1300, "a", [.shift, .lock]),
              expected: ["key shift+a @1000", "key a @1100", "key shift+a @1200", "key a @1300"]),
        .init(name: "shifted punctuation is the unshifted key with shift",
              events: tap(1000, "exclam", [.shift]) + tap(1100, "colon", [.shift]) + tap(1200, "question", [.shift])
                + tap(1300, "ISO_Left_Tab", [.shift]) + tap(1400, "minus"),
              expected: ["key shift+1 @1000", "key shift+semicolon @1100", "key shift+slash @1200", "key shift+Tab @1300",
                         "key minus @1400"]),
        .init(name: "keypad keys are the keys they type",
              events: tap(1000, "KP_Enter") + tap(1100, "KP_7", [.numLock]) + tap(1200, "KP_Add"),
              expected: ["key Return @1000", "key 7 @1100", "key shift+equal @1200"]),
        .init(name: "alt and super are kept; num lock is not a modifier of the action",
              events: tap(1000, "F4", [.alt]) + tap(1100, "d", [.superKey, .numLock]),
              expected: ["key alt+F4 @1000", "key super+d @1100"]),
        .init(name: "auto-repeat gives one key action per repeated press",
              events: [keyDown(1000, "x"), keyDown(1500, "x"), keyDown(1533, "x"), keyDown(1566, "x"), keyUp(1580, "x")],
              expected: ["key x @1000", "key x @1500", "key x @1533", "key x @1566"]),
        .init(name: "modifier-only presses are not actions",
              events: tap(1000, "Shift_L") + tap(1100, "Super_L") + tap(1200, "Caps_Lock") + tap(1300, "ISO_Level3_Shift"),
              expected: []),
        .init(name: "keys outside the vocabulary are left out",
              events: tap(1000, "eacute") + tap(1100, "XF86AudioMute") + tap(1200, "b"),
              expected: ["key b @1200"]),
        .init(name: "a key during a press makes it a drag",
              events: [press(1000, 1, 10, 10)] + tap(1100, "Escape") + [release(1200, 1, 10, 10)],
              expected: ["mouse_down 10,10 @1000", "key Escape @1100", "mouse_up 10,10 @1200"]),
    ]

    @Test("key rules", arguments: keyCases)
    func keys(_ c: SegmentationCase) {
        #expect(summaries(c.events, observableFrom: c.observableFrom) == c.expected)
    }

    static let waitCases: [SegmentationCase] = [
        .init(name: "a pause gets a wait every 500 ms, none within 500 ms of the next action",
              events: clickEvents(1000, 5, 5, hold: 50) + tap(3050, "a"),
              expected: ["click 5,5 @1000", "wait @1550", "wait @2050", "wait @2550", "key a @3050"]),
        .init(name: "a gap of exactly the threshold is not a pause",
              events: clickEvents(1000, 5, 5, hold: 50) + tap(2050, "a"),
              expected: ["click 5,5 @1000", "key a @2050"]),
        .init(name: "a gap just over the threshold gets one wait",
              events: clickEvents(1000, 5, 5, hold: 50) + tap(2051, "a"),
              expected: ["click 5,5 @1000", "wait @1550", "key a @2051"]),
        .init(name: "the pause is measured from the end of the previous action",
              events: clickEvents(1000, 5, 5, hold: 700) + tap(2900, "a"),
              expected: ["mouse_down 5,5 @1000", "mouse_up 5,5 @1700", "wait @2200", "key a @2900"]),
        .init(name: "the pause before the first action counts from the first frame",
              events: tap(1600, "a"),
              expected: ["wait @500", "wait @1000", "key a @1600"],
              observableFrom: 0),
        .init(name: "no first frame time: no waits before the first action, none after the last",
              events: tap(1600, "a") + tap(1700, "b") + [motion(9000, 1, 1)],
              expected: ["key a @1600", "key b @1700"]),
        .init(name: "events that are not actions do not break a pause",
              events: tap(1000, "a") + tap(1300, "Shift_L") + [motion(1500, 1, 1)] + scrollEvents(1700, 6, 1, 1) + tap(2540, "b"),
              expected: ["key a @1000", "wait @1500", "wait @2000", "key b @2540"]),
    ]

    @Test("wait rules", arguments: waitCases)
    func waits(_ c: SegmentationCase) {
        #expect(summaries(c.events, observableFrom: c.observableFrom) == c.expected)
    }

    @Test("what is left out is counted by reason")
    func leftOutCounts() {
        let events = scrollEvents(1000, 6, 1, 1) + scrollEvents(1010, 7, 1, 1) + clickEvents(1100, 1, 1, button: 2)
            + clickEvents(1200, 1, 1, button: 9) + tap(1300, "Shift_L") + [keyDown(1400, "Control_L"), keyDown(1430, "Control_L")]
            + tap(1500, "eacute") + tap(1600, "eacute") + tap(1700, "XF86Back") + [release(1800, 1, 3, 3)]
            + [motion(1900, 4, 4), motion(1910, 5, 3)] + [press(3000, 1, 9, 9)]
        let result = Segmenter.segment(events)
        #expect(result.actions.map(\.summary) == ["mouse_down 9,9 @3000"])
        var expected = LeftOut()
        expected.horizontalScrolls = 2
        expected.otherButtons = 2
        expected.modifierPresses = 2
        expected.keysOutsideVocabulary = ["eacute": 2, "XF86Back": 1]
        expected.releasesWithoutPress = 1
        expected.pressesWithoutRelease = 1
        expected.jitter = 1
        #expect(result.leftOut == expected)
    }

    @Test("the pointer starts where the first frame shows it")
    func initialPointer() {
        let events = [motion(1000, 20, 20)] + tap(1500, "a")
        #expect(Segmenter.segment(events, initialPointer: (240, 240)).actions.map(\.summary)
                == ["move 20,20 from 240,240 @1000", "key a @1500"])
        #expect(Segmenter.segment(events).actions.map(\.summary) == ["key a @1500"])  // unknown: one motion is no move
    }

    @Test("events out of time order are segmented in time order")
    func unordered() {
        let events = clickEvents(1000, 100, 100)
        #expect(summaries(events.reversed()) == ["click 100,100 @1000"])
    }

    @Test("a drag's mouse_up remembers where the drag began; a move where the pointer was")
    func origins() {
        let events = [press(1000, 1, 10, 20)] + glide(1010, from: (10, 20), to: (70, 80), steps: 3) + [release(1050, 1, 70, 80)]
            + glide(2000, from: (70, 80), to: (5, 6), steps: 2)
        let actions = Segmenter.segment(events).actions
        #expect(actions.count == 3)
        #expect((actions[1].startX, actions[1].startY, actions[1].x, actions[1].y) == (10, 20, 70, 80))
        #expect(actions[1].endT == 1050)
        #expect((actions[2].startX, actions[2].startY, actions[2].x, actions[2].y) == (70, 80, 5, 6))
        #expect(actions[2].endT == 2010)
    }
}
