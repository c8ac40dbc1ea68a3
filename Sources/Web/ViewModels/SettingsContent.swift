/// The settings page's view model: one row per ``SettingField``, with the submitted value and its
/// error when the form was refused.
struct SettingsContent {
    struct FieldRow {
        let key: String
        let label: String
        let value: String
        let help: String
        let inputType: String
        let source: String
        let fieldError: String?
        /// The id of the field's error line (for `aria-describedby`).
        let errorID: String
    }

    /// The input types the page emits; anything else becomes `text`.
    static let inputTypes: Set<String> = ["text", "email", "number", "date", "url", "time"]

    let fields: [FieldRow]

    /// - Parameters:
    ///   - fields: The settings.
    ///   - submitted: Values the user submitted, shown instead of the current ones.
    ///   - errors: Errors by field key.
    init(fields: [SettingField], submitted: [String: String] = [:], errors: [String: String] = [:]) {
        self.fields = fields.map { field in
            FieldRow(key: field.key, label: field.label, value: submitted[field.key] ?? field.value, help: field.help,
                     inputType: Self.inputTypes.contains(field.inputType) ? field.inputType : "text",
                     source: field.source, fieldError: errors[field.key], errorID: "error-\(field.key)")
        }
    }
}
