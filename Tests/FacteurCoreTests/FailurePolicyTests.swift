import FacteurCore
import Testing

@Suite struct FailurePolicyTests {
    @Test(arguments: [FailureSignal.qontoRateLimited, .qontoUnavailable, .qontoUnreadable, .smtp(.transient), .smtp(.unknown)])
    func transientFailuresAreRetried(_ signal: FailureSignal) {
        #expect(FailurePolicy.response(to: signal) == .retry)
    }

    @Test func qontoCredentialFailuresStopPollingWithTheCommandThatFixesThem() {
        for signal in [FailureSignal.qontoUnauthorized, .qontoInvalidGrant, .qontoForbidden] {
            guard case .stop(let side, let remedy) = FailurePolicy.response(to: signal) else {
                Issue.record("\(signal) does not stop polling")
                continue
            }
            #expect(side == .qonto)
            #expect(remedy.contains("facteur "), "the remedy names no command: \(remedy)")
        }
        guard case .stop(_, let remedy) = FailurePolicy.response(to: .qontoInvalidGrant) else { return }
        #expect(remedy.contains("facteur connect"))
    }

    @Test func aMissingSettingStopsPollingWithARemedyThatNamesTheSettingNotTheCredentials() {
        guard case .stop(.qonto, let inbox) = FailurePolicy.response(to: .misconfigured(key: "pennylane_supplier_inbox")),
              case .stop(.qonto, let login) = FailurePolicy.response(to: .misconfigured(key: "qonto_login")) else {
            Issue.record("a missing setting does not stop polling")
            return
        }
        #expect(inbox.contains("`pennylane_supplier_inbox`"))
        #expect(inbox.contains("settings page"))
        #expect(!inbox.contains("credentials"))
        #expect(login.contains("Qonto credentials"))
    }

    @Test func smtpAuthAndTLSFailuresStopDelivery() {
        guard case .stop(.smtp, let auth) = FailurePolicy.response(to: .smtp(.authFailure)),
              case .stop(.smtp, let tls) = FailurePolicy.response(to: .smtp(.securityFailure)) else {
            Issue.record("SMTP auth or TLS failures do not stop delivery")
            return
        }
        #expect(auth.contains("smtp_password"))
        // A relay demanding AUTH of a configuration with no user (530) is fixed by setting one
        #expect(auth.contains("smtp_username"))
        #expect(tls.contains("smtp_tls_min"))
    }

    @Test func refusedMessagesAndInvalidRecordsAreRejectedWithTheirReason() {
        #expect(FailurePolicy.response(to: .smtp(.permanent)) == .reject(reason: "the mail server refused the message"))
        #expect(FailurePolicy.response(to: .invalidRecord(reason: "empty file")) == .reject(reason: "empty file"))
        #expect(FailurePolicy.response(to: .smtp(.delivered)) == .none)
    }
}

@Suite struct IncidentPolicyTests {
    func incident(notified: Bool) -> Incident {
        Incident(id: 7, side: .qonto, openedAt: "2026-11-25T10:00:00Z", resolvedAt: nil, summary: "401", remedy: "fix",
                 notifiedAt: notified ? "2026-11-25T10:00:01Z" : nil, notificationError: notified ? nil : "relay down")
    }

    @Test func theFirstStopOpensAnIncidentAndMailsTheOwner() {
        #expect(IncidentPolicy.onStop(open: nil) == .open)
    }

    @Test func furtherStopsOfAnOpenNotifiedIncidentMailNobody() {
        #expect(IncidentPolicy.onStop(open: incident(notified: true)) == .alreadyNotified(incidentID: 7))
    }

    @Test func aNoticeThatCouldNotBeSentIsTriedAgain() {
        #expect(IncidentPolicy.onStop(open: incident(notified: false)) == .notifyAgain(incidentID: 7))
    }

    @Test func aSuccessResolvesTheOpenIncident() {
        #expect(IncidentPolicy.onSuccess(open: incident(notified: true)) == 7)
        #expect(IncidentPolicy.onSuccess(open: nil) == nil)
    }
}
