/// What verifying a mail log found: rows checked, the head to export, the first break, seals and
/// integrity alerts (`facteur audit --verify`).
public struct MailLogVerification: Sendable, Hashable, Codable {
    /// Rows checked.
    public var rowCount: Int
    /// The last row's seq and hash (the head to export), when the log is not empty.
    public var headSeq: Int64?
    /// The head hash.
    public var headHash: String?
    /// The first problem found, naming the row; nil when the chain is intact.
    public var firstBreak: String?
    /// Whether the seals were checked (false for a database opened without the master key).
    public var sealsChecked: Bool
    /// Rows written before sealing began (by a version without seals): covered by the chain only.
    public var unsealedRows: Int
    /// The integrity-alert rows: when Facteur found the log's protection tampered with.
    public var alerts: [Alert]
    /// Whether the chain is intact.
    public var isIntact: Bool { firstBreak == nil }

    /// One integrity alert recorded in the log.
    public struct Alert: Sendable, Hashable, Codable {
        /// Its row.
        public var seq: Int64
        /// When it was recorded.
        public var at: String
        /// What was found.
        public var detail: String

        /// Creates an alert.
        public init(seq: Int64, at: String, detail: String) {
            self.seq = seq
            self.at = at
            self.detail = detail
        }
    }

    /// Creates a verification result.
    public init(rowCount: Int, headSeq: Int64? = nil, headHash: String? = nil, firstBreak: String? = nil, sealsChecked: Bool,
                unsealedRows: Int, alerts: [Alert]) {
        self.rowCount = rowCount
        self.headSeq = headSeq
        self.headHash = headHash
        self.firstBreak = firstBreak
        self.sealsChecked = sealsChecked
        self.unsealedRows = unsealedRows
        self.alerts = alerts
    }
}
