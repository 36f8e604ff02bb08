import Dataset
import Testing

@Suite("Action types")
struct ActionTypeTests {
    @Test("ids and names follow the table in docs/dataset.md")
    func idsAndNames() {
        #expect(ActionType.names == ["wait", "move", "click", "double_click", "right_click", "mouse_down",
                                     "mouse_up", "scroll_up", "scroll_down", "key"])
        for type in ActionType.allCases {
            #expect(ActionType.names[Int(type.rawValue)] == type.name)
            #expect(ActionType(name: type.name) == type)
        }
        #expect(ActionType.allCases.filter(\.hasPosition).map(\.rawValue) == Array(1...8))
    }
}
