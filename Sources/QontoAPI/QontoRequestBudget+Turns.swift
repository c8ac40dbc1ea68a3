import Foundation

extension QontoRequestBudget {
    /// What a waiting request is told when it asks again.
    enum Decision: Equatable {
        /// It may go now; it has been counted.
        case go
        /// Ask again after this many seconds.
        case wait(Double)
        /// The 401 breaker is open.
        case refused(QontoError)
    }

    /// Puts a request of `label` in line (the first half of ``acquire(label:credentials:shouldStop:)``).
    func enqueue(label: String) -> FairQueue.Ticket {
        lock.withLock { queue.enqueue(label: label) }
    }

    /// Takes a request out of the line (its caller gave up). A turn already granted to it stays
    /// counted: it may have been let go on another caller's turn, and over-counting is the safe side.
    func withdraw(_ ticket: FairQueue.Ticket) {
        lock.withLock {
            queue.remove(ticket)
            granted.remove(ticket.number)
        }
    }

    /// Lets waiting requests go in their fair order while both windows have room, then says
    /// whether `ticket` is among them.
    ///
    /// Whoever asks serves the line, not only itself: the order of the requests let go is the
    /// queue's, never the order in which sleeping threads happen to wake. A request let go on
    /// another's turn is counted at that moment and goes as soon as its owner asks.
    func poll(_ ticket: FairQueue.Ticket) -> Decision {
        lock.withLock {
            let time = now()
            short.slide(to: time)
            long.slide(to: time)
            unauthorized.slide(to: time)
            slideLabels(to: time)
            if unauthorized.count >= unauthorized.limit {
                queue.remove(ticket)
                granted.remove(ticket.number)
                return .refused(breakerError(now: time))
            }
            if granted.remove(ticket.number) != nil { return .go }
            var present = presentLabels()
            let share = longShare(present: present)
            while short.room > 0, long.room > 0,
                  let next = queue.serveNext(where: { mayTakeLongSlot($0, present: present, share: share) }) {
                short.record(time)
                long.record(time)
                recordStart(of: next.label, at: time)
                present.insert(next.label)
                granted.insert(next.number)
                totals[next.label, default: QontoRequestCounts()].requests += 1
            }
            if granted.remove(ticket.number) != nil { return .go }
            // Not yet: sleep until enough requests leave both windows for everyone ahead and this one
            // (for a heavy label held back, until the long window is back under its cap).
            let slots = (queue.position(of: ticket) ?? 0) + 1
            var wait = max(short.wait(forSlots: slots, now: time), long.wait(forSlots: slots, now: time))
            if !mayTakeLongSlot(ticket.label, present: present, share: share) {
                wait = max(wait, long.wait(forSlots: slots, now: time, limit: heavyCap))
            }
            // At least a millisecond: a floating-point rounding must not make a thread spin.
            return .wait(max(wait, 0.001))
        }
    }

    private func breakerError(now time: Double) -> QontoError {
        let minutes = Int((unauthorized.wait(forSlots: 1, now: time) / 60).rounded(.up))
        return QontoError(.authFailureBreaker,
                          "Facteur stopped calling Qonto for about \(max(1, minutes)) min: \(unauthorized.count) answers were "
                          + "401 Unauthorized in the last hour across all workspaces, and Qonto throttles this address past 200; "
                          + "fix the Qonto credentials of the workspaces whose connection stopped")
    }
}
