/// Resolves the counterparty of each invoice of a sync window and decides whether Facteur may
/// forward it without asking.
///
/// The score answers "how sure are we that this document is a genuine invoice of the counterparty
/// we resolved?". Evidence comes from the invoice (Qonto's counterparty name, VAT number, `tin`,
/// IBAN), from the transaction it reconciles with (amount, name, IBAN), and from the directory
/// when there is one. The rules, in order:
/// 1. Hold when the invoice's own identifiers conflict, or when there is no counterparty evidence.
/// 2. Hold when the name points at one directory entry and the IBAN at another, or when an entry
///    the name points at has a different valid SIREN or VAT number (and no agreeing IBAN).
/// 3. Hard rule: a valid SIREN or VAT agreement with one entry and no conflicting identifier
///    forwards to that entry.
/// 4. Otherwise the best entry scoring at least ``MatchingWeights/candidateFloor`` is forwarded
///    when it clears ``MatchingWeights/threshold`` and leads the runner-up by ``MatchingWeights/margin``.
/// 5. With no plausible entry — an empty directory included — the invoice is scored as a new
///    counterparty from its own evidence, and forwarded on the same threshold and margin.
///
/// ```swift
/// let matcher = CounterpartyMatcher(directory: suppliers)
/// for result in matcher.matchWindow(invoices, transactions: transactions) where result.decision == .hold {
///     print(result.recordID, result.explanation)
/// }
/// ```
public struct CounterpartyMatcher: Sendable {
    /// The known counterparties (may be empty).
    public var directory: [Counterparty]
    /// The points and thresholds.
    public var weights: MatchingWeights
    /// The company's own identifiers, never taken for a counterparty's.
    public var company: CompanyIdentifiers?

    private let identities: [PartyIdentity]
    private let tokens: [InvoiceKind: DirectoryTokens]

    /// Creates a matcher over a directory.
    /// - Parameters:
    ///   - directory: known suppliers and customers; an empty directory is fine.
    ///   - weights: the scoring points; the defaults of §3.4 unless tuned.
    ///   - company: the company's own SIREN and VAT number (the buyer's, on supplier invoices).
    public init(directory: [Counterparty], weights: MatchingWeights = MatchingWeights(), company: CompanyIdentifiers? = nil) {
        self.directory = directory
        self.weights = weights
        self.company = company
        identities = directory.map(PartyIdentity.init)
        var tokens: [InvoiceKind: DirectoryTokens] = [:]
        for kind in InvoiceKind.allCases {
            tokens[kind] = DirectoryTokens(zip(directory, identities).filter { $0.0.kind == kind }.map(\.1))
        }
        self.tokens = tokens
    }

    /// Matches every invoice of a window, reconciling invoices and transactions one to one first.
    /// - Parameters:
    ///   - invoices: the window's invoices, supplier and customer alike.
    ///   - transactions: the window's settled transactions.
    /// - Returns: one result per invoice, in the order given.
    public func matchWindow(_ invoices: [InvoiceEvidence], transactions: [TransactionEvidence]) -> [MatchResult] {
        let parsed = invoices.map { ($0, PartyIdentity($0)) }
        let pairs = TransactionReconciler(weights: weights).reconcile(parsed, with: transactions)
        return parsed.map { match($0.0, identity: $0.1, pair: pairs[$0.0.recordID]) }
    }

    private func match(_ invoice: InvoiceEvidence, identity: PartyIdentity, pair: TransactionReconciler.Pair?) -> MatchResult {
        var outcome = Outcome(recordID: invoice.recordID, transactionID: pair?.transaction.id, notes: identity.ignored)

        if let conflict = identity.conflictingSIREN, let siren = identity.siren {
            return outcome.hold(.conflictingIdentifiers,
                                "\(identity.sirenLabel ?? "SIREN \(siren)") conflicts with \(conflict.label) on the invoice")
        }
        let scorer = HypothesisScorer(weights: weights, invoice: identity, pair: pair,
                                      tokenFrequency: tokens[invoice.kind] ?? DirectoryTokens([]))
        guard scorer.observedName != nil || identity.hasIdentifier || !scorer.observedIBANs.isEmpty else {
            return outcome.hold(.noEvidence, "no counterparty evidence (no name, valid identifier or IBAN)")
        }

        var candidates = candidateIndices(for: invoice.kind, scorer: scorer)
            .map { scorer.score(directory[$0], identity: identities[$0]) }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.entry!.id < $1.entry!.id }
        // Several entries may share an id (a learned alias beside the Pennylane record): keep the best.
        var seen: Set<String> = []
        candidates = candidates.filter { seen.insert($0.entry!.id).inserted }

