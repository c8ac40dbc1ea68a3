/// Resolves the counterparty of each invoice of a sync window and decides whether Facteur may
/// forward it without asking.
///
/// The score answers "how sure are we that this document is a genuine invoice of the counterparty
/// we resolved?". Evidence comes from the invoice (Qonto's counterparty name, VAT number, `tin`,
/// IBAN), from the transaction it reconciles with (amount, name, IBAN), and from the directory
/// when there is one. The rules, in order (issue 11's product rules):
/// 1. Hold when the invoice's own identifiers conflict, or when there is no counterparty evidence.
///    The company's own SIREN/VAT (``CompanyIdentifiers``) is dropped first, with a note.
/// 2. An identifier (SIREN, SIRET selecting the establishment, VAT) agreeing with exactly one entry
///    forwards to it — unless the entry records a different identifier, the name is another entry's,
///    or the IBAN is another entry's: then hold, naming both entries.
/// 3. Hold when the name points at one entry and the IBAN at another, when the entry the name points
///    at has a different valid identifier, or when the IBAN is recorded on an entry under an
///    unrelated name (unless an entry whose name it is shares that IBAN: a factor's).
/// 4. A unique, distinctive name match (``HypothesisScorer/Hypothesis/nameIsEquivalent``) forwards,
///    unless another entry is confusable with the name (``NameSimilarity/isConfusable(_:_:)``), the
///    IBAN is not the recorded one, or an identifier is unreadable — an agreeing IBAN lifts these.
///    Two equivalent names (homonyms) hold, unless exactly one of them has the IBAN.
/// 5. Otherwise the best entry with evidence of its own (an agreeing identifier or IBAN, a fair name)
///    scoring at least ``MatchingWeights/candidateFloor`` is forwarded when it clears
///    ``MatchingWeights/threshold`` and leads the runner-up by ``MatchingWeights/margin``.
/// 6. With no plausible entry — an empty directory included — a supplier is forwarded as new with a
///    name and a valid identifier, or a name, an IBAN and a payment to it; a customer with a name;
///    never when the name is confusable with an entry that has no conflicting identifier.
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
            tokens[kind] = DirectoryTokens(zip(directory, identities).filter { $0.0.kind == kind }.map { ($0.0.id, $0.1) })
        }
        self.tokens = tokens
    }

    /// Matches every invoice of a window, reconciling invoices and transactions one to one first.
    /// - Parameters:
    ///   - invoices: the window's invoices, supplier and customer alike.
    ///   - transactions: the window's settled transactions.
    /// - Returns: one result per invoice, in the order given.
    public func matchWindow(_ invoices: [InvoiceEvidence], transactions: [TransactionEvidence]) -> [MatchResult] {
        let parsed = invoices.map { ($0, PartyIdentity($0, company: company)) }
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
        let runnerUp = { (best: HypothesisScorer.Hypothesis) in candidates.first { $0.entry!.id != best.entry!.id }?.score }
        func same(_ a: HypothesisScorer.Hypothesis, _ b: HypothesisScorer.Hypothesis) -> Bool {
            a.entry!.id == b.entry!.id || DuplicateCheck.sameCompany(a.entry!, b.entry!)
        }

        // 2. An identifier wins only when nothing contradicts it. A SIRET picks the establishment.
        var agreeing = candidates.filter(\.hasIdentifierAgreement)
        if agreeing.count > 1, let siret = identity.siret {
            let establishment = agreeing.filter { $0.identity.siret == siret }
            if establishment.count == 1 { agreeing = establishment }
        }
        let equivalent = candidates.filter(\.nameIsEquivalent)
        if agreeing.count == 1, let best = agreeing.first {
            outcome.set(best, runnerUp: runnerUp(best))
            if best.hasIdentifierDisagreement {
                let conflict = best.features.first(where: \.isIdentifierDisagreement)!
                return outcome.hold(.identifierConflictsWithDirectory, conflict.rendered)
            }
            if !best.nameIsEquivalent, let named = equivalent.first(where: { !same($0, best) }) {
                return outcome.hold(.identifierConflictsWithDirectory,
                                    "identifiers point at \(best.entry!.id) \"\(best.entry!.name)\", the name at \(named.entry!.id) \"\(named.entry!.name)\"")
            }
            if !best.hasIBANAgreement, let paid = candidates.first(where: { $0.hasIBANAgreement && !same($0, best) }) {
                return outcome.hold(.nameAndIBANDisagree,
                                    "identifiers point at \(best.entry!.id) \"\(best.entry!.name)\", the IBAN at \(paid.entry!.id) \"\(paid.entry!.name)\"")
            }
            return outcome.forward(best, runnerUp: runnerUp(best), note: best.score < weights.threshold ? "identifier rule" : nil)
        }
        if agreeing.count > 1 {
            let names = agreeing.prefix(2).map { "\($0.entry!.id) \"\($0.entry!.name)\"" }.joined(separator: " and ")
            outcome.set(agreeing[0], runnerUp: agreeing[1].score)
            return outcome.hold(.tooCloseToCall, "identifiers fit \(names)")
        }

        // 3. The name and the IBAN point at different entries; the name at an entry whose identifiers conflict.
        let namedEntry = candidates.filter { $0.nameIsEquivalent || ($0.namePoints ?? -1) >= weights.strongName }
            .max { ($0.namePoints!, $1.entry!.id) < ($1.namePoints!, $0.entry!.id) }
        if let named = namedEntry, !named.hasIBANAgreement,
           let paid = candidates.first(where: { $0.hasIBANAgreement && !same($0, named) }) {
            outcome.set(named, runnerUp: paid.score)
            return outcome.hold(.nameAndIBANDisagree,
                                "name points at \(named.entry!.id) \"\(named.entry!.name)\", IBAN at \(paid.entry!.id) \"\(paid.entry!.name)\"")
        }
        if let named = namedEntry, named.hasIdentifierDisagreement, !named.hasIBANAgreement {
            outcome.set(named, runnerUp: nil)
            let conflict = named.features.first(where: \.isIdentifierDisagreement)!
            return outcome.hold(.identifierConflictsWithDirectory, conflict.rendered)
        }
        // 3. An IBAN recorded on a known entry, under a name that is not that entry's.
        // An IBAN recorded on several entries (a factor's, a PSP's) points at the one whose name it is.
        let ibanNamed = candidates.contains { $0.hasIBANAgreement && ($0.nameIsEquivalent || ($0.namePoints ?? -1) >= weights.strongName) }
        if scorer.observedName != nil, !ibanNamed,
           let owner = candidates.first(where: { $0.hasIBANAgreement && ($0.namePoints ?? 0) <= 0 && !$0.nameIsEquivalent
               && !$0.features.contains(where: \.isRareToken) }) {
            outcome.set(owner, runnerUp: nil)
            return outcome.hold(.nameAndIBANDisagree,
                                "IBAN is recorded on \(owner.entry!.id) \"\(owner.entry!.name)\", under another name: \(describe(owner, runnerUp: nil))")
        }
        // 4. A unique, distinctive name match with nothing against it.
        if equivalent.count == 1, let named = equivalent.first, !named.hasIdentifierDisagreement,
           let observed = scorer.observedName?.name {
            let confusable = candidates.first { other in
                other.entry!.id != named.entry!.id && !same(other, named)
                    && NameSimilarity.isConfusable(observed, other.identity.name)
            }
            outcome.set(named, runnerUp: runnerUp(named))
            if !named.hasIBANAgreement, let theirs = named.identity.iban,
               let other = scorer.observedIBANs.first(where: { $0.iban != theirs }) {
                return outcome.hold(.nameAndIBANDisagree,
                                    "name is \(named.entry!.id) \"\(named.entry!.name)\" but the \(other.fromTransaction ? "transaction's " : "")IBAN is not the one recorded for it")
            }
            if identity.hasMalformedIdentifier, !named.hasIBANAgreement {
                return outcome.hold(.belowThreshold,
                                    "name is \(named.entry!.id) \"\(named.entry!.name)\" but an identifier on the invoice is unreadable")
            }
            if let confusable, !named.hasIBANAgreement {
                return outcome.hold(.tooCloseToCall,
                                    "name fits \(named.entry!.id) \"\(named.entry!.name)\" and is confusable with \(confusable.entry!.id) \"\(confusable.entry!.name)\"")
            }
            return outcome.forward(named, runnerUp: runnerUp(named), note: named.score < weights.threshold ? "unique name" : nil)
        }
        if equivalent.count > 1 {
            let names = equivalent.prefix(2).map { "\($0.entry!.id) \"\($0.entry!.name)\"" }.joined(separator: " and ")
            if let best = equivalent.first(where: \.hasIBANAgreement), equivalent.filter(\.hasIBANAgreement).count == 1 {
                outcome.set(best, runnerUp: runnerUp(best))
                return outcome.forward(best, runnerUp: runnerUp(best), note: "IBAN decides between homonyms")
            }
            outcome.set(equivalent[0], runnerUp: equivalent[1].score)
            return outcome.hold(.tooCloseToCall, "name fits \(names)")
        }
        // 5. The best plausible entry.
        // An entry is plausible only on evidence of its own: an agreeing identifier or IBAN, or a fair
        // name; the payment's points are the same for every hypothesis and a rare word alone is no name.
        if let best = candidates.first, best.score >= weights.candidateFloor,
           best.hasIdentifierAgreement || best.hasIBANAgreement || (best.namePoints ?? -1) >= weights.fairName {
            let next = runnerUp(best)
            outcome.set(best, runnerUp: next)
            if best.hasIdentifierDisagreement && !best.hasIBANAgreement {
                return outcome.hold(.identifierConflictsWithDirectory, describe(best, runnerUp: next))
            }
            if best.score < weights.threshold {
                return outcome.hold(.belowThreshold, "\(best.entry!.id): \(describe(best, runnerUp: next)), below \(PointsFormat.score(weights.threshold))")
            }
            if let next, best.score - next < weights.margin {
                let second = candidates.first { $0.entry!.id != best.entry!.id }!.entry!.id
                return outcome.hold(.tooCloseToCall,
                                    "\(best.entry!.id) \(PointsFormat.score(best.score)) and \(second) \(PointsFormat.score(next)) too close to call")
            }
            return outcome.forward(best, runnerUp: next, note: nil)
        }
        // 6. A counterparty absent from the directory.
        let new = scorer.scoreNewCounterparty()
        let next = candidates.first?.score
        outcome.set(new, runnerUp: next)
        let line = "new counterparty: " + describe(new, runnerUp: next)
        if let observed = scorer.observedName?.name,
           let confusable = candidates.first(where: {
               // An entry whose recorded identifier differs from the invoice's valid one is another company.
               !$0.hasIdentifierDisagreement && NameSimilarity.isConfusable(observed, $0.identity.name)
           }) {
            return outcome.hold(.tooCloseToCall, "\(line); name confusable with \(confusable.entry!.id) \"\(confusable.entry!.name)\"")
        }
        let named = identity.name != nil
        let paidToItsIBAN = identity.iban != nil && pair?.transaction.iban.flatMap(IBAN.init) == identity.iban
        let forwardable = invoice.kind == .customer
            ? named
            : named && (identity.hasIdentifier || paidToItsIBAN)
        if forwardable {
            return outcome.forwardNew(line)
        }
        let needs = invoice.kind == .customer ? "a name" : "a name with a valid identifier, or with an IBAN and a payment to it"
        return outcome.hold(.belowThreshold, "\(line), below \(PointsFormat.score(weights.threshold)): a new counterparty needs \(needs)")
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
            let mine = Set(name.tokens.map(NameSimilarity.transliterated))
            return !mine.isDisjoint(with: theirs.tokens.map(NameSimilarity.transliterated))
                || prefix == String(theirs.tokens.joined().prefix(3))
                || Acronym.abbreviates(name, theirs) || Acronym.abbreviates(theirs, name)
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
