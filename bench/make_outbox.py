#!/usr/bin/env python3
"""Pre-fill an outbox for the delivery cases of `make bench`, fast.

    make_outbox.py DATA_DIR COUNT TEMPLATE_REF LIST_FILE

DATA_DIR holds one message queued by `facteur forward ... --ref TEMPLATE_REF` (TEMPLATE_REF ends in
six digits, e.g. `bench-000000`). This clones its outbox row and its spool file COUNT-1 times with
references TEMPLATE_REF[:-6] + 000001, 000002, …: the reference is replaced byte for byte (same
length, so sizes do not change) everywhere it occurs in the .eml (X-Facteur-Qonto-Id, Subject,
Message-ID, attachment name) and in the row, so every clone has its own Message-ID in the row and
in the message. One transaction. Writes the COUNT spool paths, in outbox order, to LIST_FILE (the
peers send exactly these files).
"""
import hashlib
import os
import sqlite3
import sys

data_dir, count, template_ref, list_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
prefix = template_ref[:-6]
db = sqlite3.connect(os.path.join(data_dir, "facteur.sqlite"))
db.row_factory = sqlite3.Row
template = dict(db.execute("SELECT * FROM outbox WHERE record_id = ?", (template_ref,)).fetchone())
with open(os.path.join(data_dir, template["spool_file"]), "rb") as handle:
    eml = handle.read()
assert template_ref.encode() in eml and template_ref in template["message_id"], "template reference not found"
columns = [c for c in template if c != "id"]
insert = f"INSERT INTO outbox ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
paths = [os.path.join(data_dir, template["spool_file"])]
with db:  # one transaction
    for i in range(1, count):
        ref = f"{prefix}{i:06d}"
        row = {k: (v.replace(template_ref, ref) if isinstance(v, str) else v) for k, v in template.items()}
        row["spool_file"] = f"spool/{hashlib.sha256(row['message_id'].encode()).hexdigest()[:32]}.eml"
        path = os.path.join(data_dir, row["spool_file"])
        with open(path, "wb") as handle:
            handle.write(eml.replace(template_ref.encode(), ref.encode()))
        db.execute(insert, [row[c] for c in columns])
        paths.append(path)
with open(list_file, "w") as handle:
    handle.write("\n".join(paths) + "\n")
