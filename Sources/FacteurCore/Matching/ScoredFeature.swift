/// One feature that fired while scoring a hypothesis, with its points and its words for the
/// explanation line.
struct ScoredFeature: Hashable, Sendable {
    /// What the feature says, without the points ("VAT FR83404833048 agrees").
    var label: String
    /// Points added to the score (negative for disagreement).
    var points: Double
    /// Whether this is an identifier agreement (F1 or F2), which triggers the hard rule.
    var isIdentifierAgreement = false
    /// Whether this is an identifier disagreement (F1 or F2), which vetoes automatic matching.
    var isIdentifierDisagreement = false
    /// Whether this is an IBAN agreement (F3).
    var isIBANAgreement = false
    /// Whether this is a rare shared name token (F5).
    var isRareToken = false

    /// "label (+13)", with a real minus sign for negative points.
    var rendered: String { "\(label) (\(PointsFormat.signed(points)))" }
}

/// Formatting of points and scores for explanation lines, without Foundation's formatters.
enum PointsFormat {
    /// "+13", "−10", "+2.5": whole points without decimals, others with one.
    static func signed(_ value: Double) -> String {
        let magnitude = oneDecimal(abs(value), trimWhole: true)
        return (value < 0 ? "\u{2212}" : "+") + magnitude
    }

    /// "17.0", "−3.5": one decimal, for totals.
    static func score(_ value: Double) -> String {
        (value < 0 ? "\u{2212}" : "") + oneDecimal(abs(value), trimWhole: false)
    }

    /// A name ratio as two decimals ("0.93").
    static func ratio(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        if hundredths >= 100 { return "1.00" }
        return "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
    }

    private static func oneDecimal(_ value: Double, trimWhole: Bool) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, fraction = tenths % 10
        return trimWhole && fraction == 0 ? String(whole) : "\(whole).\(fraction)"
    }
}
