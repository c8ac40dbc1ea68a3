import FacteurCore
import FacteurTesting
import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// Claims, leases and idempotency with several "processes": each is a store connection with its
/// own holder name, as two gateways on one database are.
@Suite("PostgreSQL outbox claims and leases", .postgresServer, .processHeavy)
struct OutboxClaimTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)
    let sent = DeliveryResult(kind: .delivered, reply: "250 2.0.0 Ok")
    let sentTransition = OutboxTransition(state: .sent, reason: "")

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Two processes on one fresh workspace.
    func withTwoProcesses(_ body: (PostgresOutboxQueue, PostgresOutboxQueue) async throws -> Void) async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "process-a") { a in
            try await withStoreConnection(server, holder: "process-b", unixSocket: true) { b in
                try await body(PostgresOutboxQueue(connection: a, workspace: workspace),
                               PostgresOutboxQueue(connection: b, workspace: workspace))
            }
        }
    }

    @Test("two processes claiming 60 messages at once never claim one twice, and claim them all")
    func concurrentClaimsNeverOverlap() async throws {
        try await withTwoProcesses { a, b in
            for number in 0..<60 { _ = try a.enqueue(newMessage("r\(number)"), now: t0) }
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    let queue = worker % 2 == 0 ? a : b
                    group.addTask {
                        // A delivery thread of its own, as in the gateway: the façade blocks it.
                        try await offPool("facteur-claimer") {
                            var mine: [Int64] = []
                            while true {
                                let due = try queue.due(now: at(1), limit: 10)
                                if due.isEmpty { return mine }
                                for message in due.shuffled() {
                                    if let begun = try queue.beginAttempt(id: message.id, now: at(1)) { mine.append(begun.id) }
                                }
                            }
                        }
                    }
                }
                var all: [[Int64]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let flat = claims.flatMap { $0 }
            #expect(flat.count == 60)
            #expect(Set(flat).count == 60)
            #expect(try a.counts() == [.sending: 60])
        }
    }

    @Test("an expired lease is taken over with the recovery meaning; the old holder has lost it")
    func expiredLeaseIsTakenOver() async throws {
        try await withTwoProcesses { a, b in
            let m1 = try a.enqueue(newMessage("m1"), now: t0).message
            let m2 = try a.enqueue(newMessage("m2"), now: t0).message
            _ = try #require(try a.beginAttempt(id: m1.id, now: at(1)))
            _ = try #require(try a.beginAttempt(id: m2.id, now: at(1)))
            try a.markDataStarted(id: m2.id, now: at(2))
            // Live leases are left alone, and nobody else may touch them.
            #expect(try b.recoverInterrupted(now: at(30)).isEmpty)
            #expect(try b.beginAttempt(id: m1.id, now: at(30)) == nil)
            #expect(throws: StoreError.self) { try b.markDataStarted(id: m1.id, now: at(30)) }
            // Expired: m1 (before data) queued, m2 (after data) unknown and flagged.
            let recovered = try b.recoverInterrupted(now: at(63))
            #expect(recovered.map(\.id) == [m1.id, m2.id])
            #expect(recovered.map(\.state) == [.queued, .unknown])
            #expect(recovered.map(\.possibleDuplicate) == [false, true])
            // The old holder wakes up: every write of its attempt is refused as lease lost.
            do throws(StoreError) {
                try a.finishAttempt(id: m2.id, result: sent, transition: sentTransition, now: at(64))
                Issue.record("finishAttempt after a takeover succeeded")
            } catch {
                #expect(error.code == .leaseLost)
            }
            do throws(StoreError) {
                try a.markDataStarted(id: m1.id, now: at(64))
                Issue.record("markDataStarted after a takeover succeeded")
            } catch {
                #expect(error.code == .leaseLost)
            }
            #expect(throws: StoreError.self) { try a.releaseAttempt(m1, now: at(64)) }
            // The new holder sends them.
            _ = try #require(try b.beginAttempt(id: m2.id, now: at(65)))
            let resent = try b.finishAttempt(id: m2.id, result: sent, transition: sentTransition, now: at(66))
            #expect(resent.state == .sent && resent.possibleDuplicate)
            let events = try await postgresLog(a).map(\.event)
            #expect(events == ["enqueued", "enqueued", "recovered", "recovered", "attempt"])
        }
    }

    @Test("a renewed lease is kept past its first end; renewing someone else's is refused")
    func renewedLeaseIsKept() async throws {
        try await withTwoProcesses { a, b in
            let m = try a.enqueue(newMessage("m"), now: t0).message
            _ = try #require(try a.beginAttempt(id: m.id, now: at(0)))
            try a.renewLease(id: m.id, now: at(50))
            #expect(try b.recoverInterrupted(now: at(70)).isEmpty)
            do throws(StoreError) {
                try b.renewLease(id: m.id, now: at(70))
                Issue.record("another process renewed the lease")
            } catch {
                #expect(error.code == .leaseLost)
            }
            let finished = try a.finishAttempt(id: m.id, result: sent, transition: sentTransition, now: at(80))
            #expect(finished.state == .sent)
            #expect(try b.recoverInterrupted(now: at(500)).isEmpty)
        }
    }

    @Test("the heartbeat keeps a lease alive past its duration; once it stops, the lease expires and is taken over")
    func heartbeatKeepsTheLease() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "sender") { first in
            try await withStoreConnection(server, holder: "recoverer") { second in
                let sender = PostgresOutboxQueue(connection: first, workspace: workspace, leaseDuration: 1.5)
                let other = PostgresOutboxQueue(connection: second, workspace: workspace, leaseDuration: 1.5)
                let m = try sender.enqueue(newMessage("m"), now: Date())
                _ = try #require(try sender.beginAttempt(id: m.message.id, now: Date()))
                // Renew every leaseRenewal, as delivery's LeaseHeartbeat does while a session lasts.
                let interval = try #require(sender.leaseRenewal)
                #expect(interval == .milliseconds(500))
                let heartbeat = Task {
                    while !Task.isCancelled {
                        guard (try? await Task.sleep(for: interval)) != nil else { return }
                        try await offPool { try sender.renewLease(id: m.message.id, now: Date()) }
                    }
                }
                try await Task.sleep(for: .milliseconds(3500))
                #expect(try other.recoverInterrupted(now: Date()).isEmpty)
                heartbeat.cancel()
                try await heartbeat.value
                try await Task.sleep(for: .milliseconds(1800))
                #expect(try other.recoverInterrupted(now: Date()).map(\.id) == [m.message.id])
            }
        }
    }

    @Test("eight tasks in two processes enqueueing one record at once make one row and one log entry")
    func concurrentEnqueueIsIdempotent() async throws {
        try await withTwoProcesses { a, b in
            let outcomes = try await withThrowingTaskGroup(of: OutboxRepository.EnqueueOutcome.self) { group in
                for task in 0..<8 {
                    let queue = task % 2 == 0 ? a : b
                    group.addTask { try await offPool { try queue.enqueue(newMessage("same"), now: at(Double(task))) } }
                }
                var all: [OutboxRepository.EnqueueOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let queued = outcomes.filter { if case .queued = $0 { return true } else { return false } }
            #expect(queued.count == 1)
            #expect(Set(outcomes.map(\.message.id)).count == 1)
            #expect(try a.list().count == 1)
            #expect(try await postgresLog(b).map(\.event) == ["enqueued"])
        }
    }

    @Test("workspaces are isolated: same record in two, and one's queue never sees or begins the other's")
    func workspacesAreIsolated() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let one = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            let two = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            let first = try one.enqueue(newMessage("r"), now: t0)
            let second = try two.enqueue(newMessage("r"), now: t0)
            guard case .queued(let m1) = first, case .queued(let m2) = second else {
                Issue.record("expected two queued messages, got \(first), \(second)")
                return
            }
            #expect(try one.due(now: at(1)).map(\.id) == [m1.id])
            #expect(try two.due(now: at(1)).map(\.id) == [m2.id])
            #expect(try one.beginAttempt(id: m2.id, now: at(1)) == nil)
            #expect(throws: StoreError.self) { _ = try one.message(id: m2.id) }
            #expect(try await postgresLog(one).map(\.seq) == [1])
            #expect(try await postgresLog(two).map(\.seq) == [1])
        }
    }

    @Test("a second version of a record is not begun while the first is being sent under a live lease")
    func secondVersionWaitsForTheFirst() async throws {
        try await withTwoProcesses { a, b in
            let v1 = try a.enqueue(newMessage("r", content: "c1"), now: t0).message
            _ = try #require(try a.beginAttempt(id: v1.id, now: at(1)))
            let v2 = try b.enqueue(newMessage("r", content: "c2"), now: at(2)).message
            #expect(try b.beginAttempt(id: v2.id, now: at(3)) == nil)
            #expect(try a.beginAttempt(id: v2.id, now: at(3)) == nil)
            try a.finishAttempt(id: v1.id, result: sent, transition: sentTransition, now: at(4))
            #expect(try b.beginAttempt(id: v2.id, now: at(5)) != nil)
        }
    }

    @Test("a second version is not begun while the first is still sending under an expired lease nobody recovered")
    func secondVersionWaitsForAPausedFirst() async throws {
        // Process a began v1 and reached the data phase, then paused (a VM pause, a network cut to
        // PostgreSQL) past its lease. Until recovery settles v1, b must not send v2: a may wake and
        // send v1 after v2, and the older version would reach the books last.
        try await withTwoProcesses { a, b in
            let v1 = try a.enqueue(newMessage("r", content: "c1"), now: t0).message
            _ = try #require(try a.beginAttempt(id: v1.id, now: at(1)))
            try a.markDataStarted(id: v1.id, now: at(2))
            let v2 = try b.enqueue(newMessage("r", content: "c2"), now: at(3)).message
            #expect(try b.beginAttempt(id: v2.id, now: at(200)) == nil)
            // Recovery settles v1 (data started: unknown, flagged); then v2 may go.
            let recovered = try b.recoverInterrupted(now: at(201))
            #expect(recovered.map(\.id) == [v1.id])
            #expect(try b.beginAttempt(id: v2.id, now: at(202)) != nil)
        }
    }

    @Test("many writers keep one chain per workspace: contiguous rows, each linked, hashed and sealed as in SQLite")
    func mailLogChainWithSeveralWriters() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        let key = MailLogSealKey(masterKey: try MasterKey.generate())
        try await withStoreConnection(server) { first in
            try await withStoreConnection(server) { second in
                let queues = [PostgresOutboxQueue(connection: first, workspace: workspace, sealKey: key),
                              PostgresOutboxQueue(connection: second, workspace: workspace, sealKey: key)]
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<40 {
                        group.addTask { _ = try await offPool { try queues[task % 2].enqueue(newMessage("r\(task)"), now: at(Double(task))) } }
                    }
                    try await group.waitForAll()
                }
                let rows = try await first.rows("read the chain", """
                    SELECT seq, at, event, outbox_id, record_id, record_type, message_id, recipient, outcome, reply,
                           attachment_sha256, possible_duplicate, detail, prev_hash, hash, seal
                    FROM mail_log WHERE workspace = \(workspace.rawValue) ORDER BY seq
                    """)
                var previous = MailLog.genesisHash
                for (index, row) in rows.enumerated() {
                    let cells = row.makeRandomAccess()
                    let seq = try cells["seq"].decode(Int64.self)
                    #expect(seq == Int64(index + 1))
                    var fields: [String?] = [String(seq)]
                    for column in ["at", "event"] { fields.append(try cells[column].decode(String.self)) }
                    fields.append(try cells["outbox_id"].decode(Int64?.self).map { String($0) })
                    for column in ["record_id", "record_type", "message_id", "recipient", "outcome", "reply", "attachment_sha256"] {
                        fields.append(try cells[column].decode(String?.self))
                    }
                    fields.append(try cells["possible_duplicate"].decode(Bool.self) ? "1" : "0")
                    fields.append(try cells["detail"].decode(String?.self))
                    let prev = try cells["prev_hash"].decode(String.self)
                    fields.append(prev)
                    let hash = try cells["hash"].decode(String.self)
                    #expect(prev == previous)
                    #expect(MailLogEntry.chainHash(fields.map { $0.map { Array($0.utf8) } }) == hash)
                    #expect(key.verifies(seal: try cells["seal"].decode(String.self), hash: hash))
                    previous = hash
                }
                #expect(rows.count == 40)
            }
        }
    }

    @Test("an enqueue notifies facteur_outbox with the workspace's name once it commits")
    func enqueueNotifiesListeners() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            let payload = try await connection.client.withConnection { listener in
                try await listener.listen(on: PostgresOutboxQueue.notificationChannel) { notifications in
                    _ = try queue.enqueue(newMessage("n"), now: t0)
                    return try await withThrowingTaskGroup(of: String?.self) { group in
                        group.addTask {
                            // Other tests' workspaces share the channel: wait for ours.
                            for try await notification in notifications where notification.payload == queue.workspace.rawValue {
                                return notification.payload
                            }
                            return nil
                        }
                        group.addTask {
                            try await Task.sleep(for: .seconds(10))
                            return nil
                        }
                        let first = try await group.next() ?? nil
                        group.cancelAll()
                        return first
                    }
                }
            }
            #expect(payload == queue.workspace.rawValue)
        }
    }
}
