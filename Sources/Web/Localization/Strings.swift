import Foundation

/// Every fixed text of the pages, in one typed catalogue per language: a template writes
/// `{{t.retry}}`, a view model `strings.retry`, and the compiler makes sure both languages have
/// every entry. Texts that depend on a number are functions (``Strings/rows(_:)``), so plurals
/// are right in both languages.
struct Strings: Sendable {
    // Layout
    let navStatus, navLog, navSettings, logOut, timesIn: String
    // Status page
    let statusTitle, asOf: String
    let verdictAllWell: String
    let incidentsHeading, toFix, ownerNotMailed, ownerMailedAt, ownerMailFailed, stoppedSince: String
    let waitingHeading, nothingWaiting, dismissedHeading, dismissedHelp, healthHeading: String
    let sidesHeading, side, state, lastSuccess, lastFailure, markersHeading, recordType, syncedUpTo, noMarker: String
    let outboxHeading, outboxHelp: String
    let supplier, client, counterparty, invoiceNumber, amount, issueDate, fileName, recipient, reason, serverReply: String
    let decision, qontoID, since, unknownInvoice: String
    let retry, release, retryRequested, dismiss, dismissReasonLabel, dismissReasonHint, dismissConfirm: String
    let dismissedOn, undoDismiss, retryHelp, releaseHelp: String
    let refusedByServer: String
    // Mail log page
    let logTitle, from, to, counterpartyContains, invoiceNumberContains, qontoIDContains, event, outcome, any: String
    let filter, downloadCSV, daysIn, noRowMatches, at, outbox, record, replyDetail, possibleDuplicate: String
    // Settings page
    let settingsTitle, save, settingsHelp, currentValueFrom, backfillInactive: String
    let sourceSettingsPage, sourceConfigurationFile, sourceDefault, languageAuto: String
    let savedNothingChanged, savedChanged, notSavedFix: String
    // Notices
    let noticeDismissed, noticeUndone, noticeReleased: String

    // Plurals and numbers
    let rows: @Sendable (Int) -> String
    let incidents: @Sendable (Int) -> String
    let invoicesWaiting: @Sendable (Int) -> String
    let showingNewest: @Sendable (Int, Int) -> String

    /// What an outbox or record state is called.
    let stateName: @Sendable (String) -> String
    /// What a side is called.
    let sideName: @Sendable (String) -> String
    /// What a side's state is called.
    let sideState: @Sendable (String) -> String
    /// What a kind of record is called.
    let recordTypeName: @Sendable (String) -> String
    /// What a setting is called, and its help, by key (nil: use the application's own text).
    let setting: @Sendable (String) -> (label: String, help: String)?
    /// An incident's remedy as the application wrote it (English), in this language when known.
    let remedy: @Sendable (String) -> String
    /// A hold's reason as the sync wrote it (English), in this language when its kind is known;
    /// the variable part (a file type, an error) is kept as written.
    let holdReason: @Sendable (String) -> String

    static func forLanguage(_ language: Language) -> Strings {
        language == .fr ? .french : .english
    }
}

