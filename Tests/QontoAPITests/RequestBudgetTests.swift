import FacteurTesting
import Foundation
@testable import QontoAPI
import Testing

extension QontoRequestBudget {
    /// A budget on `clock` with a short window of `short` per 10 s.
    static func onClock(_ clock: ManualClock, short: Int, long: Int = 1_000, longSeconds: Double = 600,
                        unauthorized: Int = 150) -> QontoRequestBudget {
        QontoRequestBudget(limits: Limits(short: .init(requests: short, seconds: 10), long: .init(requests: long, seconds: longSeconds),
                                          unauthorized: .init(requests: unauthorized, seconds: 3_600)),
                           now: { clock.now }, sleep: clock.sleep)
    }
}

/// The process-wide Qonto budget on its own: window accounting, fairness, the 401 breaker.
@Suite struct RequestBudgetTests {
    @Test func theDefaultsStayUnderWhatQontoPublishes() {
        let limits = QontoRequestBudget.Limits.standard
        #expect(limits.short.requests == 900 && limits.short.seconds == 10)
        #expect(limits.long.requests == 9_000 && limits.long.seconds == 600)
        #expect(limits.unauthorized.requests == 150 && limits.unauthorized.seconds == 3_600)
    }

    @Test func noTenSecondsEverHoldMoreThanTheShortLimit() throws {
        // Given a budget of 5 per 10 s and a caller faster than that
        let clock = ManualClock()
        let budget = QontoRequestBudget.onClock(clock, short: 5)
        var starts: [Double] = []
        for step in 0..<40 {
            try budget.acquire(label: "acme")
            starts.append(clock.now)
            if step % 2 == 0 { clock.advance(by: 0.7) }
        }
        // Then any 6 consecutive starts span at least 10 s, and the first 5 went without waiting
        for index in starts.indices.dropLast(5) {
            #expect(starts[index + 5] - starts[index] >= 10, "starts \(index)…\(index + 5) fit in less than 10 s")
        }
        #expect(starts[4] - starts[0] < 10)
        #expect(budget.counts()["acme"]?.requests == 40)
    }

    @Test func theLongWindowHoldsRequestsBackOnceItIsFull() throws {
        // Given 5 per 10 s but only 12 per 60 s
        let clock = ManualClock()
        let budget = QontoRequestBudget.onClock(clock, short: 5, long: 12, longSeconds: 60)
        var starts: [Double] = []
        for _ in 0..<30 {
            try budget.acquire(label: "acme")
            starts.append(clock.now)
        }
        // Then every 13 consecutive starts span at least 60 s (the short window alone would allow 30 s)
        for index in starts.indices.dropLast(12) {
            #expect(starts[index + 12] - starts[index] >= 60)
        }
    }

    @Test func aWaitingRequestOfAnotherWorkspaceGoesBeforeTheBusyOnesNext() {
        // Given a full window (2 per 10 s) and workspace A's backfill with two requests waiting
        let clock = ManualClock()
        let budget = QontoRequestBudget.onClock(clock, short: 2)
        for _ in 0..<2 { #expect(budget.poll(budget.enqueue(label: "A")) == .go) }
        let a3 = budget.enqueue(label: "A"), a4 = budget.enqueue(label: "A")
        // When B's poll arrives after them, and two slots free up
        let b1 = budget.enqueue(label: "B")
        #expect(budget.poll(a4) != .go && budget.poll(b1) != .go && budget.poll(a3) != .go)
        clock.advance(by: 10)
        // Then A's oldest and B's go, whoever asks first; A's next one waits for the next slot
        #expect(budget.poll(a4) != .go)
        #expect(budget.poll(b1) == .go)
        #expect(budget.poll(a3) == .go)
        #expect(budget.counts()["A"]?.requests == 3 && budget.counts()["B"]?.requests == 1)
    }

    @Test func labelsTakeTurnsWhateverOrderTheirThreadsWakeIn() {
        // Given a full window of 1 per 10 s, A with 3 requests waiting, B with 3, C with 1
        let clock = ManualClock()
        let budget = QontoRequestBudget.onClock(clock, short: 1)
        #expect(budget.poll(budget.enqueue(label: "warmup")) == .go)
        var waiting = ["A", "A", "A", "B", "B", "B", "C"].map { budget.enqueue(label: $0) }
        var order: [String] = []
        // When one slot frees every 10 s and the waiters ask in reverse order of arrival
        while !waiting.isEmpty {
            clock.advance(by: 10)
            for ticket in waiting.reversed() where budget.poll(ticket) == .go {
                order.append(ticket.label)
                waiting.removeAll { $0 == ticket }
            }
        }
        // Then they went round-robin, each label's requests in arrival order
        #expect(order == ["A", "B", "C", "A", "B", "A", "B"])
    }

    @Test func aWaiterSleepsUntilEveryoneAheadOfItCanHaveGone() {
        // Given 3 per 10 s filled at 0, 2 and 4 s, and two requests already waiting
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget.onClock(clock, short: 3)
        for _ in 0..<3 {
            #expect(budget.poll(budget.enqueue(label: "A")) == .go)
            clock.advance(by: 2)
        }
        let first = budget.enqueue(label: "A"), second = budget.enqueue(label: "A")
        // Then the first waits for the start at 0 to leave, the second for the one at 2
        #expect(budget.poll(first) == .wait(4))
        #expect(budget.poll(second) == .wait(6))
    }

    @Test func pastTheUnauthorizedThresholdEveryRequestIsRefusedForAWhile() throws {
        // Given a threshold of 3 401s per hour, reached by one workspace's dead credentials
        let clock = ManualClock()
        let budget = QontoRequestBudget.onClock(clock, short: 100, unauthorized: 3)
        for _ in 0..<3 {
            try budget.acquire(label: "dead")
            budget.recordUnauthorized(label: "dead")
        }
        // When another workspace asks, it is refused with a typed, transient error
        do {
            try budget.acquire(label: "healthy")
            Issue.record("the breaker let a request go")
        } catch {
            #expect(error.code == .authFailureBreaker && error.isTransient && !error.isAuthFailure)
            #expect(error.message.contains("401") && error.message.contains("60 min"))
        }
        // Then, once the first 401 is an hour old, requests go again
        clock.advance(by: 3_600)
        try budget.acquire(label: "healthy")
        #expect(budget.counts()["healthy"] == counts(requests: 1))
        #expect(budget.counts()["dead"] == counts(requests: 3, unauthorized: 3))
    }

    @Test func countsAreKeptPerLabel() throws {
        let budget = QontoRequestBudget.onClock(ManualClock(), short: 100)
        try budget.acquire(label: "acme")
        try budget.acquire(label: "acme")
        try budget.acquire(label: "globex")
        budget.recordThrottled(label: "acme")
        budget.recordUnauthorized(label: "globex")
        #expect(budget.counts() == ["acme": counts(requests: 2, throttled: 1), "globex": counts(requests: 1, unauthorized: 1)])
    }

    private func counts(requests: Int, throttled: Int = 0, unauthorized: Int = 0) -> QontoRequestCounts {
        var counts = QontoRequestCounts()
        counts.requests = requests
        counts.throttled = throttled
        counts.unauthorized = unauthorized
        return counts
    }
}
