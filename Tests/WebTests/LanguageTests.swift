import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import Web

/// French and English pages, from the browser or forced by `web_language`; times in `time_zone`.
@Suite struct LanguageTests {
    @Test func theBrowsersLanguageChoosesThePagesLanguage() {
        #expect(Language.negotiate("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7") == .fr)
        #expect(Language.negotiate("en-GB,en;q=0.9,fr;q=0.8") == .en)
        #expect(Language.negotiate("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4") == .fr)
        #expect(Language.negotiate("en;q=0.2, fr;q=0.8") == .fr)
        #expect(Language.negotiate("fr;q=0, en") == .en)
        #expect(Language.negotiate("de") == .en)
        #expect(Language.negotiate(nil) == .en)
    }

    @Test func timesAreShownInTheConfiguredZoneAndAmountsAsEachLanguageWritesThem() {
        let paris = Formatting(language: .fr, timeZone: "Europe/Paris")
        // Summer (UTC+2) and winter (UTC+1) time
        #expect(paris.time("2026-07-01T10:00:00.000Z") == "01/07/2026 12:00")
        #expect(paris.time("2026-12-31T23:30:00.000Z") == "01/01/2027 00:30")
        #expect(paris.day("2026-11-03") == "03/11/2026")
        #expect(paris.amount("1234567.8", currency: "EUR") == "1\u{202F}234\u{202F}567,80\u{00A0}EUR")
        #expect(paris.amount("-12", currency: nil) == "-12,00")
        let english = Formatting(language: .en, timeZone: "UTC")
        #expect(english.time("2026-07-01T10:00:00.000Z") == "2026-07-01 10:00")
        #expect(english.amount("1234.5", currency: "EUR") == "EUR\u{00A0}1,234.50")
        // Whatever Qonto sends that is not a plain decimal is shown as it is
        #expect(english.amount("12e3", currency: "EUR") == "12e3 EUR")
        #expect(english.time(nil) == "—")
    }

    @Test func theLanguageSettingOverridesTheBrowser() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client, acceptLanguage: "fr-FR,fr")
            let status = try await browser.get("/")
            #expect(status.text.contains("<html lang=\"fr\">"))
            #expect(status.text.contains("<title>État de Facteur · Facteur</title>"))
            #expect(status.text.contains("<a href=\"/log\">Journal des envois</a>"))
            #expect(status.text.contains("Heures indiquées en Europe/Paris"))
            // When the setting forces English
            let form = try await browser.get("/settings")
            #expect(form.text.contains("<option value=\"auto\" selected>auto (langue du navigateur)</option>"))
            let saved = try await browser.post("/settings", form: [("csrf", try form.csrfToken()), ("web_language", "en"),
                                                                   ("time_zone", "America/Martinique")])
            #expect(saved.status == .ok)
            // Then a French browser gets English pages, with times in the chosen zone
            #expect(saved.text.contains("<html lang=\"en\">"))
            let after = try await browser.get("/")
            #expect(after.text.contains("<html lang=\"en\">"))
            #expect(after.text.contains("Times in America/Martinique"))
            // And a zone that does not exist is refused next to its field
            let bad = try await browser.post("/settings", form: [("csrf", try form.csrfToken()), ("time_zone", "Paris")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("not a known time zone"))
        }
    }
}

@Suite struct FrenchWordingTests {
    @Test func knownRemediesAndHoldReasonsAreFrenchOnFrenchPages() {
        let french = Strings.french
        // Every remedy the failure policy can write has its French sentence (the texts are matched
        // exactly, so a remedy reworded in FacteurCore must be reworded here too)
        let signals: [FailureSignal] = [.qontoUnauthorized, .qontoInvalidGrant, .qontoForbidden, .smtp(.authFailure),
                                        .smtp(.securityFailure), .misconfigured(key: "qonto_login"),
                                        .misconfigured(key: "pennylane_customer_inbox")]
        for signal in signals {
            guard case .stop(_, let remedy) = FailurePolicy.response(to: signal) else {
                Issue.record("\(signal) does not stop")
                continue
            }
            #expect(french.remedy(remedy) != remedy, "no French for: \(remedy)")
        }
        #expect(french.remedy(FailurePolicyRemedy.missingInbox).hasPrefix("renseignez `pennylane_supplier_inbox`"))
        #expect(french.holdReason("unsupported file: application/xml is not a PDF, JPEG or PNG (what Pennylane reads)")
                == "fichier non pris en charge : application/xml n’est ni un PDF, ni un JPEG, ni un PNG (les formats que lit Pennylane)")
        #expect(french.holdReason("download failed: HTTP 500") == "échec du téléchargement : HTTP 500")
        // What is not known is shown as written, never dropped
        #expect(french.holdReason("something new") == "something new")
        #expect(Strings.english.remedy("anything") == "anything")
    }
}

/// The remedy FacteurCore writes for a missing inbox (read from the policy, so a change there shows here).
enum FailurePolicyRemedy {
    static var missingInbox: String {
        guard case .stop(_, let remedy) = FailurePolicy.response(to: .misconfigured(key: "pennylane_supplier_inbox")) else { return "" }
        return remedy
    }
}
