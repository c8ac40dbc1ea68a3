/// The settings page's view model: one row per ``SettingField``, with the submitted value and its
/// error when the form was refused, in the reader's language. Help texts quote commands in
/// backticks; they are shown as code, never as literal backticks.
struct SettingsContent {
    struct Choice {
        let value: String
        let label: String
        let selected: Bool
    }

    struct FieldRow {
        let key: String
        let label: String
        let value: String
        let help: CodeSpans
        let inputType: String
        let source: String
        let fieldError: String?
        /// The id of the field's error line (for `aria-describedby`).
        let errorID: String
        /// A menu's values (empty: a text input).
        let choices: [Choice]
        let isChoice: Bool
        /// Why the field no longer has any effect; the field is then not editable.
        let inactiveNote: String?
        let inactiveCommand: String?
    }

    /// What a menu shows for a value (a language by its own name).
    static func choiceLabel(_ value: String, strings: Strings) -> String {
        switch value {
        case "auto": return strings.languageAuto
        case "fr": return "français"
        case "en": return "English"
        default: return value
        }
    }

    /// The input types the page emits; anything else becomes `text`.
    static let inputTypes: Set<String> = ["text", "email", "number", "date", "url", "time"]

    let fields: [FieldRow]

    /// - Parameters:
    ///   - fields: The settings.
    ///   - submitted: Values the user submitted, shown instead of the current ones.
    ///   - errors: Errors by field key.
    ///   - display: The reader's language.
    init(fields: [SettingField], submitted: [String: String] = [:], errors: [String: String] = [:], display: Display) {
        let t = display.strings
        self.fields = fields.map { field in
            let text = t.setting(field.key)
            let value = submitted[field.key] ?? field.value
            let source = switch field.source {
            case "settings page": t.sourceSettingsPage
            case "configuration file": t.sourceConfigurationFile
            case "default": t.sourceDefault
            default: field.source
            }
            var note: String?, command: String?
            if case .syncMarkerExists(let marker) = field.inactiveBecause {
                note = Strings.fill(t.backfillInactive, display.formatting.time(marker))
                command = display.language == .fr ? "facteur sync --since AAAA-MM-JJ" : "facteur sync --since YYYY-MM-DD"
            }
            return FieldRow(key: field.key, label: text?.label ?? field.label, value: value,
                            help: CodeSpans(text?.help ?? field.help),
                            inputType: Self.inputTypes.contains(field.inputType) ? field.inputType : "text",
                            source: source, fieldError: errors[field.key], errorID: "error-\(field.key)",
                            choices: field.choices.map { choice in
                                Choice(value: choice, label: Self.choiceLabel(choice, strings: t), selected: choice == value)
                            },
                            isChoice: !field.choices.isEmpty, inactiveNote: note, inactiveCommand: command)
        }
    }
}
