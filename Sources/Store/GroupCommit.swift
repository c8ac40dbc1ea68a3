import Foundation
import GRDB

/// Group commit for writes that arrive together from several threads (the delivery lanes): while
/// one transaction is being committed and synced, the writes that arrive meanwhile wait, then go
/// to disk together in the next transaction, each in its own savepoint.
///
/// Every caller still returns only once its own write is durable, and a write that throws rolls
/// back only its savepoint; so each caller sees exactly what a transaction of its own would give,
/// with one fdatasync shared by several instead of one each.
final class GroupCommit: @unchecked Sendable {
    private final class Request {
        let work: (Database) throws -> Void
        var done = false
        var error: (any Error)?

        init(_ work: @escaping (Database) throws -> Void) { self.work = work }
    }

    private let queue: DatabaseQueue
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var committing = false

    init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Runs `updates` in the next group transaction and returns once it is committed.
    func write<T>(_ updates: @escaping (Database) throws -> T) throws -> T {
        var value: T?
        let request = Request { db in value = try updates(db) }
        condition.lock()
        pending.append(request)
        while !request.done {
            if committing {
                condition.wait()
                continue
            }
            // Lead: commit everything waiting, this request included.
            committing = true
            let batch = pending
            pending = []
            condition.unlock()
            let failure = commit(batch)
            condition.lock()
            for member in batch {
                member.done = true
                if let failure, member.error == nil { member.error = failure }
            }
            committing = false
            condition.broadcast()
        }
        condition.unlock()
        if let error = request.error { throw error }
        return value!
    }

    /// One transaction for the batch; returns the error that lost the whole transaction, if any.
    private func commit(_ batch: [Request]) -> (any Error)? {
        do {
            try queue.write { db in
                for member in batch {
                    do {
                        try db.inSavepoint {
                            try member.work(db)
                            return .commit
                        }
                    } catch {
                        member.error = error
                    }
                }
            }
            return nil
        } catch {
            return error
        }
    }
}