extension Strings {
    static let french = Strings(
        navStatus: "État", navLog: "Journal des envois", navSettings: "Réglages", logOut: "Se déconnecter",
        timesIn: "Heures indiquées en",
        statusTitle: "État de Facteur", asOf: "Au",
        verdictAllWell: "Tout va bien : aucun incident, aucune facture n’attend de décision.",
        incidentsHeading: "Incidents en cours", toFix: "Pour corriger :",
        ownerNotMailed: "Le responsable n’a pas encore été prévenu par e-mail.",
        ownerMailedAt: "Le responsable a été prévenu par e-mail le",
        ownerMailFailed: "Le responsable n’a pas pu être prévenu par e-mail :",
        stoppedSince: "arrêté depuis le",
        waitingHeading: "À traiter", nothingWaiting: "Aucune facture n’attend de décision.",
        dismissedHeading: "Écartés",
        dismissedHelp: "Documents mis de côté comme n’étant pas des factures. Ils restent inscrits au journal des envois ; une nouvelle version du document revient dans « À traiter ».",
        healthHeading: "Fonctionnement",
        sidesHeading: "Services", side: "Service", state: "État", lastSuccess: "Dernier succès", lastFailure: "Dernier échec",
        markersHeading: "Synchronisation", recordType: "Type", syncedUpTo: "Synchronisé jusqu’au", noMarker: "Pas encore synchronisé.",
        outboxHeading: "Boîte d’envoi",
        outboxHelp: "Messages par état. Les documents retenus avant d’être mis en message n’y figurent pas ; ils sont dans « À traiter ».",
        supplier: "Fournisseur", client: "Client", counterparty: "Tiers", invoiceNumber: "N° de facture", amount: "Montant",
        issueDate: "Date de la facture", fileName: "Fichier", recipient: "Destinataire", reason: "Motif",
        serverReply: "Réponse du serveur", decision: "Décision", qontoID: "Identifiant Qonto", since: "Depuis le",
        unknownInvoice: "Document sans nom de tiers",
        // Not « Relancer »: to a bookkeeper that means chasing a payment.
        retry: "Réessayer", release: "Envoyer tel quel", retryRequested: "nouvel essai demandé", dismiss: "Écarter…",
        dismissReasonLabel: "Motif (obligatoire, inscrit au journal)", dismissReasonHint: "ex. : relevé, pas une facture",
        dismissConfirm: "Écarter ce document", dismissedOn: "Écarté le", undoDismiss: "Annuler l’écart",
        retryHelp: "après avoir corrigé la cause", releaseHelp: "à Pennylane, après vérification",
        refusedByServer: "Le serveur de messagerie a refusé le message.",
        logTitle: "Journal des envois", from: "Du", to: "Au (inclus)", counterpartyContains: "Tiers contient",
        invoiceNumberContains: "N° de facture contient", qontoIDContains: "Identifiant Qonto contient", event: "Événement",
        outcome: "Résultat", any: "tous", filter: "Filtrer", downloadCSV: "Télécharger le CSV",
        daysIn: "Jours calendaires en", noRowMatches: "Aucune ligne ne correspond.", at: "Le", outbox: "Message",
        record: "Document", replyDetail: "Réponse / détail", possibleDuplicate: "doublon possible",
        settingsTitle: "Réglages", save: "Enregistrer",
        settingsHelp: "Les réglages enregistrés s’appliquent à la prochaine relève.",
        currentValueFrom: "Valeur actuelle issue de :",
        backfillInactive: "Sans effet désormais : la synchronisation a déjà un repère (%@). Ce réglage ne sert qu’à la toute première relève. Pour relire une période plus ancienne, lancez sur le serveur",
        sourceSettingsPage: "la page des réglages", sourceConfigurationFile: "le fichier de configuration",
        sourceDefault: "la valeur par défaut", languageAuto: "auto (langue du navigateur)",
        savedNothingChanged: "Enregistré ; rien n’a changé.",
        savedChanged: "Enregistré. Modifié : %@. Pris en compte à la prochaine relève.",
        notSavedFix: "Rien n’a été enregistré : corrigez les champs signalés ci-dessous.",
        noticeDismissed: "Écarté : %@ — inscrit au journal des envois. Vous pouvez annuler plus bas.",
        noticeUndone: "De nouveau à traiter : %@.",
        noticeReleased: "Message %@ envoyé tel quel : il part dans la minute.",
        rows: { $0 <= 1 ? "\($0) ligne correspondante" : "\($0) lignes correspondantes" },
        incidents: { $0 <= 1 ? "\($0) incident en cours" : "\($0) incidents en cours" },
        invoicesWaiting: { $0 <= 1 ? "\($0) document attend une décision" : "\($0) documents attendent une décision" },
        showingNewest: { "Affichage des \($0) plus récentes sur \($1) ; affinez les filtres ou téléchargez le CSV, qui les contient toutes." },
        stateName: { state in
            switch state {
            case "failed": return "Envoi refusé"
            case "held": return "En attente"
            case "unknown": return "Issue inconnue"
            case "queued": return "À envoyer"
            case "sending": return "En cours d’envoi"
            case "sent": return "Envoyé"
            case "deferred": return "Reporté"
            default: return state
            }
        },
        sideName: { $0 == "qonto" ? "Qonto (relève des factures)" : "SMTP (envoi à Pennylane)" },
        sideState: { state in
            switch state {
            case "ok": return "fonctionne"
            case "failing": return "en difficulté"
            case "stopped": return "arrêté"
            case "never": return "pas encore lancé"
            default: return state
            }
        },
        recordTypeName: { type in
            switch type {
            case "supplier_invoice": return "Facture fournisseur"
            case "client_invoice": return "Facture client"
            default: return type
            }
        },
        setting: { key in
            switch key {
            case "backfill_since": return ("Reprendre l’historique à partir du", "Début de la toute première relève (AAAA-MM-JJ), 3 ans en arrière au plus. Par défaut : 30 jours en arrière.")
            case "poll_interval": return ("Intervalle de relève (secondes, 60 à 86400)", "Secondes entre deux relèves de `facteur run`.")
            case "match_threshold": return ("Seuil de rapprochement (points)", "Points que les indices sur le tiers d’une facture doivent atteindre pour qu’elle parte sans vérification.")
            case "pennylane_supplier_inbox": return ("Adresse Pennylane des factures fournisseurs", "Adresse de réception Pennylane (Achats > Importer > par e-mail).")
            case "pennylane_customer_inbox": return ("Adresse Pennylane des factures clients", "Adresse de réception Pennylane des factures clients.")
            case "owner_email": return ("Responsable (prévenu une fois par incident)", "Adresse prévenue quand les identifiants Qonto ou SMTP cessent de fonctionner.")
            case "web_language": return ("Langue des pages", "auto : celle du navigateur ; fr ou en pour l’imposer.")
            case "time_zone": return ("Fuseau horaire", "Fuseau des heures affichées (IANA, ex. Europe/Paris).")
            default: return nil
            }
        },
        remedy: Strings.frenchRemedy,
        holdReason: Strings.frenchHoldReason)

