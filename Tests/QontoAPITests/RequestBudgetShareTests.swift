import FacteurTesting
import Foundation
@testable import QontoAPI
import Testing

/// The long window between workspaces, a shutdown while waiting, and one workspace's dead
/// credentials: the process-wide budget on a manual clock, with Qonto's real figures.
@Suite struct RequestBudgetShareTests {
    /// Label A asks continuously (it keeps `depth` requests waiting, as a backfill's threads do)
    /// from `start` to `start + seconds`, in steps of 0.1 s; `arrivals` say when other labels ask
    /// once. Returns when each arrival went, by label.
    static func simulate(_ budget: QontoRequestBudget, clock: ManualClock, busy: [String], seconds: Double, depth: Int = 20,
                         arrivals: [(label: String, at: Double)]) -> [String: Double] {
        let start = clock.now
        var waiting: [FairQueue.Ticket] = []
        var pending = arrivals
        var went: [String: Double] = [:]
        while clock.now - start < seconds {
            for label in busy where waiting.filter({ $0.label == label }).count < depth {
                for _ in 0..<(depth - waiting.filter { $0.label == label }.count) { waiting.append(budget.enqueue(label: label)) }
            }
            while let next = pending.first, clock.now - start >= next.at {
                pending.removeFirst()
                waiting.append(budget.enqueue(label: next.label))
            }
            for ticket in waiting where budget.poll(ticket) == .go {
                waiting.removeAll { $0 == ticket }
                if !busy.contains(ticket.label) { went[ticket.label] = clock.now - start }
            }
            clock.advance(by: 0.1)
        }
        return went
    }

    @Test func aQuietWorkspacesPollGoesAtOnceWhileAnotherBackfillsFlatOut() {
        // Given Qonto's limits (900 per 10 s, 9,000 per 10 min) and workspace B's last poll at 0 s
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget(limits: .standard, now: { clock.now }, sleep: clock.sleep)
        // When A backfills as fast as it may, and B polls again at 200 s (A alone would have
        // filled the 10-minute window by 100 s, and B's slot would free at 600 s)
        let went = Self.simulate(budget, clock: clock, busy: ["A"], seconds: 210, arrivals: [("B", 0), ("B", 200)])
        // Then B's poll goes within the short window's wait, and A kept to 70 % of the long window
        // (6,300 of 9,000, B's first request included)
        #expect(went["B"].map { $0 >= 200 && $0 < 210 } == true, "B went at \(String(describing: went["B"])) s")
        #expect(budget.counts()["A"]?.requests == 6_299)
    }

    @Test func twoBackfillsShareTheSeventyPercentAndLeaveTheRestToPolls() {
        // Given two workspaces backfilling together and B, which polled at 0 s
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget(limits: .standard, now: { clock.now }, sleep: clock.sleep)
        let went = Self.simulate(budget, clock: clock, busy: ["A", "C"], seconds: 210, arrivals: [("B", 0), ("B", 200)])
        // Then A and C together hold at most 70 % of the 10-minute window, and B's poll goes at once
        let heavy = (budget.counts()["A"]?.requests ?? 0) + (budget.counts()["C"]?.requests ?? 0)
        #expect(heavy == 6_299)
        #expect(went["B"].map { $0 >= 200 && $0 < 210 } == true, "B went at \(String(describing: went["B"])) s")
    }

    @Test func manyCompaniesCatchingUpTogetherLeaveTheReserveToAQuietPoll() {
        // Given 60 workspaces catching up at once (a firm onboarding its clients: each downloads
        // its year, none alone holds 10 % of the 10-minute window) and B, which polled at 0 s
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget(limits: .standard, now: { clock.now }, sleep: clock.sleep)
        let catchingUp = (0..<60).map { "c\($0)" }
        var waiting = Dictionary(uniqueKeysWithValues: catchingUp.map { ($0, budget.enqueue(label: $0)) })
        var poll: FairQueue.Ticket? = budget.enqueue(label: "B")
        var went: Double?
        while clock.now < 210 {
            for (label, ticket) in waiting where budget.poll(ticket) == .go { waiting[label] = budget.enqueue(label: label) }
            if clock.now >= 200, went == nil, poll == nil { poll = budget.enqueue(label: "B") }
            if let ticket = poll, budget.poll(ticket) == .go {
                poll = nil
                if clock.now >= 200 { went = clock.now }
            }
            clock.advance(by: 0.5)  // one request per workspace per step: 120/s, above the 90/s pace
        }
        // Then B's poll goes at once, and the catch-ups together kept to 70 % of the long window
        #expect(went.map { $0 < 210 } == true, "B went at \(String(describing: went)) s")
        let heavy = catchingUp.reduce(0) { $0 + (budget.counts()[$1]?.requests ?? 0) }
        #expect(heavy <= 6_300, "the catch-ups took \(heavy) of 9,000")
    }

