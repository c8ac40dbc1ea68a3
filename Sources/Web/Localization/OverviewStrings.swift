/// The overview page's texts (the gateway's list of workspaces), in the reader's language.
struct OverviewStrings: Sendable {
    let navOverview, title, workspaces, health, healthOK, waiting, nothingWaiting, lastSync, neverSynced: String
    let queue, queueEmpty, tokenHeading, tokenUnknown, openStatus: String
    /// A workspace skipped at start, what to do about it, a store that cannot be read, a figure not known.
    let notServed, notServedHint, unreadable, unknown: String
    /// "3 workspaces · 1 incident · 2 with work waiting".
    let summary: @Sendable (_ workspaces: Int, _ incidents: Int, _ waiting: Int) -> String
    /// "Incident on Qonto's side".
    let incidentOn: @Sendable (_ side: String) -> String
    /// "4 invoices wait for a person".
    let waitingCount: @Sendable (Int) -> String
    /// "12 messages to send, the oldest waiting for 3 min".
    let queueLine: @Sendable (_ depth: Int, _ oldest: String?) -> String
    /// "expires on 12/01/2027 (in 9 days)".
    let tokenExpires: @Sendable (_ date: String, _ days: Int) -> String
    /// A past moment relative to now: "il y a 5 min", "5 min ago".
    let ago: @Sendable (_ seconds: Double) -> String
    /// A duration: "3 min", "2 h", "4 jours".
    let duration: @Sendable (_ seconds: Double) -> String

    /// The texts for a language.
    static func forLanguage(_ language: Language) -> OverviewStrings {
        language == .fr ? .french : .english
    }

    static let french = OverviewStrings(
        navOverview: "Vue d’ensemble", title: "Vue d’ensemble", workspaces: "Espaces", health: "État", healthOK: "Aucun incident",
        waiting: "En attente", nothingWaiting: "Rien n’attend", lastSync: "Dernière synchronisation Qonto",
        neverSynced: "jamais", queue: "File d’envoi", queueEmpty: "vide", tokenHeading: "Jeton Qonto",
        tokenUnknown: "date d’émission inconnue (reconnectez avec facteur connect pour la connaître)",
        openStatus: "Ouvrir",
        notServed: "Non servi", notServedHint: "corrigez puis redémarrez facteur run",
        unreadable: "Base de données illisible", unknown: "inconnu",
        summary: { workspaces, incidents, waiting in
            var parts = ["\(workspaces) espace\(workspaces > 1 ? "s" : "")"]
            if incidents > 0 { parts.append("\(incidents) en incident") }
            if waiting > 0 { parts.append("\(waiting) avec du travail en attente") }
            return parts.joined(separator: " · ")
        },
        incidentOn: { "Incident côté \($0)" },
        waitingCount: { "\($0) facture\($0 > 1 ? "s" : "") attend\($0 > 1 ? "ent" : "") une personne" },
        queueLine: { depth, oldest in
            let head = "\(depth) message\(depth > 1 ? "s" : "") à envoyer"
            return oldest.map { "\(head), le plus ancien attend depuis \($0)" } ?? head
        },
        tokenExpires: { date, days in
            days < 0 ? "expiré le \(date)" : "expire le \(date) (dans \(days) jour\(days > 1 ? "s" : ""))"
        },
        ago: { seconds in seconds < 60 ? "à l’instant" : "il y a \(OverviewStrings.frenchDuration(seconds))" },
        duration: { OverviewStrings.frenchDuration($0) })

    static let english = OverviewStrings(
        navOverview: "Overview", title: "Overview", workspaces: "Workspaces", health: "Health", healthOK: "No incident",
        waiting: "Waiting", nothingWaiting: "Nothing waits", lastSync: "Last Qonto sync", neverSynced: "never",
        queue: "Outgoing queue", queueEmpty: "empty", tokenHeading: "Qonto token",
        tokenUnknown: "issue date unknown (reconnect with facteur connect to know it)",
        openStatus: "Open",
        notServed: "Not served", notServedHint: "fix it, then restart facteur run",
        unreadable: "Database unreadable", unknown: "unknown",
        summary: { workspaces, incidents, waiting in
            var parts = ["\(workspaces) workspace\(workspaces == 1 ? "" : "s")"]
            if incidents > 0 { parts.append("\(incidents) with an incident") }
            if waiting > 0 { parts.append("\(waiting) with work waiting") }
            return parts.joined(separator: " · ")
        },
        incidentOn: { "Incident on the \($0) side" },
        waitingCount: { "\($0) invoice\($0 == 1 ? "" : "s") wait\($0 == 1 ? "s" : "") for a person" },
        queueLine: { depth, oldest in
            let head = "\(depth) message\(depth == 1 ? "" : "s") to send"
            return oldest.map { "\(head), the oldest waiting for \($0)" } ?? head
        },
        tokenExpires: { date, days in
            days < 0 ? "expired on \(date)" : "expires on \(date) (in \(days) day\(days == 1 ? "" : "s"))"
        },
        ago: { seconds in seconds < 60 ? "just now" : "\(OverviewStrings.englishDuration(seconds)) ago" },
        duration: { OverviewStrings.englishDuration($0) })

    static func frenchDuration(_ seconds: Double) -> String {
        let (value, unit) = parts(seconds)
        switch unit {
        case .seconds: return "\(value) s"
        case .minutes: return "\(value) min"
        case .hours: return "\(value) h"
        case .days: return "\(value) jour\(value > 1 ? "s" : "")"
        }
    }

    static func englishDuration(_ seconds: Double) -> String {
        let (value, unit) = parts(seconds)
        switch unit {
        case .seconds: return "\(value) s"
        case .minutes: return "\(value) min"
        case .hours: return "\(value) h"
        case .days: return "\(value) day\(value == 1 ? "" : "s")"
        }
    }

    private enum Unit { case seconds, minutes, hours, days }

    /// A duration rounded down to its largest whole unit.
    private static func parts(_ seconds: Double) -> (Int, Unit) {
        let whole = Int(max(0, seconds))
        if whole < 60 { return (whole, .seconds) }
        if whole < 3_600 { return (whole / 60, .minutes) }
        if whole < 172_800 { return (whole / 3_600, .hours) }
        return (whole / 86_400, .days)
    }
}
