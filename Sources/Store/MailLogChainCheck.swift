package import FacteurCore

/// The mail-log verification both engines run, row by row in `seq` order, so that
/// `facteur audit --verify` judges a SQLite log and a PostgreSQL log by the same rules: the sealing
/// marker verifies; every row is stored with its columns' types, as valid UTF-8 without a NUL;
/// rows are numbered 1, 2, 3…; each row links to the previous row's hash and its hash matches its
/// stored bytes; each row's seal matches once sealing has begun; and no row is missing from the end.
///
/// ```swift
/// var check = MailLogChainCheck(sealKey: key, markers: markers)
/// if !check.isBroken {
///     for row in rows where !check.check(row) { break }
/// }
/// let verification = check.isBroken ? check.result : check.finish(damagedGuards: damaged)
/// ```
package struct MailLogChainCheck: Sendable {
    /// The verification so far; `firstBreak` set once a problem was found.
    package private(set) var result: MailLogVerification
    private let sealKey: MailLogSealKey?
    private var expectedPrevious = MailLog.genesisHash
    private var expectedSeq: Int64 = 1
    private var sealing = false
    /// From which row on every row must be sealed (`Int64.max`: no marker, seals not checked).
    private let sealedFrom: Int64

    /// Starts a check, verifying the sealing marker first when a seal key is known.
    /// - Parameters:
    ///   - sealKey: The seal key (nil: the database was opened without the master key; seals are not checked).
    ///   - markers: The stored sealing markers (exactly one must be there and verify when `sealKey` is set).
    package init(sealKey: MailLogSealKey?, markers: [(sealedFrom: Int64?, seal: String?)]) {
        self.sealKey = sealKey
        result = MailLogVerification(rowCount: 0, sealsChecked: sealKey != nil, unsealedRows: 0, alerts: [])
        guard let sealKey else {
            sealedFrom = .max
            return
        }
        guard markers.count == 1, let from = markers[0].sealedFrom, let seal = markers[0].seal,
              sealKey.verifies(seal: seal, hash: "sealed_from:\(from)") else {
            sealedFrom = .max
            result.firstBreak = "the sealing marker is missing or does not verify (removed or rewritten outside Facteur, "
                + "or this is not the master key the log was sealed with)"
            return
        }
        sealedFrom = from
    }

    /// Starts a check whose sealing start is already known, e.g. a PostgreSQL workspace whose log
    /// is still empty, so it has no marker yet (its first row writes it).
    package init(sealKey: MailLogSealKey?, sealedFrom: Int64) {
        self.sealKey = sealKey
        self.sealedFrom = sealKey == nil ? .max : sealedFrom
        result = MailLogVerification(rowCount: 0, sealsChecked: sealKey != nil, unsealedRows: 0, alerts: [])
    }

    /// Whether a problem was found (stop reading rows; ``result`` names it).
    package var isBroken: Bool { result.firstBreak != nil }

    /// Checks the next row.
    /// - Returns: Whether the chain still holds; false once broken (``result`` names the row).
    package mutating func check(_ stored: MailLogStoredRow) -> Bool {
        result.rowCount += 1
        let seq = stored.seq ?? -1
        func broken(_ problem: String) -> Bool {
            result.firstBreak = "row \(seq): \(problem)"
            return false
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
        if stored.text("event") == MailLog.integrityAlertEvent {
            result.alerts.append(.init(seq: seq, at: stored.text("at") ?? "", detail: stored.text("detail") ?? ""))
        }
        expectedPrevious = hash
        expectedSeq += 1
        result.headSeq = seq
        result.headHash = hash
        return true
    }

    /// The verification after the last row: rows missing from the end (the marker says sealing
    /// began after the last row), then the append-only guards (after the rows, so that a row
    /// changed while the guards were gone is named first).
    /// - Parameter damagedGuards: The engine's guards found missing, altered or added.
    package func finish(damagedGuards: [String]) -> MailLogVerification {
        var result = result
        guard result.firstBreak == nil else { return result }
        if sealedFrom != .max, sealedFrom > expectedSeq {
            result.firstBreak = "the log ends at row \(expectedSeq - 1), but sealing began at row \(sealedFrom) (rows were removed from the end)"
            return result
        }
        if !damagedGuards.isEmpty {
            result.firstBreak = "the append-only trigger\(damagedGuards.count == 1 ? "" : "s") \(damagedGuards.joined(separator: ", ")) "
                + "\(damagedGuards.count == 1 ? "is" : "are") missing or altered (changed outside Facteur)"
        }
        return result
    }
}
