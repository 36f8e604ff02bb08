import Dataset
import Episode

/// How a pressed key reads in the typed-keys strip: printable keys as the character they type,
/// others as a bracketed name ("⟨Return⟩"), with the modifiers that change their meaning
/// ("ctrl+c"). Modifier keys on their own are not shown.
enum KeyLabels {
    /// Nil for a modifier key (Shift, Control, ...): it shows up as the prefix of the next key.
    static func label(keysym: String, modifiers: Modifiers) -> (text: String, printable: Bool)? {
        guard !KeyVocabulary.isModifier(keysym: keysym) else { return nil }
        var prefix = ""
        if modifiers.contains(.ctrl) { prefix += "ctrl+" }
        if modifiers.contains(.alt) { prefix += "alt+" }
        if modifiers.contains(.superKey) { prefix += "super+" }
        if let character = character(keysym) {
            // Shift is already in the character typed ("A", "!"); Ctrl or Alt make it a shortcut.
            return prefix.isEmpty ? (character, true) : (prefix + character, false)
        }
        if modifiers.contains(.shift) { prefix += "shift+" }
        return (prefix + "⟨" + keysym + "⟩", false)
    }

    /// The character a keysym types, when it types one on its own.
    static func character(_ keysym: String) -> String? {
        if keysym.unicodeScalars.count == 1, let scalar = keysym.unicodeScalars.first, scalar.value >= 0x20, scalar.value != 0x7F {
            return keysym
        }
        if let named = named[keysym] { return named }
        if keysym.hasPrefix("KP_"), let typed = named[String(keysym.dropFirst(3))] ?? digit(keysym.dropFirst(3)) {
            return typed
        }
        // Unicode keysyms: "U20AC" is €.
        if keysym.count > 1, keysym.first == "U", let code = UInt32(keysym.dropFirst(), radix: 16),
           let scalar = Unicode.Scalar(code), code >= 0x20 {
            return String(Character(scalar))
        }
        return nil
    }

    private static func digit(_ s: Substring) -> String? { s.count == 1 && s.first!.isNumber ? String(s) : nil }

    /// X keysym names of the printable Latin-1 characters whose name is not the character itself.
    static let named: [String: String] = [
        "space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
        "ampersand": "&", "apostrophe": "'", "parenleft": "(", "parenright": ")", "asterisk": "*", "plus": "+",
        "comma": ",", "minus": "-", "period": ".", "slash": "/", "colon": ":", "semicolon": ";", "less": "<",
        "equal": "=", "greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
        "bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`", "braceleft": "{", "bar": "|",
        "braceright": "}", "asciitilde": "~", "Add": "+", "Subtract": "-", "Multiply": "*", "Divide": "/",
        "Decimal": ".", "Separator": ",", "Space": " ", "Equal": "=",
        "sterling": "£", "section": "§", "degree": "°", "eacute": "é", "egrave": "è", "agrave": "à",
        "ccedilla": "ç", "udiaeresis": "ü", "odiaeresis": "ö", "adiaeresis": "ä", "Udiaeresis": "Ü",
        "Odiaeresis": "Ö", "Adiaeresis": "Ä", "ssharp": "ß", "EuroSign": "€",
    ]
}