    static let english = Strings(
        navStatus: "Status", navLog: "Mail log", navSettings: "Settings", logOut: "Log out",
        timesIn: "Times in",
        statusTitle: "Facteur status", asOf: "As of",
        verdictAllWell: "All is well: no incident, no invoice waiting for a decision.",
        incidentsHeading: "Open incidents", toFix: "To fix:",
        ownerNotMailed: "The owner has not been mailed yet.",
        ownerMailedAt: "The owner was mailed at",
        ownerMailFailed: "The owner could not be mailed:",
        stoppedSince: "stopped since",
        waitingHeading: "Waiting for you", nothingWaiting: "No invoice is waiting for a decision.",
        dismissedHeading: "Dismissed",
        dismissedHelp: "Documents set aside as not invoices. They stay in the mail log; a new version of the document comes back to “Waiting for you”.",
        healthHeading: "Health",
        sidesHeading: "Services", side: "Service", state: "State", lastSuccess: "Last success", lastFailure: "Last failure",
        markersHeading: "Sync", recordType: "Type", syncedUpTo: "Synced up to", noMarker: "Not synced yet.",
        outboxHeading: "Outbox",
        outboxHelp: "Messages by state. Documents held before they became a message are not in the outbox; they are under “Waiting for you”.",
        supplier: "Supplier", client: "Client", counterparty: "Counterparty", invoiceNumber: "Invoice number", amount: "Amount",
        issueDate: "Issue date", fileName: "File", recipient: "Recipient", reason: "Reason",
        serverReply: "Server reply", decision: "Decision", qontoID: "Qonto ID", since: "Since",
        unknownInvoice: "Document without a counterparty name",
        retry: "Retry", release: "Release", retryRequested: "retry requested", dismiss: "Dismiss…",
        dismissReasonLabel: "Reason (required, written to the mail log)", dismissReasonHint: "e.g. bank statement, not an invoice",
        dismissConfirm: "Dismiss this document", dismissedOn: "Dismissed on", undoDismiss: "Undo dismiss",
        retryHelp: "after fixing the cause", releaseHelp: "send it to Pennylane as it is",
        refusedByServer: "The mail server refused the message.",
        logTitle: "Mail log", from: "From", to: "To (inclusive)", counterpartyContains: "Counterparty contains",
        invoiceNumberContains: "Invoice number contains", qontoIDContains: "Qonto ID contains", event: "Event",
        outcome: "Outcome", any: "any", filter: "Filter", downloadCSV: "Download CSV",
        daysIn: "Calendar days in", noRowMatches: "No row matches.", at: "At", outbox: "Message",
        record: "Document", replyDetail: "Reply / detail", possibleDuplicate: "possible duplicate",
        settingsTitle: "Settings", save: "Save",
        settingsHelp: "Saved settings take effect at the next sync window.",
        currentValueFrom: "Current value from:",
        backfillInactive: "No longer has any effect: sync already has a marker (%@). This setting only serves the very first window. To read an older period again, run on the server",
        sourceSettingsPage: "the settings page", sourceConfigurationFile: "the configuration file",
        sourceDefault: "the default", languageAuto: "auto (the browser’s language)",
        savedNothingChanged: "Saved; nothing changed.",
        savedChanged: "Saved. Changed: %@. They take effect at the next window.",
        notSavedFix: "Nothing was saved: correct the fields marked below.",
        noticeDismissed: "%@ dismissed and written to the mail log. You can undo it below.",
        noticeUndone: "%@ is waiting for you again.",
        noticeReleased: "Message %@ released: it is sent within a minute.",
        rows: { $0 == 1 ? "1 matching row" : "\($0) matching rows" },
        incidents: { $0 == 1 ? "1 open incident" : "\($0) open incidents" },
        invoicesWaiting: { $0 == 1 ? "1 document is waiting for a decision" : "\($0) documents are waiting for a decision" },
        showingNewest: { "Showing the newest \($0) of \($1) matching rows; narrow the filters, or download the CSV, which has them all." },
        stateName: { state in
            switch state {
            case "failed": return "Refused"
            case "held": return "Held"
            case "unknown": return "Outcome unknown"
            default: return state
            }
        },
        sideName: { $0 == "qonto" ? "Qonto (polling)" : "SMTP (delivery)" },
        sideState: { $0 },
        recordTypeName: { type in
            switch type {
            case "supplier_invoice": return "Supplier invoice"
            case "client_invoice": return "Client invoice"
            default: return type
            }
        },
        setting: { key in
            switch key {
            case "backfill_since": return ("Backfill from (first window, at most 3 years back)", "The very first window's start (YYYY-MM-DD), at most 3 years back. Default: 30 days back.")
            case "web_language": return ("Page language", "auto: the browser's; fr or en to force one.")
            case "time_zone": return ("Time zone", "The zone the pages show times in (IANA, e.g. Europe/Paris).")
            default: return nil
            }
        },
        remedy: { $0 },
        holdReason: { $0 })
}

