import FacteurCore
import GRDB

extension FacteurDatabase {
    /// The schema's history. Migrations only ever append: a shipped migration is never edited, so
    /// every data directory ever created can be brought up to date on start.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: outbox, mail log, settings, secrets") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_id TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    sender TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    attachment_name TEXT NOT NULL,
                    attachment_sha256 TEXT NOT NULL,
                    spool_file TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','deferred','failed','held','unknown')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT,
                    queued_at TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    last_attempt_at TEXT,
                    data_started_at TEXT,
                    sent_at TEXT,
                    last_reply TEXT,
                    last_error TEXT,
                    possible_duplicate INTEGER NOT NULL DEFAULT 0,
                    supersedes_id INTEGER REFERENCES outbox(id),
                    UNIQUE (record_id, record_type, content_hash)
                );
                CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
                CREATE INDEX outbox_record ON outbox(record_id);

                CREATE TABLE mail_log (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    event TEXT NOT NULL,
                    outbox_id INTEGER,
                    record_id TEXT,
                    record_type TEXT,
                    message_id TEXT,
                    recipient TEXT,
                    outcome TEXT,
                    reply TEXT,
                    attachment_sha256 TEXT,
                    possible_duplicate INTEGER NOT NULL DEFAULT 0,
                    detail TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX mail_log_at ON mail_log(at);
                CREATE TRIGGER mail_log_append_only_update BEFORE UPDATE ON mail_log
                    BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END;
                CREATE TRIGGER mail_log_append_only_delete BEFORE DELETE ON mail_log
                    BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END;

                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );

                CREATE TABLE secrets (
                    name TEXT PRIMARY KEY,
                    nonce BLOB NOT NULL,
                    ciphertext BLOB NOT NULL,
                    tag BLOB NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: qonto records and the sync marker") { db in
            try db.execute(sql: """
                CREATE TABLE qonto_records (
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    seen_at TEXT NOT NULL,
                    disposition TEXT NOT NULL CHECK (disposition IN ('forwarded', 'held')),
                    reason TEXT,
                    attachment_sha256 TEXT,
                    held_file TEXT,
                    outbox_id INTEGER REFERENCES outbox(id),
                    retryable INTEGER NOT NULL DEFAULT 0,
                    raw_json TEXT NOT NULL,
                    PRIMARY KEY (record_type, record_id, content_hash)
                );
                CREATE INDEX qonto_records_disposition ON qonto_records(disposition);
                """)
        }
        migrator.registerMigration("v3: incidents, side health, settings changes, retry requests") { db in
            try db.execute(sql: """
                CREATE TABLE incidents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    side TEXT NOT NULL CHECK (side IN ('qonto', 'smtp')),
                    opened_at TEXT NOT NULL,
                    resolved_at TEXT,
                    summary TEXT NOT NULL,
                    remedy TEXT NOT NULL,
                    last_seen_at TEXT NOT NULL,
                    occurrences INTEGER NOT NULL DEFAULT 1,
                    notified_at TEXT,
                    notification_error TEXT
                );
                CREATE UNIQUE INDEX incidents_one_open_per_side ON incidents(side) WHERE resolved_at IS NULL;

                CREATE TABLE side_health (
                    side TEXT PRIMARY KEY CHECK (side IN ('qonto', 'smtp')),
                    last_success_at TEXT,
                    last_failure_at TEXT,
                    last_error TEXT
                );

                CREATE TABLE settings_changes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    key TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    source TEXT NOT NULL
                );

                ALTER TABLE qonto_records ADD COLUMN retry_requested_at TEXT;
                """)
        }
        migrator.registerMigration("v4: counterparty directory, ledger invoices, match explanations") { db in
            try db.execute(sql: """
                CREATE TABLE counterparties (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('supplier', 'customer')),
                    name TEXT NOT NULL,
                    siren TEXT,
                    siret TEXT,
                    vat_number TEXT,
                    iban TEXT,
                    source TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX counterparties_kind ON counterparties(kind);

                CREATE TABLE ledger_invoices (
                    source TEXT NOT NULL,
                    source_ref TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('supplier', 'customer')),
                    counterparty_id TEXT,
                    invoice_number TEXT,
                    invoice_number_key TEXT,
                    amount_cents INTEGER,
                    date TEXT,
                    label TEXT,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (source, source_ref)
                );
                CREATE INDEX ledger_invoices_counterparty ON ledger_invoices(counterparty_id, amount_cents);
                CREATE INDEX ledger_invoices_number ON ledger_invoices(invoice_number_key);

                ALTER TABLE qonto_records ADD COLUMN counterparty_id TEXT;
                ALTER TABLE qonto_records ADD COLUMN match_score REAL;
                ALTER TABLE qonto_records ADD COLUMN match_explanation TEXT;
                """)
        }
        migrator.registerMigration("v5: indexes for per-message and per-window lookups") { db in
            // `make bench` found full scans growing with the history: the latest version of a record
            // (after each sent message) and the pending retry requests (every window).
            try db.execute(sql: """
                CREATE INDEX qonto_records_latest ON qonto_records(record_type, record_id, seen_at);
                CREATE INDEX qonto_records_retry ON qonto_records(retry_requested_at) WHERE retry_requested_at IS NOT NULL;
                CREATE INDEX qonto_records_held ON qonto_records(disposition, seen_at) WHERE disposition = 'held';
                """)
        }
        migrator.registerMigration("v6: mail-log seals") { db in
            // HMAC of each row's hash under a key derived from the master key (MailLogSealKey):
            // rows written before this version stay unsealed, every later one is sealed. The
            // marker says from which row on, sealed itself, so stripping every seal (and the
            // marker) does not make a sealed log pass for one from before sealing.
            try db.execute(sql: """
                ALTER TABLE mail_log ADD COLUMN seal TEXT;
                CREATE TABLE mail_log_sealing (sealed_from INTEGER NOT NULL, seal TEXT);
                INSERT INTO mail_log_sealing (sealed_from, seal)
                    SELECT next, facteur_seal('sealed_from:' || next) FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM mail_log);
                """)
        }
        migrator.registerMigration("v7: dismissals, problems a person set aside as not an invoice") { db in
            // A dismissal names the exact version (content hash): a changed record shows again.
            // Undoing keeps the row (undone_at), so the page and the mail log tell the same story.
            try db.execute(sql: """
                CREATE TABLE dismissals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    outbox_id INTEGER REFERENCES outbox(id),
                    reason TEXT NOT NULL,
                    dismissed_at TEXT NOT NULL,
                    dismissed_by TEXT NOT NULL,
                    undone_at TEXT
                );
                CREATE UNIQUE INDEX dismissals_active ON dismissals(record_type, record_id, content_hash) WHERE undone_at IS NULL;
                """)
        }
        migrator.registerMigration("v8: indexes for the duplicate check and for lookups by Qonto ID") { db in
            // QontoRecords.forwarded(recordType:sha256:counterpartyIDs:) runs once per forwarded
            // invoice: without these it scanned every record, quadratic over a 3-year backfill.
            try db.execute(sql: """
                CREATE INDEX qonto_records_forwarded_file ON qonto_records(attachment_sha256) WHERE disposition = 'forwarded';
                CREATE INDEX qonto_records_forwarded_counterparty ON qonto_records(counterparty_id) WHERE disposition = 'forwarded';
                -- the status page and the mail log look records up by Qonto ID (QontoRecords+Facts)
                CREATE INDEX qonto_records_by_id ON qonto_records(record_id, seen_at);
                """)
        }
        migrator.registerMigration("v9: ledger invoices carry their document type (credit note)") { db in
            // A booked credit note was stored as an invoice (absolute amount, no type), so the
            // duplicate check, which compares like with like, never matched a re-sent credit note.
            try db.execute(sql: "ALTER TABLE ledger_invoices ADD COLUMN is_credit_note INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v10: delivery stops, credited to every waiting message's retry lifetime") { db in
            // A stop (the relay refused our credentials or TLS) holds back the whole outbox: its
            // span is recorded here and credited to every message that waited through it, so
            // `queued_at` ("since" for people) is never rewritten to do so.
            try db.execute(sql: """
                CREATE TABLE delivery_stops (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    ended_at TEXT
                );
                """)
        }
        migrator.registerMigration("v11: typed decision reasons") { db in
            // Later code decided on the stored sentences by their opening ("new counterparty",
            // "unsupported file"), so rewording one silently changed a decision. The decision's
            // stable code (InvoiceDecision.code) is stored beside the sentence, which stays for
            // people; older rows get the code their sentence states unambiguously, NULL otherwise
            // (read as "unknown": the sentence is shown and nothing is decided from it).
            try db.execute(sql: "ALTER TABLE qonto_records ADD COLUMN reason_code TEXT")
            let rows = try Row.fetchAll(db, sql: """
                SELECT rowid, disposition, reason, match_explanation, counterparty_id FROM qonto_records
                """)
            let update = try db.makeStatement(sql: "UPDATE qonto_records SET reason_code = ? WHERE rowid = ?")
            for row in rows {
                guard let decision = InvoiceDecision.legacy(disposition: row["disposition"], reason: row["reason"],
                                                            explanation: row["match_explanation"],
                                                            counterpartyID: row["counterparty_id"]) else { continue }
                try update.execute(arguments: [decision.code, row["rowid"] as Int64])
            }
        }
        return migrator
    }

    /// Applies pending migrations.
    func migrate() throws {
        try Self.migrator.migrate(queue)
    }
}
