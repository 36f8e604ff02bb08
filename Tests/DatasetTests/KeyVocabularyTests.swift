import Episode
import Dataset
import Testing

@Suite("Key vocabulary")
struct KeyVocabularyTests {
    @Test("index 0 is none; names are unique X keysym names; lookups agree")
    func layout() {
        let keys = KeyVocabulary.standard.names
        #expect(keys[0] == "none")
        #expect(Set(keys).count == keys.count)
        #expect(KeyVocabulary.standard.count == 77)
        for (i, name) in keys.enumerated() {
            #expect(KeyVocabulary.standard.index(of: name) == i)
            #expect(KeyVocabulary.standard.name(at: i) == name)
        }
        #expect(KeyVocabulary.standard.index(of: "A") == nil)  // capitals are a + shift
        #expect(KeyVocabulary.standard.name(at: 999) == "?")
    }

    @Test("the first keys are fixed, so that models trained on them keep their meaning")
    func fixedPrefix() {
        #expect(Array(KeyVocabulary.standard.names.prefix(4)) == ["none", "a", "b", "c"])
        #expect(KeyVocabulary.standard.index(of: "z") == 26)
        #expect(KeyVocabulary.standard.index(of: "0") == 27)
        #expect(KeyVocabulary.standard.index(of: "space") == 37)
        #expect(KeyVocabulary.standard.index(of: "Return") == 38)
        #expect(KeyVocabulary.standard.names.last == "Print")
    }

    @Test("keysyms with modifiers become a key and the action's modifiers", arguments: [
        ("a", Modifiers(), "a"), ("A", [.shift], "shift+a"), ("A", [], "shift+a"), ("a", [.shift], "a"),
        ("A", [.ctrl, .shift], "ctrl+shift+a"), ("exclam", [.shift], "shift+1"), ("exclam", [], "shift+1"),
        ("at", [.shift], "shift+2"), ("underscore", [.shift], "shift+minus"), ("plus", [.shift], "shift+equal"),
        ("quotedbl", [.shift], "shift+apostrophe"), ("asciitilde", [.shift], "shift+grave"), ("bar", [.shift], "shift+backslash"),
        ("greater", [.shift], "shift+period"), ("braceleft", [.shift], "shift+bracketleft"), ("ISO_Left_Tab", [.shift], "shift+Tab"),
        ("Return", [.ctrl], "ctrl+Return"), ("Tab", [.alt], "alt+Tab"), ("F12", [.superKey], "super+F12"),
        ("Page_Up", [], "Prior"), ("Next", [.shift], "shift+Next"), ("KP_Enter", [], "Return"), ("KP_5", [], "5"),
        ("KP_Multiply", [], "shift+8"), ("KP_Left", [], "Left"), ("1", [.shift], "shift+1"), ("space", [.shift], "shift+space"),
    ] as [(String, Modifiers, String)])
    func encode(keysym: String, held: Modifiers, label: String) {
        let encoded = KeyVocabulary.encode(keysym: keysym, modifiers: held)
        #expect(encoded.map { KeyVocabulary.label(key: $0.key, modifiers: $0.modifiers) } == label)
    }

    @Test("keys outside the vocabulary and modifier keys encode to nothing", arguments: [
        "eacute", "XF86AudioMute", "Shift_L", "Control_R", "none", "", "redacted", "KP_F1", "Cyrillic_a",
    ])
    func outside(keysym: String) {
        #expect(KeyVocabulary.encode(keysym: keysym, modifiers: []) == nil)
    }

    @Test("modifier keys are known, with the modifier each holds")
    func modifierKeys() {
        #expect(KeyVocabulary.isModifier(keysym: "Shift_R") && KeyVocabulary.modifierBits(keysym: "Shift_R") == .shift)
        #expect(KeyVocabulary.modifierBits(keysym: "Control_L") == .ctrl)
        #expect(KeyVocabulary.modifierBits(keysym: "Meta_L") == .alt)
        #expect(KeyVocabulary.modifierBits(keysym: "Super_R") == .superKey)
        #expect(KeyVocabulary.isModifier(keysym: "Caps_Lock") && KeyVocabulary.modifierBits(keysym: "Caps_Lock") == [])
        #expect(!KeyVocabulary.isModifier(keysym: "a"))
    }

    @Test("modifier vectors are ctrl, shift, alt, super")
    func vectors() {
        #expect(Modifiers([.ctrl, .superKey]).vector == [1, 0, 0, 1])
        #expect(Modifiers(vector: [0, 1, 1, 0]) == [.shift, .alt])
        #expect(Modifiers([.shift, .lock, .numLock, .mod5]).forAction == .shift)
        #expect(Modifiers.actionNames == ["ctrl", "shift", "alt", "super"])
    }
}
