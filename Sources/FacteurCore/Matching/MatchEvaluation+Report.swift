extension MatchEvaluation.Report {
    /// The headline: precision, recall, auto rate and counts, on one line.
    public var summary: String {
        let o = overall
        return "precision \(Self.percent(o.precision)) (\(o.correctForwards)/\(o.forwards)), "
            + "recall \(Self.percent(o.recall)) (\(o.correctForwards)/\(o.expectedForwards)), "
            + "auto rate \(Self.percent(o.autoRate)) (\(o.forwards)/\(o.cases)), "
            + "wrong forwards \(o.wrongForwards), correct holds \(o.correctHolds)"
    }

    /// A plain-text table: the summary, then one row per tier, per reason code and (when the set
    /// tags them) per family, then the model's
    /// hold reasons, then every wrong and missed forward.
    public var table: String {
        var lines = [summary, ""]
        let header = Self.row("group", "cases", "exp.fwd", "fwd", "correct", "wrong", "held ok", "precision", "recall")
        var sections = [("tier", byTier), ("reason", byReason)]
        if byFamily.keys.contains(where: { $0 != "-" }) { sections.append(("family", byFamily)) }
        for (title, groups) in sections {
            lines.append("by \(title)")
            lines.append(header)
            for key in groups.keys.sorted() {
                let c = groups[key]!
                lines.append(Self.row(key, "\(c.cases)", "\(c.expectedForwards)", "\(c.forwards)", "\(c.correctForwards)",
                                      "\(c.wrongForwards)", "\(c.correctHolds)", Self.percent(c.precision), Self.percent(c.recall)))
            }
            lines.append("")
        }
        lines.append("hold reasons: " + holdReasons.keys.sorted().map { "\($0) \(holdReasons[$0]!)" }.joined(separator: ", "))
        lines += wrongForwards.map { "WRONG  " + $0 }
        lines += missedForwards.map { "MISSED " + $0 }
        return lines.joined(separator: "\n")
    }

    private static func row(_ columns: String...) -> String {
        let widths = [34, 6, 8, 6, 8, 6, 8, 10, 8]
        return zip(columns, widths).map { column, width in
            column.count >= width ? column + " " : column + String(repeating: " ", count: width - column.count)
        }.joined()
    }

    private static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
