/// The points of the scoring model (pennylane.md §3.4) and the decision thresholds.
///
/// Points are rough log2 Bayes factors: positive when a feature is more likely for a genuine match,
/// negative when less. Every value has the documented default; decoding accepts any subset of keys
/// and keeps the defaults for the rest, so a configuration file only states what it changes.
public struct MatchingWeights: Hashable, Sendable, Codable {
    /// F1: a valid SIREN (direct, or from a SIRET or FR VAT number) agrees. Default +13.
    public var sirenAgreement: Double = 13
    /// F1: both SIRENs valid and different; a veto. Default −10.
    public var sirenDisagreement: Double = -10
    /// F2: a non-French VAT number agrees after compaction. Default +12.
    public var foreignVATAgreement: Double = 12
    /// F2: both non-French VAT numbers present and different. Default −8.
    public var foreignVATDisagreement: Double = -8
    /// F3: a valid IBAN agrees (factors, marketplaces and PSPs share IBANs, hence less than F1). Default +8.
    public var ibanAgreement: Double = 8
    /// F3: both IBANs valid and different (suppliers have several accounts). Default −1.
    public var ibanDisagreement: Double = -1
    /// F4: normalised names identical. Default +6.
    public var exactName: Double = 6
    /// F4: Indel ratio ≥ ``strongNameRatio``, or one name cut inside a word. Default +4.
    public var strongName: Double = 4
    /// F4: ratio ≥ ``fairNameRatio``, or a token subset with ratio ≥ ``subsetNameRatio``. Default +2.
    public var fairName: Double = 2
    /// F4: ratio below ``mismatchNameRatio``. Default −4.
    public var nameMismatch: Double = -4
    /// F4: ratio for ``strongName``. Default 0.92.
    public var strongNameRatio: Double = 0.92
    /// F4: ratio for ``fairName``. Default 0.85.
    public var fairNameRatio: Double = 0.85
    /// F4: ratio floor for a token-subset pair to earn ``fairName``. Default 0.70.
    public var subsetNameRatio: Double = 0.70
    /// F4: ratio below which names disagree. Default 0.75.
    public var mismatchNameRatio: Double = 0.75
    /// F5: the names share a token rare among directory names. Default +2.
    public var rareToken: Double = 2
    /// F5: a token is rare when at most this share of directory entries (and at least one) use it. Default 0.01.
    public var rareTokenFrequency: Double = 0.01
    /// F6: both names carry legal forms and they are incompatible (SCI vs SAS). Default −1.
    public var legalFormConflict: Double = -1
    /// F7: email domains agree. Default +2. Reserved: no evidence carries an email yet.
    public var emailDomainAgreement: Double = 2
    /// F7: postal codes agree. Default +1. Reserved: no evidence carries an address yet.
    public var postalCodeAgreement: Double = 1
    /// F8: the invoice's counterparty name is an alias an operator confirmed for this entry. Default +4.
    public var confirmedAlias: Double = 4
    /// New counterparty: a checksum-valid SIREN, SIRET or VAT number on the invoice. Default +8.
    public var identifierOnInvoice: Double = 8
    /// New counterparty: the invoice names its counterparty. Default +2.
    public var nameOnInvoice: Double = 2
    /// The invoice reconciles with a transaction of the same amount to the cent within the window. Default +4.
    public var reconciledTransaction: Double = 4
    /// Auto-forward needs a score at least this high. Default 10.
    public var threshold: Double = 10
    /// Auto-forward needs the best score this far ahead of the runner-up. Default 4.
    public var margin: Double = 4
    /// A directory entry scoring below this is not a plausible candidate; the invoice is then
    /// scored as a new counterparty. Default 4 (§3.4's "unknown supplier" boundary).
    public var candidateFloor: Double = 4
    /// Days either side of the issue date in which a reconciling transaction may fall. Default 10.
    public var transactionWindowDays: Int = 10
    /// Days after the issue date in which a payment may still reconcile (payment terms of 30 to 60
    /// days, end of month). Default 75.
    public var paymentTermsDays: Int = 75

    /// The default weights.
    public init() {}

    /// Decodes weights; every key is optional and defaults to the value documented above.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<Value: Decodable>(_ key: CodingKeys, _ value: inout Value) throws {
            if let decoded = try container.decodeIfPresent(Value.self, forKey: key) { value = decoded }
        }
        try read(.sirenAgreement, &sirenAgreement); try read(.sirenDisagreement, &sirenDisagreement)
        try read(.foreignVATAgreement, &foreignVATAgreement); try read(.foreignVATDisagreement, &foreignVATDisagreement)
        try read(.ibanAgreement, &ibanAgreement); try read(.ibanDisagreement, &ibanDisagreement)
        try read(.exactName, &exactName); try read(.strongName, &strongName)
        try read(.fairName, &fairName); try read(.nameMismatch, &nameMismatch)
        try read(.strongNameRatio, &strongNameRatio); try read(.fairNameRatio, &fairNameRatio)
        try read(.subsetNameRatio, &subsetNameRatio); try read(.mismatchNameRatio, &mismatchNameRatio)
        try read(.rareToken, &rareToken); try read(.rareTokenFrequency, &rareTokenFrequency)
        try read(.legalFormConflict, &legalFormConflict)
        try read(.emailDomainAgreement, &emailDomainAgreement); try read(.postalCodeAgreement, &postalCodeAgreement)
        try read(.confirmedAlias, &confirmedAlias)
        try read(.identifierOnInvoice, &identifierOnInvoice); try read(.nameOnInvoice, &nameOnInvoice)
        try read(.reconciledTransaction, &reconciledTransaction)
        try read(.threshold, &threshold); try read(.margin, &margin); try read(.candidateFloor, &candidateFloor)
        try read(.transactionWindowDays, &transactionWindowDays); try read(.paymentTermsDays, &paymentTermsDays)
    }

    /// F4 points for a name comparison.
    public func namePoints(_ comparison: NameComparison) -> Double {
        if comparison.isExact { return exactName }
        // A label cut inside a word by a fixed-length bank field is as good as a near-exact name.
        if comparison.ratio >= strongNameRatio || comparison.isTruncation { return strongName }
        if comparison.ratio >= fairNameRatio || (comparison.tokenSetRatio >= 1 && comparison.ratio >= subsetNameRatio) {
            return fairName
        }
        if comparison.ratio >= mismatchNameRatio { return 0 }
        return nameMismatch
    }
}
