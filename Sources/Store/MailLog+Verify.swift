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
            var result = Verification(rowCount: 0, sealsChecked: sealKey != nil, unsealedRows: 0, alerts: [])
            var expectedPrevious = Self.genesisHash
            var expectedSeq: Int64 = 1
            var sealing = false
            // From which row on every row must be sealed, itself sealed (migration v6).
            var sealedFrom = Int64.max
            if let sealKey {
                let markers = try Row.fetchAll(db, sql: "SELECT sealed_from, seal FROM mail_log_sealing")
                guard markers.count == 1, let from = markers[0]["sealed_from"] as Int64?, let seal = markers[0]["seal"] as String?,
                      sealKey.verifies(seal: seal, hash: "sealed_from:\(from)") else {
                    result.firstBreak = "the sealing marker is missing or does not verify (removed or rewritten outside Facteur, "
                        + "or this is not the master key the log was sealed with)"
                    return result
                }
                sealedFrom = from
            }
            let cursor = try Row.fetchCursor(db, sql: StoredRow.selectSQL)
            while let row = try cursor.next() {
                let stored = StoredRow(row)
                result.rowCount += 1
                let seq = stored.seq ?? -1
                func broken(_ problem: String) -> Verification {
                    var failed = result
                    failed.firstBreak = "row \(seq): \(problem)"
                    return failed
                }
                if let problem = stored.storageProblem { return broken(problem) }
                if seq != expectedSeq { return broken("expected row \(expectedSeq) here (a row was deleted or renumbered)") }
                if stored.text("prev_hash") != expectedPrevious {
                    return broken("previous-hash link broken (a row before it was changed, removed or reordered)")
                }
                let hash = stored.text("hash") ?? ""
                if MailLogEntry.chainHash(stored.hashedFields) != hash {
                    return broken("content does not match its hash (the row was edited)")
                }
                if let sealKey {
                    if let seal = stored.text("seal") {
                        guard sealKey.verifies(seal: seal, hash: hash) else {
                            return broken("its seal does not match (the row was written or rewritten without Facteur's master key)")
                        }
                        sealing = true
                    } else if sealing || seq >= sealedFrom {
                        return broken("not sealed, though the rows before it are (appended without Facteur's master key)")
                    } else {
                        result.unsealedRows += 1
                    }
                }
                if stored.text("event") == Self.integrityAlertEvent {
                    result.alerts.append(.init(seq: seq, at: stored.text("at") ?? "", detail: stored.text("detail") ?? ""))
                }
                expectedPrevious = hash
                expectedSeq += 1
                result.headSeq = seq
                result.headHash = hash
            }
            if sealedFrom != .max, sealedFrom > expectedSeq {
                // The marker says sealing began after the last row: rows were removed from the end.
                result.firstBreak = "the log ends at row \(expectedSeq - 1), but sealing began at row \(sealedFrom) (rows were removed from the end)"
                return result
            }
            // After the rows, so that a row changed while the triggers were gone is named first.
            let damaged = try Self.damagedGuards(db)
            if !damaged.isEmpty {
                result.firstBreak = "the append-only trigger\(damaged.count == 1 ? "" : "s") \(damaged.joined(separator: ", ")) "
                    + "\(damaged.count == 1 ? "is" : "are") missing or altered (changed outside Facteur)"
            }
            return result
        }
    }
}

/// A mail-log row as stored: each text column's exact bytes and each column's storage type.
private struct StoredRow {
    /// Text columns, and whether each may be NULL.
    static let textColumns: [(name: String, nullable: Bool)] = [
        ("at", false), ("event", false), ("record_id", true), ("record_type", true), ("message_id", true),
        ("recipient", true), ("outcome", true), ("reply", true), ("attachment_sha256", true), ("detail", true),
        ("prev_hash", false), ("hash", false), ("seal", true),
    ]
    /// Integer columns, and whether each may be NULL.
    static let integerColumns: [(name: String, nullable: Bool)] = [("seq", false), ("outbox_id", true), ("possible_duplicate", false)]
    /// Columns holding a flag: only 0 or 1 is what Facteur writes.
    static let flagColumns: Set<String> = ["possible_duplicate"]

    static let selectSQL: String = {
        let texts = textColumns.map { "CAST(\($0.name) AS BLOB) AS \($0.name), typeof(\($0.name)) AS t_\($0.name)" }
        let integers = integerColumns.map { "\($0.name), typeof(\($0.name)) AS t_\($0.name)" }
        return "SELECT " + (integers + texts).joined(separator: ", ") + " FROM mail_log ORDER BY seq"
    }()

    private var bytes: [String: [UInt8]] = [:]
    private var integers: [String: Int64] = [:]
    private var types: [String: String] = [:]

    init(_ row: Row) {
        for column in Self.textColumns {
            types[column.name] = row["t_\(column.name)"]
            if let data = row[column.name] as Data? { bytes[column.name] = Array(data) }
        }
        for column in Self.integerColumns {
            types[column.name] = row["t_\(column.name)"]
            if types[column.name] == "integer" { integers[column.name] = row[column.name] }
        }
    }

    var seq: Int64? { integers["seq"] }

    /// A text column's value, when it is valid UTF-8.
    func text(_ name: String) -> String? {
        bytes[name].flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// What is wrong with how the row is stored, if anything.
    var storageProblem: String? {
        for column in Self.integerColumns {
            let type = types[column.name] ?? "null"
            if type != "integer", !(column.nullable && type == "null") {
                return "\(column.name) is stored as \(type), not an integer (written outside Facteur)"
            }
            if Self.flagColumns.contains(column.name), let value = integers[column.name], value != 0, value != 1 {
                return "\(column.name) holds \(value), not 0 or 1 (written outside Facteur)"
            }
        }
        for column in Self.textColumns {
            let type = types[column.name] ?? "null"
            if type != "text", !(column.nullable && type == "null") {
                return "\(column.name) is stored as \(type), not text (written outside Facteur)"
            }
            guard let value = bytes[column.name] else { continue }
            if value.contains(0) { return "\(column.name) holds a NUL byte (text hidden after it; written outside Facteur)" }
            if String(validating: value, as: UTF8.self) == nil { return "\(column.name) is not valid UTF-8 (written outside Facteur)" }
        }
        return nil
    }

    /// The hashed fields in ``MailLogEntry/computedHash`` order, as stored.
    var hashedFields: [[UInt8]?] {
        func number(_ name: String) -> [UInt8]? { integers[name].map { Array(String($0).utf8) } }
        return [number("seq"), bytes["at"], bytes["event"], number("outbox_id"), bytes["record_id"], bytes["record_type"],
                bytes["message_id"], bytes["recipient"], bytes["outcome"], bytes["reply"], bytes["attachment_sha256"],
                Array((integers["possible_duplicate"] ?? 0) != 0 ? "1".utf8 : "0".utf8), bytes["detail"], bytes["prev_hash"]]
    }
}