        // Rule 2: the name and the IBAN point at different entries.
        let namedEntry = candidates.filter { ($0.namePoints ?? -1) >= weights.strongName }
            .max { ($0.namePoints!, $1.entry!.id) < ($1.namePoints!, $0.entry!.id) }
        let agreeing = candidates.filter(\.hasIdentifierAgreement)
        if let named = namedEntry, agreeing.isEmpty,
           let paid = candidates.first(where: { $0.hasIBANAgreement && $0.entry!.id != named.entry!.id }),
           !named.hasIBANAgreement {
            outcome.set(named, runnerUp: paid.score)
            return outcome.hold(.nameAndIBANDisagree, "name points at \(named.entry!.id), IBAN at \(paid.entry!.id)")
        }
        // Rule 2: the name points at an entry whose identifiers conflict.
        if let named = namedEntry, agreeing.isEmpty, named.hasIdentifierDisagreement, !named.hasIBANAgreement {
            outcome.set(named, runnerUp: nil)
            let conflict = named.features.first(where: \.isIdentifierDisagreement)!
            return outcome.hold(.identifierConflictsWithDirectory, conflict.rendered)
        }
        // Rule 3: the hard identifier rule.
        if agreeing.count == 1, let best = agreeing.first, !best.hasIdentifierDisagreement,
           best.entry!.id == candidates.first?.entry!.id {
            let runnerUp = candidates.dropFirst().first?.score
            outcome.set(best, runnerUp: runnerUp)
            return outcome.forward(best, runnerUp: runnerUp, note: best.score < weights.threshold ? "identifier rule" : nil)
        }
        // Rule 4: the best plausible entry.
        if let best = candidates.first, best.score >= weights.candidateFloor {
            let runnerUp = candidates.dropFirst().first?.score
            outcome.set(best, runnerUp: runnerUp)
            if best.hasIdentifierDisagreement && !best.hasIBANAgreement {
                return outcome.hold(.identifierConflictsWithDirectory, describe(best, runnerUp: runnerUp))
            }
            if best.score < weights.threshold {
                return outcome.hold(.belowThreshold, "\(best.entry!.id): \(describe(best, runnerUp: runnerUp)), below \(PointsFormat.score(weights.threshold))")
            }
            if let runnerUp, best.score - runnerUp < weights.margin {
                let second = candidates[1].entry!.id
                return outcome.hold(.tooCloseToCall,
                                    "\(best.entry!.id) \(PointsFormat.score(best.score)) and \(second) \(PointsFormat.score(runnerUp)) too close to call")
            }
            return outcome.forward(best, runnerUp: runnerUp, note: nil)
        }
        // Rule 5: a counterparty absent from the directory.
        let new = scorer.scoreNewCounterparty()
        let runnerUp = candidates.first?.score
        outcome.set(new, runnerUp: runnerUp)
        let line = "new counterparty: " + describe(new, runnerUp: runnerUp)
        if new.score >= weights.threshold, (runnerUp.map { new.score - $0 >= weights.margin } ?? true) {
            return outcome.forwardNew(line)
        }
        return outcome.hold(.belowThreshold, "\(line), below \(PointsFormat.score(weights.threshold))")
    }

    /// Directory entries worth scoring (blocking, §3.4): same kind, and the same SIREN, VAT number
    /// or IBAN, a shared name token, or the same first three letters of the condensed name.
    private func candidateIndices(for kind: InvoiceKind, scorer: HypothesisScorer) -> [Int] {
        let name = scorer.observedName?.name
        let prefix = name.map { String($0.tokens.joined().prefix(3)) }
        let ibans = Set(scorer.observedIBANs.map(\.iban))
        return directory.indices.filter { index in
            guard directory[index].kind == kind else { return false }
            let entry = identities[index]
            if let siren = scorer.invoice.siren, siren == entry.siren { return true }
            if let vat = scorer.invoice.vatWithoutSIREN, vat == entry.vatWithoutSIREN { return true }
            if let iban = entry.iban, ibans.contains(iban) { return true }
            guard let name, let theirs = entry.name else { return false }
            return !Set(name.tokens).isDisjoint(with: theirs.tokens) || prefix == String(theirs.tokens.joined().prefix(3))
        }
    }

    private func describe(_ hypothesis: HypothesisScorer.Hypothesis, runnerUp: Double?) -> String {
        let features = hypothesis.features.isEmpty ? "no features" : hypothesis.features.map(\.rendered).joined(separator: ", ")
        let next = runnerUp.map { ", next best \(PointsFormat.score($0))" } ?? ""
        return "\(features) → \(PointsFormat.score(hypothesis.score))\(next)"
    }

    /// Builds the result for one invoice.
    private struct Outcome {
        var recordID: String
        var transactionID: String?
        var notes: [String]
        var entry: Counterparty?
        var score: Double = 0
        var runnerUp: Double?

        mutating func set(_ hypothesis: HypothesisScorer.Hypothesis, runnerUp: Double?) {
            entry = hypothesis.entry
            score = hypothesis.score
            self.runnerUp = runnerUp
        }

        func hold(_ reason: MatchResult.HoldReason, _ line: String) -> MatchResult {
            MatchResult(recordID: recordID, decision: .hold, holdReason: reason, counterparty: nil,
                        isNewCounterparty: false, score: score, runnerUpScore: runnerUp, transactionID: transactionID,
                        explanation: withNotes("held: " + line))
        }

        func forward(_ hypothesis: HypothesisScorer.Hypothesis, runnerUp: Double?, note: String?) -> MatchResult {
            let features = hypothesis.features.map(\.rendered).joined(separator: ", ")
            let next = runnerUp.map { ", next best \(PointsFormat.score($0))" } ?? ""
            let rule = note.map { " (\($0))" } ?? ""
            return MatchResult(recordID: recordID, decision: .forward, counterparty: hypothesis.entry,
                               isNewCounterparty: false, score: score, runnerUpScore: runnerUp, transactionID: transactionID,
                               explanation: withNotes("\(hypothesis.entry!.id): \(features) → \(PointsFormat.score(score))\(next)\(rule)"))
        }

        func forwardNew(_ line: String) -> MatchResult {
            MatchResult(recordID: recordID, decision: .forward, counterparty: nil, isNewCounterparty: true,
                        score: score, runnerUpScore: runnerUp, transactionID: transactionID, explanation: withNotes(line))
        }

        private func withNotes(_ line: String) -> String {
            notes.isEmpty ? line : line + "; " + notes.joined(separator: "; ")
        }
    }
}
