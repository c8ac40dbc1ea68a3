/// Compatibility of legal forms for the legal-form conflict feature (F6).
enum LegalForms {
    /// Forms that are variants of one another and do not conflict: a SASU is a one-person SAS, an
    /// EURL a one-person SARL, an EIRL a sole trader.
    private static let families: [String: String] = [
        "SASU": "SAS", "EURL": "SARL", "EIRL": "EI", "SELAS": "SAS", "SELARL": "SARL", "SELAFA": "SA",
    ]

    /// Whether both names carry legal forms and no pair of them is compatible.
    static func conflict(_ a: [String], _ b: [String]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        let left = Set(a.map { families[$0] ?? $0 }), right = Set(b.map { families[$0] ?? $0 })
        return left.isDisjoint(with: right)
    }
}
