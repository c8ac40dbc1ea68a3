/// Scores the hypotheses for one invoice: "it is directory entry C" (features F1–F8 of §3.4) and
/// "it is a counterparty absent from the directory" (the invoice's own, self-consistent evidence).
struct HypothesisScorer: Sendable {
    /// A scored hypothesis.
    struct Hypothesis: Sendable {
        /// The directory entry; `nil` for a new counterparty.
        var entry: Counterparty?
        var features: [ScoredFeature]
        /// F4 points of the name comparison, when names were compared.
        var namePoints: Double?
        /// Whether the observed name is this entry's after normalisation (exact, word order,
        /// transliteration, a label cut inside a word, or an acronym confirmed by a payment) with
        /// no legal-form conflict.
        var nameIsEquivalent = false
        /// The entry's parsed identity (empty for a new counterparty).
        var identity = PartyIdentity.empty
        var score: Double { features.reduce(0) { $0 + $1.points } }
        var hasIdentifierAgreement: Bool { features.contains(where: \.isIdentifierAgreement) }
        var hasIdentifierDisagreement: Bool { features.contains(where: \.isIdentifierDisagreement) }
        var hasIBANAgreement: Bool { features.contains(where: \.isIBANAgreement) }
    }

    var weights: MatchingWeights
    var invoice: PartyIdentity
    var pair: TransactionReconciler.Pair?
    var tokenFrequency: DirectoryTokens

    /// The name the invoice is known by: its own, else the reconciled transaction's.
    var observedName: (name: CompanyName, fromTransaction: Bool)? {
        if let name = invoice.name { return (name, false) }
        if let text = pair?.transaction.counterpartyName {
            let name = CompanyName(BankLabel.counterpartyName(text))
            if !name.isEmpty { return (name, true) }
        }
        return nil
    }

    /// The IBANs observed on the invoice and on its transaction.
    var observedIBANs: [(iban: IBAN, fromTransaction: Bool)] {
        var result: [(IBAN, Bool)] = []
        if let iban = invoice.iban { result.append((iban, false)) }
        if let text = pair?.transaction.iban, let iban = IBAN(text), iban != invoice.iban { result.append((iban, true)) }
        return result
    }

    /// The feature for the reconciled transaction, shared by every hypothesis.
    var transactionFeature: ScoredFeature? {
        pair.map { ScoredFeature(label: "transaction \($0.transaction.id) agrees on amount", points: weights.reconciledTransaction) }
    }