extension Strings {
    /// The remedies FacteurCore's FailurePolicy writes, in French (a remedy not listed is shown as written).
    static let frenchRemedies: [String: String] = [
        "check the Qonto credentials: `facteur secret set qonto_secret_key` for an API key, or `facteur connect` for OAuth":
            "vérifiez les identifiants Qonto : `facteur secret set qonto_secret_key` pour une clé d’API, ou `facteur connect` pour OAuth.",
        "reconnect Qonto with `facteur connect` (the authorisation expired or was revoked)":
            "reconnectez Qonto avec `facteur connect` (l’autorisation a expiré ou a été révoquée).",
        "reconnect Qonto with `facteur connect` granting the invoice and attachment scopes, or check the member's role":
            "reconnectez Qonto avec `facteur connect` en accordant l’accès aux factures et aux pièces jointes, ou vérifiez le rôle du membre.",
        "check the SMTP password (`facteur secret set smtp_password`) and user; a relay answering 530 needs smtp_username in the configuration file, then a restart of facteur run":
            "vérifiez le mot de passe SMTP (`facteur secret set smtp_password`) et l’utilisateur ; un relais qui répond 530 exige smtp_username dans le fichier de configuration, puis un redémarrage de `facteur run`.",
        "check the SMTP TLS settings (smtp_url, smtp_tls_min, smtp_ca_file) and the server's certificate, then restart facteur run":
            "vérifiez les réglages TLS du SMTP (smtp_url, smtp_tls_min, smtp_ca_file) et le certificat du serveur, puis relancez `facteur run`.",
    ]

