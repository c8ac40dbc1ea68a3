import FacteurCore
import Foundation
import MIME
import Store

/// Mails the workspace owner about an incident, through the configured transport (the same SMTP
/// relay as the invoices), and records the outcome in the incident and the mail log.
struct OwnerNotifier: Sendable {
    let configuration: FacteurConfiguration
    let transport: (any MailTransport)?
    let store: any WorkspaceStore
    /// The workspace whose owner is mailed: part of the notice's Message-ID and subject, so two
    /// companies' incident #1 are two messages (an owner of both gets both).
    var workspace: WorkspaceID = .default

    /// The notice's Message-ID (`default`'s as before workspaces, so an upgrade changes nothing).
    func messageID(_ incident: Incident) -> String {
        workspace == .default ? "facteur.incident.\(incident.id)@facteur" : "facteur.incident.\(workspace).\(incident.id)@facteur"
    }

    /// Sends the notice. Blocking (libcurl): call it from a dedicated thread.
    func notify(_ incident: Incident, now: Date) throws(StoreError) {
        let incidents = store.incidents
        guard let owner = configuration.ownerEmail else {
            try incidents.noteNotification(incident, recipient: nil, reply: nil, error: "owner_email is not set", now: now)
            return
        }
        guard let transport, let sender = configuration.sender else {
            try incidents.noteNotification(incident, recipient: owner.description, reply: nil,
                                           error: "smtp_url or smtp_from is not set", now: now)
            return
        }
        if incident.side == .smtp, case .smtp = configuration.transport {
            // The relay refuses us: a notice through it cannot get out. The status page says so.
            try incidents.noteNotification(incident, recipient: owner.description, reply: nil,
                                           error: "the notice goes through the SMTP relay, which is the side that stopped", now: now)
            return
        }
        if let relay = transport as? GatewayRelay, let stop = try relay.currentStop() {
            // Another side's incident, but the relay refuses us: trying would count one more failing
            // AUTH. The notice waits (not notified yet); IncidentDesk sends it once mail flows again.
            try incidents.noteNotification(incident, recipient: owner.description, reply: nil,
                                           error: "deferred: the SMTP relay is stopped (\(stop.reason)); it goes out once the relay works again",
                                           now: now)
            return
        }
        do {
            let path = try write(notice(incident, from: sender, to: owner, now: now), id: incident.id)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let session = transport.openSession()
            defer { session.close() }
            let result = session.send(OutgoingEnvelope(messageID: messageID(incident),
                                                       sender: sender.address, recipient: owner, messagePath: path,
                                                       byteCount: size)) { true }
            let error = result.kind == .delivered ? nil : "not accepted: \(result.summary)"
            try incidents.noteNotification(incident, recipient: owner.description, reply: result.reply.isEmpty ? nil : result.reply,
                                           error: error, now: now)
        } catch let error as StoreError {
            throw error
        } catch {
            try incidents.noteNotification(incident, recipient: owner.description, reply: nil,
                                           error: "cannot compose the notice: \(error)", now: now)
        }
    }

    private func notice(_ incident: Incident, from: Mailbox, to owner: EmailAddress, now: Date) -> NoticeMessage {
        // The mail log's head, kept in the owner's mailbox, off this machine: later,
        // `facteur audit --verify --expect-head` shows that no row before it was removed or rewritten.
        let head = try? store.mailLog.head()
        let headLine = head.map { "\nMail log head at this moment (keep this message): \($0.seq):\($0.hash)" } ?? ""
        let what = incident.side == .qonto ? "Facteur stopped polling Qonto" : "Facteur stopped sending mail"
        let body = """
            \(what) on \(incident.openedAt).

            What failed: \(incident.summary)
            To fix it: \(incident.remedy)

            Nothing is lost meanwhile: invoices stay in Qonto and queued mail stays in the outbox. \
            Facteur tries again as soon as the credentials change, and this incident closes by itself \
            at the next success. The status page (facteur run, web_bind) and `facteur status` show it.

            You get this message once per incident (#\(incident.id)).
            \(headLine)
            """
        return NoticeMessage(from: from, to: Mailbox(address: owner), subject: "[Facteur] Action needed\(workspace == .default ? "" : " (\(workspace))"): \(what.lowercased())",
                             date: now, messageID: messageID(incident),
                             extraHeaders: [("X-Facteur-Incident", String(incident.id)), ("Auto-Submitted", "auto-generated")]
                                 + (head.map { [("X-Facteur-Log-Head", "\($0.seq):\($0.hash)")] } ?? []),
                             bodyText: body)
    }

    private func write(_ notice: NoticeMessage, id: Int64) throws -> String {
        let folder = try DataDirectory.folder(configuration.dataDirectory, "notices")
        let path = "\(folder)/incident-\(id).eml"
        try Data(notice.encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
