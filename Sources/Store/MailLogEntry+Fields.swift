extension MailLogEntry {
    /// A row as an engine read it back, field by field (PostgreSQL's reader; SQLite's reads a GRDB row).
    package init(seq: Int64, at: String, event: String, outboxID: Int64?, recordID: String?, recordType: String?,
                 messageID: String?, recipient: String?, outcome: String?, reply: String?, attachmentSHA256: String?,
                 possibleDuplicate: Bool, detail: String?, previousHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.event = event
        self.outboxID = outboxID
        self.recordID = recordID
        self.recordType = recordType
        self.messageID = messageID
        self.recipient = recipient
        self.outcome = outcome
        self.reply = reply
        self.attachmentSHA256 = attachmentSHA256
        self.possibleDuplicate = possibleDuplicate
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }
}
