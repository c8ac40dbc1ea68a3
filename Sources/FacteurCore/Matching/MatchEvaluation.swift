/// Measures the matcher on labelled cases: precision and recall of automatic forwarding.
///
/// A forward is correct when the case expects a forward and the resolved counterparty — its id,
/// or `"new"` for a counterparty absent from the directory — equals the label. Precision is
/// correct forwards over all forwards; recall is correct forwards over cases expecting a forward;
/// the auto rate is forwards over all cases. Each case is matched as a window of its own (with its
/// optional ``Case/window`` peers), then screened by ``DuplicateCheck`` against its optional ledger
/// and Facteur's earlier records, exactly as a sync window is.
public enum MatchEvaluation {
    /// What a labelled case expects.
    public struct Expectation: Hashable, Sendable, Codable {
        /// Forward or hold.
        public var decision: MatchResult.Decision
        /// The directory id, `"new"`, or `nil` when the case expects a hold.
        public var counterpartyID: String?

        /// Creates an expectation.
        public init(decision: MatchResult.Decision, counterpartyID: String?) {
            self.decision = decision
            self.counterpartyID = counterpartyID
        }
    }

    /// One labelled invoice and the directory it is scored against.
    public struct Case: Hashable, Sendable, Codable {
        /// A stable id ("C-001").
        public var id: String
        /// Difficulty: "easy", "medium" or "hard".
        public var tier: String
        /// Why the case exists ("legal_form_variant", "shared_iban_psp", …).
        public var reason: String
        /// The truth: "match", "non_match", "new_counterparty" or "no_evidence".
        public var label: String
        /// The name of the directory in the fixture.
        public var directory: String
        /// The invoice.
        public var invoice: InvoiceEvidence
        /// The window's transactions.
        public var transactions: [TransactionEvidence]
        /// The expected outcome.
        public var expected: Expectation
        /// Optional: the general cause the case exercises ("names_acronym", "dup_number_format", …),
        /// reported per family.
        public var family: String?
        /// Optional: other invoices of the same window, matched together with ``invoice``.
        public var window: [InvoiceEvidence]?
        /// Optional: invoices already in the ledger (FEC, Pennylane).
        public var ledger: [BookedInvoice]?
        /// Optional: records Facteur already forwarded.
        public var earlier: [InvoiceEvidence]?
        /// Optional: the company's own identifiers, overriding the fixture's.
        public var company: CompanyIdentifiers?

        /// Creates a case.
        public init(id: String, tier: String, reason: String, label: String, directory: String, invoice: InvoiceEvidence,
                    transactions: [TransactionEvidence] = [], expected: Expectation, family: String? = nil,
                    window: [InvoiceEvidence]? = nil, ledger: [BookedInvoice]? = nil, earlier: [InvoiceEvidence]? = nil,
                    company: CompanyIdentifiers? = nil) {
            self.id = id
            self.tier = tier
            self.reason = reason
            self.label = label
            self.directory = directory
            self.invoice = invoice
            self.transactions = transactions
            self.expected = expected
            self.family = family
            self.window = window
            self.ledger = ledger
            self.earlier = earlier
            self.company = company
        }
    }

    /// A labelled set: named directories and the cases scored against them.
    public struct Fixture: Hashable, Sendable, Codable {
        /// Directories by name ("suppliers", "empty", …).
        public var directories: [String: [Counterparty]]
        /// The cases.
        public var cases: [Case]
        /// Optional: the company's own identifiers, for every case that does not state its own.
        public var company: CompanyIdentifiers?

        /// Creates a fixture.
        public init(directories: [String: [Counterparty]], cases: [Case], company: CompanyIdentifiers? = nil) {
            self.directories = directories
            self.cases = cases
            self.company = company
        }
    }

    /// Tallies for a group of cases.
    public struct Counts: Hashable, Sendable, Encodable {
        /// Cases in the group.
        public var cases = 0
        /// Cases expecting a forward.
        public var expectedForwards = 0
        /// Cases forwarded.
        public var forwards = 0
        /// Correct forwards.
        public var correctForwards = 0
        /// Expected holds that were held.
        public var correctHolds = 0

