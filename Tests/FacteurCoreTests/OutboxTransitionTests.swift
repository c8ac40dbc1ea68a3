import FacteurCore
import Foundation
import Testing

@Suite struct OutboxTransitionTests {
    let queued = Date(timeIntervalSince1970: 1_790_000_000)
    var now: Date { queued.addingTimeInterval(10) }
    let policy = RetryPolicy()

    func transition(_ kind: DeliveryResult.Kind, reply: String = "", attempts: Int = 1, at: Date? = nil) -> OutboxTransition {
        OutboxTransition.after(DeliveryResult(kind: kind, reply: reply), attempts: attempts, firstQueuedAt: queued,
                               now: at ?? now, policy: policy, jitter: 0)
    }

    @Test func deliveredBecomesSentWithTheReplyAsProof() {
        let next = transition(.delivered, reply: "250 2.0.0 Ok: queued as 7B63413B66")
        #expect(next == OutboxTransition(state: .sent, reason: "250 2.0.0 Ok: queued as 7B63413B66"))
    }

    @Test func permanentRejectionFailsAndKeepsTheReply() {
        let next = transition(.permanent, reply: "554 5.6.0 Message rejected")
        #expect(next.state == .failed)
        #expect(next.nextAttemptAt == nil)
        #expect(next.reason == "rejected: 554 5.6.0 Message rejected")
    }

    @Test func transientFailureIsDeferredByThePolicy() {
        let next = transition(.transient, reply: "451 4.3.0 Try again later")
        #expect(next.state == .deferred)
        #expect(next.nextAttemptAt == now.addingTimeInterval(300))
        #expect(next.reason == "451 4.3.0 Try again later")
    }

    @Test func authAndTLSFailuresAreDeferredNotFailed() {
        #expect(transition(.authFailure, reply: "535 5.7.8 nope").state == .deferred)
        #expect(transition(.authFailure, reply: "535 5.7.8 nope").reason == "authentication failed: 535 5.7.8 nope")
        #expect(transition(.securityFailure).state == .deferred)
    }

    @Test func aStopNeverFailsAMessageHoweverOldItIs() {
        // Issue 12 item 9: a wrong password used to eat the lifetime and fail the message (535)
        let next = transition(.authFailure, reply: "535 5.7.8 nope", attempts: 30, at: queued.addingTimeInterval(6 * 86_400))
        #expect(next.state == .deferred)
        #expect(next.nextAttemptAt == nil)
        #expect(transition(.securityFailure, attempts: 30, at: queued.addingTimeInterval(6 * 86_400)).state == .deferred)
    }

