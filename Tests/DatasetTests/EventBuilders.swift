import Dataset
import Episode

// Short constructors for hand-written event sequences: times in ms, coordinates in screen pixels.

func motion(_ t: Double, _ x: Int, _ y: Int) -> InputEvent {
    InputEvent(t: t, .motion(x: x, y: y))
}

func press(_ t: Double, _ button: Int, _ x: Int, _ y: Int, _ modifiers: Modifiers = []) -> InputEvent {
    InputEvent(t: t, .buttonDown(.init(button: button, x: x, y: y, modifiers: modifiers)))
}

func release(_ t: Double, _ button: Int, _ x: Int, _ y: Int, _ modifiers: Modifiers = []) -> InputEvent {
    InputEvent(t: t, .buttonUp(.init(button: button, x: x, y: y, modifiers: modifiers)))
}

/// A press and release of `button` at one place, `hold` ms apart.
func clickEvents(_ t: Double, _ x: Int, _ y: Int, button: Int = 1, hold: Double = 60, _ modifiers: Modifiers = []) -> [InputEvent] {
    [press(t, button, x, y, modifiers), release(t + hold, button, x, y, modifiers)]
}

/// One scroll notch: X sends a press and a release of button 4 (up) or 5 (down).
func scrollEvents(_ t: Double, _ button: Int, _ x: Int, _ y: Int) -> [InputEvent] {
    [press(t, button, x, y), release(t + 1, button, x, y)]
}

func keyDown(_ t: Double, _ keysym: String, _ modifiers: Modifiers = [], keycode: Int = 38) -> InputEvent {
    InputEvent(t: t, .keyDown(.init(keycode: keycode, keysym: keysym, modifiers: modifiers)))
}

func keyUp(_ t: Double, _ keysym: String, _ modifiers: Modifiers = [], keycode: Int = 38) -> InputEvent {
    InputEvent(t: t, .keyUp(.init(keycode: keycode, keysym: keysym, modifiers: modifiers)))
}

/// A tap of a key: press and release 40 ms apart.
func tap(_ t: Double, _ keysym: String, _ modifiers: Modifiers = []) -> [InputEvent] {
    [keyDown(t, keysym, modifiers), keyUp(t + 40, keysym, modifiers)]
}

/// Motion events every 10 ms along a straight line, from (not including) `from` to `to`.
func glide(_ t: Double, from: (Int, Int), to: (Int, Int), steps: Int) -> [InputEvent] {
    (1...steps).map { i in
        motion(t + Double(i - 1) * 10, from.0 + (to.0 - from.0) * i / steps, from.1 + (to.1 - from.1) * i / steps)
    }
}

func summaries(_ events: [InputEvent], observableFrom start: Double? = nil) -> [String] {
    Segmenter.segment(events, observableFrom: start).actions.map(\.summary)
}
