import FacteurApp
import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// The overview's rows: their order, the refresh token's expiry (recorded when a token is stored,
/// read from the store), and the page in French for a firm whose token is about to expire.
@Suite struct OverviewRowTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func row(_ name: String, incidents: Int = 0, waiting: Int = 0) -> WorkspaceOverviewRow {
        let incident = Incident(id: 1, side: .qonto, openedAt: "2026-12-01T08:00:00Z", resolvedAt: nil, summary: "401",
                                remedy: "facteur connect", notifiedAt: nil, notificationError: nil)
        return WorkspaceOverviewRow(workspace: WorkspaceID(name)!, readAt: now, openIncidents: Array(repeating: incident, count: incidents),
                                    waiting: waiting, lastSyncAt: nil, outbox: [:], oldestDueQueuedAt: nil, refreshToken: .none)
    }

    @Test func rowsComeWorstFirstIncidentsThenMostWaitingThenByName() {
        let rows = [Self.row("zeta"), Self.row("alpha"), Self.row("mid", waiting: 2), Self.row("big", waiting: 9),
                    Self.row("late", incidents: 1), Self.row("early", incidents: 1, waiting: 1)]
        #expect(WorkspaceOverviewRow.worstFirst(rows).map(\.workspace.rawValue) == ["early", "late", "big", "mid", "alpha", "zeta"])
    }

    @Test func aRefreshTokenWarnsFourteenDaysBeforeItsNinetiethDay() {
        let issued = Self.now.addingTimeInterval(-76 * 86_400)
        #expect(RefreshTokenExpiry.issued(at: issued).isClose(now: Self.now))
        #expect(!RefreshTokenExpiry.issued(at: issued.addingTimeInterval(3_600)).isClose(now: Self.now))
        #expect(!RefreshTokenExpiry.unknown.isClose(now: Self.now))
        #expect(RefreshTokenExpiry.issued(at: issued).expiresAt == issued.addingTimeInterval(90 * 86_400))
    }

    @Test func storingARotatedRefreshTokenRestartsItsClockAndStoringTheSameOneKeepsIt() throws {
        let first = Data(#"{"accessToken":"a1","refreshToken":"r1","expiresAt":0}"#.utf8)
        let stored = String(decoding: QontoRefreshTokenDate.stamp(first, previous: nil, now: Self.now), as: UTF8.self)
        #expect(QontoRefreshTokenDate.expiry(of: stored) == .issued(at: Self.now))
        // The same refresh token stored again (a new access token only): the date is kept
        let again = Data(#"{"accessToken":"a2","refreshToken":"r1","expiresAt":3600}"#.utf8)
        let later = Self.now.addingTimeInterval(3_600)
        let kept = String(decoding: QontoRefreshTokenDate.stamp(again, previous: stored, now: later), as: UTF8.self)
        #expect(QontoRefreshTokenDate.expiry(of: kept) == .issued(at: Self.now))
        // A rotated one: the clock restarts
        let rotated = Data(#"{"accessToken":"a3","refreshToken":"r2","expiresAt":7200}"#.utf8)
        let restarted = String(decoding: QontoRefreshTokenDate.stamp(rotated, previous: kept, now: later), as: UTF8.self)
        #expect(QontoRefreshTokenDate.expiry(of: restarted) == .issued(at: later))
        // Tokens stored by an earlier release carry no date; no tokens at all means no OAuth connection
        #expect(QontoRefreshTokenDate.expiry(of: String(decoding: rotated, as: UTF8.self)) == .unknown)
        #expect(QontoRefreshTokenDate.expiry(of: nil) == .none)
    }

    @Test func theOverviewInFrenchWarnsOfATokenAboutToExpireWithItsDate() async throws {
        let oauth = ["qonto_client_id": "client-b", "qonto_client_secret": "s3cret-for-tests"]
        let gateway = try GatewayHarness(["a", "b", "c"], extra: ["b": oauth, "c": oauth])
        defer { gateway.remove() }
        let issued = Date().addingTimeInterval(-80 * 86_400)
        let tokens = Data(#"{"accessToken":"at","refreshToken":"rt","expiresAt":0}"#.utf8)
        let secrets = try #require(gateway.opened.first { $0.id.rawValue == "b" }).secrets
        try secrets.set(name: QontoConnection.tokensSecret,
                        value: String(decoding: QontoRefreshTokenDate.stamp(tokens, previous: nil, now: issued), as: UTF8.self))
        // c was connected by an earlier release: its tokens carry no date
        let oldSecrets = try #require(gateway.opened.first { $0.id.rawValue == "c" }).secrets
        try oldSecrets.set(name: QontoConnection.tokensSecret, value: String(decoding: tokens, as: UTF8.self))
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client, acceptLanguage: "fr-FR,fr;q=0.9")
            let page = try await browser.get("/")
            #expect(page.text.contains("<html lang=\"fr\">"))
            let card = try Self.card("b", in: page.text)
            #expect(card.contains("class=\"token-warning\">expire le "))
            #expect(card.contains("(dans 9 jours)") || card.contains("(dans 10 jours)"))
            let old = try Self.card("c", in: page.text)
            #expect(old.contains("date d’émission inconnue"))
            // a uses an API key (here: no Qonto key at all): no token line
            let apiKey = try Self.card("a", in: page.text)
            #expect(!apiKey.contains("Jeton Qonto"))
        }
    }

    /// One workspace's card on the overview, up to its end.
    static func card(_ id: String, in page: String) throws -> String {
        guard let start = page.range(of: "id=\"workspace-\(id)\"") else { throw TestFailure("no card for \(id)") }
        let rest = page[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</article>")?.lowerBound ?? rest.endIndex)])
    }
}