    /// A remedy in French: a known sentence, or the missing-setting remedy with its key kept.
    @Sendable static func frenchRemedy(_ remedy: String) -> String {
        if let french = frenchRemedies[remedy] { return french }
        let suffix = "` in the configuration file (the Pennylane inboxes and the owner address can also be set on the settings page); polling resumes at the next window"
        if remedy.hasPrefix("set `"), remedy.hasSuffix(suffix) {
            let key = remedy.dropFirst("set `".count).dropLast(suffix.count)
            return "renseignez `\(key)` dans le fichier de configuration (les adresses Pennylane et celle du responsable se règlent aussi sur la page des réglages) ; la relève reprend à la fenêtre suivante."
        }
        if remedy.hasPrefix("set the Qonto credentials (`") {
            return remedy.replacingOccurrences(of: "set the Qonto credentials (", with: "renseignez les identifiants Qonto (")
                .replacingOccurrences(of: " for an API key, or ", with: " pour une clé d’API, ou ")
                .replacingOccurrences(of: " for OAuth", with: " pour OAuth")
        }
        return remedy
    }

    /// The sync's hold reasons in French: whole sentences by exact text, then known prefixes
    /// (`download failed: <error>`) with their variable part kept.
    @Sendable static func frenchHoldReason(_ reason: String) -> String {
        let whole: [String: String] = [
            "non-financial document: Qonto files it under Document Review, not as an invoice":
                "document non financier : Qonto le classe parmi les documents à vérifier (Document Review), pas comme une facture",
            "no attachment: Qonto has no file for this invoice": "pas de pièce jointe : Qonto n’a aucun fichier pour cette facture",
            "empty file: the attachment has 0 bytes": "fichier vide : la pièce jointe fait 0 octet",
        ]
        if let french = whole[reason] { return french }
        if reason.hasPrefix("unsupported file: "), reason.hasSuffix(" is not a PDF, JPEG or PNG (what Pennylane reads)") {
            let type = reason.dropFirst("unsupported file: ".count).dropLast(" is not a PDF, JPEG or PNG (what Pennylane reads)".count)
            return "fichier non pris en charge : \(type) n’est ni un PDF, ni un JPEG, ni un PNG (les formats que lit Pennylane)"
        }
        let prefixes = [
            ("download failed: ", "échec du téléchargement : "),
            ("missing attachment: Qonto answers 404 for attachment ", "pièce jointe introuvable : Qonto répond 404 pour la pièce jointe "),
            ("cannot compose: ", "impossible de composer le message : "),
        ]
        for (english, french) in prefixes where reason.hasPrefix(english) {
            return french + reason.dropFirst(english.count)
        }
        return reason
    }

    /// `text` with `%@` replaced by `value`.
    static func fill(_ text: String, _ value: String) -> String {
        text.replacingOccurrences(of: "%@", with: value)
    }
}
