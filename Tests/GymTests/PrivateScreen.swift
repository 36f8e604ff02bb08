import Capture

/// Runs `body` with a private 480x480 X display (its own Xvfb) that outlives every X client the
/// body creates: they are released when the body returns, before the server stops. (Xlib ends a
/// process whose server goes away under an open connection.)
func withPrivateDisplay(_ body: (String) throws -> Void) throws {
    let display = try PrivateDisplay(width: 480, height: 480)
    try withExtendedLifetime(display) { try body(display.name) }
    display.stop()
}