        /// Wrong forwards: a hold was expected, or another counterparty.
        public var wrongForwards: Int { forwards - correctForwards }
        /// Correct forwards over forwards (1 when nothing was forwarded).
        public var precision: Double { forwards == 0 ? 1 : Double(correctForwards) / Double(forwards) }
        /// Correct forwards over expected forwards (1 when none was expected).
        public var recall: Double { expectedForwards == 0 ? 1 : Double(correctForwards) / Double(expectedForwards) }
        /// Forwards over cases.
        public var autoRate: Double { cases == 0 ? 0 : Double(forwards) / Double(cases) }

        private enum CodingKeys: String, CodingKey {
            case cases, expectedForwards, forwards, correctForwards, correctHolds, wrongForwards, precision, recall, autoRate
        }

        /// Encodes the tallies and the derived rates.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(cases, forKey: .cases)
            try container.encode(expectedForwards, forKey: .expectedForwards)
            try container.encode(forwards, forKey: .forwards)
            try container.encode(correctForwards, forKey: .correctForwards)
            try container.encode(correctHolds, forKey: .correctHolds)
            try container.encode(wrongForwards, forKey: .wrongForwards)
            try container.encode(precision, forKey: .precision)
            try container.encode(recall, forKey: .recall)
            try container.encode(autoRate, forKey: .autoRate)
        }
    }

    /// The result of an evaluation.
    public struct Report: Hashable, Sendable, Encodable {
        /// All cases.
        public var overall = Counts()
        /// By difficulty tier.
        public var byTier: [String: Counts] = [:]
        /// By reason code.
        public var byReason: [String: Counts] = [:]
        /// By family (cases without one under "-").
        public var byFamily: [String: Counts] = [:]
        /// Model hold reasons and how often they fired.
        public var holdReasons: [String: Int] = [:]
        /// One line per wrong forward: case id, expectation and the matcher's explanation.
        public var wrongForwards: [String] = []
        /// One line per missed forward (expected forward, held or resolved elsewhere).
        public var missedForwards: [String] = []
    }

    /// Evaluates a fixture.
    /// - Parameters:
    ///   - fixture: the labelled cases and their directories.
    ///   - weights: the weights under test.
    /// - Returns: the report; render it with ``Report/table``.
    ///   - dedupDays: the duplicate check's window for same-amount invoices without numbers.
    public static func evaluate(_ fixture: Fixture, weights: MatchingWeights = MatchingWeights(), dedupDays: Int = 3) -> Report {
        var report = Report()
        var matchers: [String: CounterpartyMatcher] = [:]
        for item in fixture.cases {
            let company = item.company ?? fixture.company
            let key = "\(item.directory)|\(company?.siren ?? "")|\(company?.vatNumber ?? "")"
            let directory = fixture.directories[item.directory] ?? []
            let matcher = matchers[key] ?? CounterpartyMatcher(directory: directory, weights: weights, company: company)
            matchers[key] = matcher
            let matched = matcher.matchWindow([item.invoice] + (item.window ?? []), transactions: item.transactions)[0]
            let check = DuplicateCheck(ledger: item.ledger ?? [], earlier: item.earlier ?? [], dedupDays: dedupDays)
            let result = check.screen(matched, invoice: item.invoice, directory: directory)
            let resolved = result.isNewCounterparty ? "new" : result.counterparty?.id
            let expectsForward = item.expected.decision == .forward
            let forwarded = result.decision == .forward
            let correct = forwarded && expectsForward && resolved == item.expected.counterpartyID
            func tally(_ counts: inout Counts) {
                counts.cases += 1
                if expectsForward { counts.expectedForwards += 1 }
                if forwarded { counts.forwards += 1 }
                if correct { counts.correctForwards += 1 }
                if !expectsForward && !forwarded { counts.correctHolds += 1 }
            }
            tally(&report.overall)
            tally(&report.byTier[item.tier, default: Counts()])
            tally(&report.byReason[item.reason, default: Counts()])
            tally(&report.byFamily[item.family ?? "-", default: Counts()])
            if let reason = result.holdReason { report.holdReasons[reason.rawValue, default: 0] += 1 }
            let expectation = "\(item.expected.decision.rawValue) \(item.expected.counterpartyID ?? "-")"
            if forwarded && !correct {
                report.wrongForwards.append("\(item.id) [\(item.family.map { $0 + "/" } ?? "")\(item.reason)] expected \(expectation), got \(resolved ?? "-"): \(result.explanation)")
            } else if expectsForward && !correct {
                report.missedForwards.append("\(item.id) [\(item.family.map { $0 + "/" } ?? "")\(item.reason)] expected \(expectation): \(result.explanation)")
            }
        }
        return report
    }
}
