public import FacteurCore
import FoundationEssentials
import GRDB

extension MailLog {
    /// The result of ``verify()`` (``FacteurCore/MailLogVerification``).
    public typealias Verification = MailLogVerification

    /// Recomputes the chain and checks it against a head exported earlier (`facteur audit --verify`
    /// printed it): that row must still be there with the same hash, which detects rows removed from
    /// the end, or a chain rebuilt after an edit.
    /// - Parameters:
    ///   - seq: The exported head's row.
    ///   - hash: Its hash.
    /// - Returns: The verification; `firstBreak` names the problem.
    public func verify(expectingHead seq: Int64, hash: String) throws(StoreError) -> Verification {
        var result = try verify()
        guard result.isIntact else { return result }
        let stored = try database.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM mail_log WHERE seq = ?", arguments: [seq])
        }
        if stored == nil {
            result.firstBreak = "row \(seq): the exported head is missing (rows were removed from the end; the log now ends at row \(result.headSeq ?? 0))"
        } else if stored != hash {
            result.firstBreak = "row \(seq): its hash differs from the exported head (the chain was rewritten)"
        }
        return result
    }

    /// Checks the whole log, streaming the rows (constant memory at millions of rows): the
    /// append-only triggers are in place; every field has its column's storage type and holds
    /// valid UTF-8 without a NUL byte (text hidden behind a NUL would be read by some tools and not by
    /// others); each row's hash, computed over the exact bytes stored, matches and links to the
    /// previous row; and each row's seal matches under the master key, once sealing has begun.
    /// - Returns: The verification; `firstBreak` names the first row that does not fit.
    public func verify() throws(StoreError) -> Verification {
        let sealKey = database.sealKey
        return try database.read { db in
            // From which row on every row must be sealed, itself sealed (migration v6).
            let markers: [(sealedFrom: Int64?, seal: String?)] = sealKey == nil ? [] : try Row.fetchAll(
                db, sql: "SELECT sealed_from, seal FROM mail_log_sealing").map { ($0["sealed_from"], $0["seal"]) }
            var check = MailLogChainCheck(sealKey: sealKey, markers: markers)
            guard !check.isBroken else { return check.result }
            let cursor = try Row.fetchCursor(db, sql: MailLogStoredRow.selectSQL)
            while let row = try cursor.next() {
                guard check.check(MailLogStoredRow(row)) else { return check.result }
            }
            return check.finish(damagedGuards: try Self.damagedGuards(db))
        }
    }
}

extension MailLogStoredRow {
    /// The SQLite query reading every row's text columns as the bytes stored and each column's storage type.
    static let selectSQL: String = {
        let texts = textColumns.map { "CAST(\($0.name) AS BLOB) AS \($0.name), typeof(\($0.name)) AS t_\($0.name)" }
        let integers = integerColumns.map { "\($0.name), typeof(\($0.name)) AS t_\($0.name)" }
        return "SELECT " + (integers + texts).joined(separator: ", ") + " FROM mail_log ORDER BY seq"
    }()

    /// A row read with ``selectSQL``.
    init(_ row: Row) {
        var bytes: [String: [UInt8]] = [:], integers: [String: Int64] = [:], types: [String: String] = [:]
        for column in Self.textColumns {
            types[column.name] = row["t_\(column.name)"]
            if let data = row[column.name] as Data? { bytes[column.name] = Array(data) }
        }
        for column in Self.integerColumns {
            types[column.name] = row["t_\(column.name)"]
            if types[column.name] == "integer" { integers[column.name] = row[column.name] }
        }
        self.init(bytes: bytes, integers: integers, types: types)
    }
}