    @Test func aStopCountsNoAttemptAndIsRecordedFromTheStartOfTheWaitThatEndedInIt() {
        let next = OutboxTransition.after(DeliveryResult(kind: .authFailure, reply: "535 5.7.8 nope"), attempts: 3,
                                          firstQueuedAt: queued, waitingSince: queued.addingTimeInterval(100),
                                          now: queued.addingTimeInterval(400), policy: policy, jitter: 0)
        #expect(next == OutboxTransition(state: .deferred, nextAttemptAt: nil, reason: "authentication failed: 535 5.7.8 nope",
                                         countsAttempt: false, stoppedSince: queued.addingTimeInterval(100)))
    }

    @Test func aStopsCreditedTimeIsNotChargedToTheLifetime() {
        // Code review fix 1: six days stopped, a 5-day lifetime, the first reply after is a 451
        let resumed = queued.addingTimeInterval(6 * 86_400)
        let next = OutboxTransition.after(DeliveryResult(kind: .transient, reply: "451 4.3.0 later"), attempts: 1,
                                          firstQueuedAt: queued, credited: 6 * 86_400 - 10,
                                          now: resumed, policy: policy, jitter: 0)
        #expect(next.state == .deferred)
        #expect(next.countsAttempt)
        #expect(next.nextAttemptAt == resumed.addingTimeInterval(300))
    }

    @Test func withoutACreditTheSameFailureGivesUp() {
        let next = OutboxTransition.after(DeliveryResult(kind: .transient, reply: "451 4.3.0 later"), attempts: 1,
                                          firstQueuedAt: queued, now: queued.addingTimeInterval(6 * 86_400), policy: policy, jitter: 0)
        #expect(next.state == .failed)
    }

    @Test func anOutcomeOtherThanAStopRecordsNoStop() {
        #expect(transition(.transient).stoppedSince == nil)
        #expect(transition(.delivered).stoppedSince == nil)
        #expect(transition(.unknown).stoppedSince == nil)
    }

    @Test func aStopCreditsOnlyTheTimeAfterTheMessageWasQueued() {
        let stop = DeliveryStop(start: queued.addingTimeInterval(-1_000), end: queued.addingTimeInterval(500))
        #expect(DeliveryStop.credit([stop], from: queued, to: queued.addingTimeInterval(9_000)) == 500)
    }

    @Test func aStopUnderWayCreditsUpToNow() {
        let stop = DeliveryStop(start: queued.addingTimeInterval(100))
        #expect(DeliveryStop.credit([stop], from: queued, to: queued.addingTimeInterval(700)) == 600)
    }

    @Test func overlappingStopsAreCreditedOnce() {
        let stops = [DeliveryStop(start: queued.addingTimeInterval(100), end: queued.addingTimeInterval(400)),
                     DeliveryStop(start: queued.addingTimeInterval(300), end: queued.addingTimeInterval(600)),
                     DeliveryStop(start: queued.addingTimeInterval(1_000), end: queued.addingTimeInterval(1_100))]
        #expect(DeliveryStop.credit(stops, from: queued, to: queued.addingTimeInterval(5_000)) == 600)
    }

    @Test func aStopThatEndedBeforeTheMessageWasQueuedCreditsNothing() {
        let stop = DeliveryStop(start: queued.addingTimeInterval(-900), end: queued.addingTimeInterval(-100))
        #expect(DeliveryStop.credit([stop], from: queued, to: queued.addingTimeInterval(5_000)) == 0)
    }

    @Test func unknownOutcomeStaysUnknownAndIsDueAgainLater() {
        let next = transition(.unknown)
        #expect(next.state == .unknown)
        #expect(next.nextAttemptAt == now.addingTimeInterval(300))
    }

    @Test func transientFailureAfterTheLifetimeFails() {
        let next = transition(.transient, reply: "421 4.3.2 busy", attempts: 30, at: queued.addingTimeInterval(6 * 86_400))
        #expect(next.state == .failed)
        #expect(next.reason == "gave up after 30 attempts: lifetime of 5 days exceeded; last: 421 4.3.2 busy")
    }

    @Test func multiLineRepliesAreFoldedIntoOneLine() {
        let next = transition(.permanent, reply: "550-5.1.1 first\n550 5.1.1 second")
        #expect(next.reason == "rejected: 550-5.1.1 first | 550 5.1.1 second")
    }

    @Test func crashBeforeTheDataPhaseRequeuesAtOnce() {
        let next = OutboxTransition.recovering(dataStarted: false, now: now)
        #expect(next.state == .queued)
        #expect(next.nextAttemptAt == now)
    }

    @Test func crashAfterTheDataPhaseBeganIsUnknown() {
        let next = OutboxTransition.recovering(dataStarted: true, now: now)
        #expect(next.state == .unknown)
        #expect(next.reason.contains("may have the message"))
    }

    @Test func onlyAuthAndTLSFailuresStopABatch() {
        let stopping = DeliveryResult.Kind.allKinds.filter { DeliveryResult(kind: $0).stopsBatch }
        #expect(stopping == [.authFailure, .securityFailure])
    }

    @Test func deliverableAndResendableStates() {
        #expect(OutboxState.allCases.filter(\.isDeliverable) == [.queued, .deferred, .unknown])
        #expect(OutboxState.allCases.filter(\.isResendable) == [.failed, .held])
    }
}

extension DeliveryResult.Kind {
    static let allKinds: [Self] = [.delivered, .transient, .permanent, .authFailure, .securityFailure, .unknown]
}