    @Test func busyWorkspacesWithNobodyQuietBesideThemFillTheWholeLongWindow() {
        // Given two backfills and no other workspace (nobody would use a reserve)
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget(limits: .standard, now: { clock.now }, sleep: clock.sleep)
        _ = Self.simulate(budget, clock: clock, busy: ["A", "C"], seconds: 150, arrivals: [])
        // Then they share all 9,000 slots of the 10-minute window
        #expect((budget.counts()["A"]?.requests ?? 0) + (budget.counts()["C"]?.requests ?? 0) == 9_000)
    }

    @Test func aWorkspaceAloneStillUsesTheWholeLongWindow() {
        // Given one workspace only (a single-company gateway, `facteur sync`)
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget(limits: .standard, now: { clock.now }, sleep: clock.sleep)
        _ = Self.simulate(budget, clock: clock, busy: ["A"], seconds: 150, arrivals: [])
        // Then its backfill fills all 9,000 slots of the 10-minute window
        #expect(budget.counts()["A"]?.requests == 9_000)
    }

    @Test func aShutdownEndsAWaitForTheLongWindowWithinASecondAndLeavesTheLine() throws {
        // Given 1 request per 10 min, already taken
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget.onClock(clock, short: 100, long: 1, longSeconds: 600)
        try budget.acquire(label: "A")
        // When A's next request waits and the process is told to stop at 3 s
        do {
            try budget.acquire(label: "A", shouldStop: { clock.now >= 3 })
            Issue.record("the request went instead of stopping")
        } catch {
            #expect(error.code == .stopped && !error.isAuthFailure)
        }
        // Then it gave up by its first look after 3 s, never sleeping more than a second at once,
        // and left the line: B's request is next when the slot frees
        #expect(clock.now >= 3 && clock.now < 4)
        #expect(clock.sleeps.allSatisfy { $0 <= 1 })
        #expect(budget.queue.isEmpty)
        clock.advance(by: 600)
        #expect(budget.poll(budget.enqueue(label: "B")) == .go)
        #expect(budget.counts()["A"]?.requests == 1)
    }

    @Test func aStopAlreadyAskedForSendsNothing() {
        let budget = QontoRequestBudget.onClock(ManualClock(), short: 100)
        #expect(throws: QontoError.self) { try budget.acquire(label: "A", shouldStop: { true }) }
        #expect(budget.counts()["A"] == nil && budget.queue.isEmpty)
    }

    @Test func oneWorkspacesDeadCredentialsAreRefusedAfterThree401sWithoutTrippingTheOthers() throws {
        // Given the process-wide breaker far away (150 an hour) and workspace "dead" with a bad key
        let clock = ManualClock(start: 0)
        let budget = QontoRequestBudget.onClock(clock, short: 100)
        for _ in 0..<3 {
            try budget.acquire(label: "dead", credentials: 7)
            budget.recordUnauthorized(label: "dead", credentials: 7)
            clock.advance(by: 5)
        }
        // When it asks a fourth time with the same key, it is refused without a request, typed
        do {
            try budget.acquire(label: "dead", credentials: 7)
            Issue.record("a fourth request with refused credentials went")
        } catch {
            #expect(error.code == .credentialsBreaker && error.isAuthFailure && !error.isTransient)
            #expect(error.message.contains("dead") && error.message.contains("401") && error.message.contains("60 min"))
        }
        #expect(budget.counts()["dead"]?.requests == 3)
        // Then every other workspace still goes, and so do new credentials for "dead"
        try budget.acquire(label: "healthy", credentials: 7)
        try budget.acquire(label: "dead", credentials: 8)
        // And the old key is tried again once its first 401 is an hour old
        clock.advance(by: 3_600 - 15)
        try budget.acquire(label: "dead", credentials: 7)
        #expect(budget.counts()["dead"]?.requests == 5)
    }
}