    /// Scores the hypothesis that the invoice belongs to a directory entry.
    func score(_ entry: Counterparty, identity: PartyIdentity) -> Hypothesis {
        var features: [ScoredFeature] = []
        // F1: SIREN.
        if let mine = invoice.siren, let theirs = identity.siren {
            if mine == theirs {
                features.append(ScoredFeature(label: "\(invoice.sirenLabel ?? "SIREN \(mine)") agrees",
                                              points: weights.sirenAgreement, isIdentifierAgreement: true))
            } else {
                features.append(ScoredFeature(label: "SIREN \(mine) conflicts with directory entry \(entry.id)",
                                              points: weights.sirenDisagreement, isIdentifierDisagreement: true))
            }
        }
        // F2: VAT numbers without a SIREN (foreign, Monaco).
        if let mine = invoice.vatWithoutSIREN, let theirs = identity.vatWithoutSIREN {
            if mine == theirs {
                features.append(ScoredFeature(label: "VAT \(mine) agrees", points: weights.foreignVATAgreement,
                                              isIdentifierAgreement: true))
            } else {
                features.append(ScoredFeature(label: "VAT \(mine) conflicts with directory entry \(entry.id)",
                                              points: weights.foreignVATDisagreement, isIdentifierDisagreement: true))
            }
        }
        // A directory entry without identifiers (a FEC account, a name-only record) cannot agree or
        // conflict on one: a valid identifier on the invoice then still corroborates the document,
        // as it does for a new counterparty — adding a name-only directory must not make a
        // well-identified invoice less forwardable than with no directory at all.
        if identity.siren == nil, identity.vatWithoutSIREN == nil, let (name, fromTransaction) = observedName, !fromTransaction,
           let theirs = identity.name,
           NameSimilarity.compare(name, theirs).isExact || Self.isFixedWidthCut(name, fromTransaction: false, theirs, entry: entry) {
            if let siren = invoice.siren {
                features.append(ScoredFeature(label: "\(invoice.sirenLabel ?? "SIREN \(siren)") valid on invoice (entry has none)",
                                              points: weights.identifierOnInvoice))
            } else if let vat = invoice.vatWithoutSIREN {
                features.append(ScoredFeature(label: "VAT \(vat) on invoice (entry has none)", points: weights.identifierOnInvoice))
            }
        }
        // F3: IBAN, from the invoice or its transaction.
        if let theirs = identity.iban, !observedIBANs.isEmpty {
            if let agreeing = observedIBANs.first(where: { $0.iban == theirs }) {
                features.append(ScoredFeature(label: agreeing.fromTransaction ? "IBAN from transaction agrees" : "IBAN agrees",
                                              points: weights.ibanAgreement, isIBANAgreement: true))
            } else {
                features.append(ScoredFeature(label: "IBAN differs", points: weights.ibanDisagreement))
            }
        }
        // F4–F6, F8: names.
        var namePoints: Double?
        var nameIsEquivalent = false
        if let (name, fromTransaction) = observedName, let theirs = identity.name {
            var comparison = NameSimilarity.compare(name, theirs)
            comparison.isTruncation = comparison.isTruncation
                && Self.isFixedWidthCut(name, fromTransaction: fromTransaction, theirs, entry: entry)
            // An acronym ("EDF") is the entry's name only when a payment of the same amount confirms it.
            if !comparison.isExact, pair != nil, Acronym.abbreviates(name, theirs) || Acronym.abbreviates(theirs, name) {
                comparison.isExact = true
            }
            nameIsEquivalent = (comparison.isExact || comparison.isTruncation)
                && !LegalForms.conflict(name.legalForms, theirs.legalForms)
            let points = weights.namePoints(comparison)
            namePoints = points
            let source = fromTransaction ? "transaction name" : "name"
            let label = comparison.isExact ? "\(source) exact" : "\(source) \(PointsFormat.ratio(comparison.ratio))"
            features.append(ScoredFeature(label: label, points: points))
            if let rare = tokenFrequency.rareSharedToken(name, theirs, weights: weights) {
                features.append(ScoredFeature(label: "rare token \(rare)", points: weights.rareToken, isRareToken: true))
            }
            if LegalForms.conflict(name.legalForms, theirs.legalForms) {
                features.append(ScoredFeature(label: "legal form \(name.legalForms[0]) vs \(theirs.legalForms[0])",
                                              points: weights.legalFormConflict))
            }
            if entry.source == "learned", !fromTransaction, comparison.isExact {
                features.append(ScoredFeature(label: "confirmed alias", points: weights.confirmedAlias))
            }
        }
        if let transactionFeature { features.append(transactionFeature) }
        return Hypothesis(entry: entry, features: features, namePoints: namePoints, nameIsEquivalent: nameIsEquivalent,
                          identity: identity)
    }

    /// Scores the hypothesis that the counterparty is absent from the directory, from the
    /// invoice's own evidence and its agreement with the reconciled transaction.
    func scoreNewCounterparty() -> Hypothesis {
        var features: [ScoredFeature] = []
        if let siren = invoice.siren {
            features.append(ScoredFeature(label: "\(invoice.sirenLabel ?? "SIREN \(siren)") valid on invoice",
                                          points: weights.identifierOnInvoice))
        } else if let vat = invoice.vatWithoutSIREN {
            features.append(ScoredFeature(label: "VAT \(vat) on invoice", points: weights.identifierOnInvoice))
        }
        if let name = invoice.name {
            features.append(ScoredFeature(label: "name \"\(name.normalized)\"", points: weights.nameOnInvoice))
        }
        if let pair {
            if let points = pair.ibanPoints {
                features.append(ScoredFeature(label: points > 0 ? "IBAN from transaction agrees" : "IBAN on transaction differs",
                                              points: points))
            }
            if let points = pair.namePoints, let ratio = pair.nameRatio {
                features.append(ScoredFeature(label: "name on transaction \(PointsFormat.ratio(ratio))", points: points))
            }
        }
        if let transactionFeature { features.append(transactionFeature) }
        return Hypothesis(entry: nil, features: features, namePoints: nil)
    }

    /// Whether one name is the other cut by a fixed-width field: the entry's name when it is a FEC
    /// account label, or the transaction's bank label. An invoice prints its own name whole, so an
    /// invoice name that is the start of an entry's ("Transports Martin" / "TRANSPORTS MARTINEZ")
    /// is another company, not a cut.
    static func isFixedWidthCut(_ observed: CompanyName, fromTransaction: Bool, _ theirs: CompanyName,
                                entry: Counterparty) -> Bool {
        (entry.source == "fec" && NameSimilarity.isCut(theirs, of: observed))
            || (fromTransaction && NameSimilarity.isCut(observed, of: theirs))
    }
}
