#!/usr/bin/env python3
"""Fill a data directory with ROWS outbox rows and ROWS mail-log rows for `make bench`.

    make_big_outbox.py DATA_DIR ROWS FAILED

DATA_DIR/facteur.sqlite must exist with Facteur's schema (any facteur command creates it).
FAILED rows, spread evenly, are `failed` with a 5xx reply, the rest `sent`. Each
outbox row gets one `attempt` row in the mail log, and the log is a VALID hash chain (same encoding
as Sources/Store/MailLogEntry.swift `computedHash`: each field as `<UTF-8 length>:<value>` or `-`
on its own line, in column order, then the previous hash), so `facteur audit --verify` recomputes
every row for real. One transaction per table.
"""
import hashlib
import os
import sqlite3
import sys
import time

data_dir, rows, failed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
step = max(rows // max(failed, 1), 1)
base = time.time() - rows  # one message per second, ending now


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"


def chain_hash(fields):
    digest = hashlib.sha256()
    for value in fields:
        digest.update(b"-\n" if value is None else f"{len(value.encode())}:{value}\n".encode())
    return digest.hexdigest()


def outbox_rows():
    for i in range(1, rows + 1):
        is_failed = i % step == 0 and i // step <= failed
        at = stamp(base + i)
        ref = f"bulk-{i:07d}"
        yield (ref, "supplier_invoice", f"{i:064x}", f"qonto.supplier_invoice.{ref}.00000000@facteur",
               "factures@bench.example", "achats@pennylane.example", f"Facture {ref}", f"qonto-{ref}-facture.pdf",
               f"{i:064x}", f"spool/{i:032x}.eml", 120_000, "failed" if is_failed else "sent", 1, None, at, at, at, at,
               at, None if is_failed else at,
               "554 5.7.1 Rejected for testing" if is_failed else f"250 2.0.0 Ok: queued as {i:X}",
               "554 5.7.1 Rejected for testing" if is_failed else None)


def log_rows():
    previous = "0" * 64
    for i in range(1, rows + 1):
        is_failed = i % step == 0 and i // step <= failed
        ref = f"bulk-{i:07d}"
        fields = [str(i), stamp(base + i), "attempt", str(i), ref, "supplier_invoice",
                  f"qonto.supplier_invoice.{ref}.00000000@facteur", "achats@pennylane.example",
                  "failed" if is_failed else "sent",
                  "554 5.7.1 Rejected for testing" if is_failed else f"250 2.0.0 Ok: queued as {i:X}",
                  f"{i:064x}", "0", None, previous]
        digest = chain_hash(fields)
        yield (i, *fields[1:3], i, *fields[4:11], 0, None, previous, digest)
        previous = digest


db = sqlite3.connect(os.path.join(data_dir, "facteur.sqlite"))
with db:
    db.executemany("""INSERT INTO outbox (record_id, record_type, content_hash, message_id, sender, recipient, subject,
        attachment_name, attachment_sha256, spool_file, size, state, attempts, next_attempt_at, queued_at, created_at,
        updated_at, last_attempt_at, data_started_at, sent_at, last_reply, last_error)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", outbox_rows())
with db:
    db.executemany("""INSERT INTO mail_log (seq, at, event, outbox_id, record_id, record_type, message_id, recipient,
        outcome, reply, attachment_sha256, possible_duplicate, detail, prev_hash, hash)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", log_rows())
db.close()
