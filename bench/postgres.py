"""`make bench` case `postgres`: Facteur's workspaces on a shared PostgreSQL (store_url).

A throw-away PostgreSQL 15 on loopback (trust auth, fsync off, like scripts/soak.py) and the fast
sink (bench/sink.c via run.FastSink), so neither the disk nor the SMTP server sets the pace.

1. Delivery throughput: N messages (2000; quick: 200) pre-filled on PostgreSQL — one
   `facteur forward` whose outbox row is cloned N-1 times in SQL (psql) and whose spool file is
   cloned with the reference replaced byte for byte, as make_outbox.py does — then `facteur
   deliver` with 1 process, and with 3 processes at once on the same queue (a fresh fill each
   time). messages/s = distinct Message-IDs the sink accepted / wall time from the first start
   to the last exit. CPU: the facteur processes (GNU time) and the postgres server's process tree
   (run.tree_cpu). The same with the SQLite store (1 process, make_outbox.py) as the peer.
2. Claim-to-send latency: 3 idle `facteur run` processes on PostgreSQL (a one-invoice Qonto
   sandbox behind them, poll_interval 3600 s), then `facteur forward` one PDF at a time (its exit
   is the commit, and its NOTIFY) and the time until the sink journals its Message-ID (the journal
   read every 10 ms); median and p95. Then the same with `store_notify` false (no LISTEN): there
   only the workers' own look at the queue, once a minute, finds the message. There the forwards
   are spaced 2 s apart without waiting for each arrival (waiting would line every forward up just
   after a look, and make each wait ~60 s): each message's wait is still timed on its own.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
REF = "bench-000000"


def _percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


class Postgres:
    """A throw-away PostgreSQL 15 under `root`, on a loopback port (trust auth; under root it runs as
    `postgres`). Copied from scripts/soak.py (bench files do not import scripts/)."""

    def __init__(self, bench, root):
        if not os.path.exists(os.path.join(PG_BIN, "postgres")):
            raise SystemExit("PostgreSQL 15 is not installed (apt-get install postgresql-15, or make test-deps)")
        self.bench, self.root = bench, root
        self.data, self.sockets = os.path.join(root, "pg-data"), os.path.join(root, "pg-run")
        self.port = bench.free_port()
        self.process = None
        for folder in (self.data, self.sockets):
            os.makedirs(folder, mode=0o700)
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")  # the server's log goes here
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "facteur",
                                      "--auth=trust", "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        self.log = open(os.path.join(root, "postgres.log"), "ab")
        self.process = subprocess.Popen(self.as_owner(
            [os.path.join(PG_BIN, "postgres"), "-D", self.data, "-k", self.sockets, "-p", str(self.port),
             "-h", "127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 30
        while subprocess.run([os.path.join(PG_BIN, "pg_isready"), "-q", "-h", self.sockets, "-p", str(self.port)]).returncode:
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit(f"PostgreSQL did not start; see {root}/postgres.log")
            time.sleep(0.1)
        self.createdb()

    @staticmethod
    def as_owner(argv):
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    @property
    def url(self):
        return f"postgres://facteur@127.0.0.1:{self.port}/facteur?sslmode=disable"

    def createdb(self):
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "createdb"), "-h", self.sockets, "-p", str(self.port),
                                      "-U", "facteur", "facteur"]), check=True, capture_output=True)

    def fresh(self):
        """An empty `facteur` database (every table gone: facteur creates its schema again)."""
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "dropdb"), "-h", self.sockets, "-p", str(self.port),
                                      "-U", "facteur", "--force", "facteur"]), check=True, capture_output=True)
        self.createdb()

    def psql(self, sql):
        """Runs sql in one transaction; returns its output (unaligned, tuples only)."""
        result = subprocess.run(["psql", "-h", self.sockets, "-p", str(self.port), "-U", "facteur", "-d", "facteur",
                                 "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-1", "-c", sql],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"psql failed: {result.stderr}")
        return result.stdout

    def cpu(self):
        """CPU seconds of the server and its backends (live ones, and the ones it reaped)."""
        return self.bench.tree_cpu(self.server_pid())

    def server_pid(self):
        return int(open(os.path.join(self.data, "postmaster.pid")).readline())

    def stop(self):
        if self.process and self.process.poll() is None:
            try:  # a fast shutdown, sent to the server itself (runuser does not pass signals on)
                os.kill(self.server_pid(), signal.SIGINT)
            except (OSError, ValueError):
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def _fill_postgres(pg, data_dir, count):
    """Clones the outbox row of REF (one workspace) count-1 times in SQL and its spool file likewise,
    the reference replaced byte for byte. Returns the spool paths (in outbox order)."""
    row = json.loads(pg.psql(f"SELECT row_to_json(o) FROM outbox o WHERE record_id = {_sql_text(REF)}"))
    spool = os.path.join(data_dir, row["spool_file"]) if not os.path.isabs(row["spool_file"]) else row["spool_file"]
    with open(spool, "rb") as handle:
        eml = handle.read()
    assert REF.encode() in eml and REF in row["message_id"], "template reference not found"
    prefix = REF[:-6]
    spool_dir = os.path.dirname(spool)
    # The clone's spool file name is derived in SQL exactly as here: sha256(message_id)[:32].eml,
    # in the template's folder, relative as the template's is.
    rel_dir = os.path.dirname(row["spool_file"])
    paths = [spool]
    for i in range(1, count):
        ref = f"{prefix}{i:06d}"
        message_id = row["message_id"].replace(REF, ref)
        path = os.path.join(spool_dir, hashlib.sha256(message_id.encode()).hexdigest()[:32] + ".eml")
        with open(path, "wb") as handle:
            handle.write(eml.replace(REF.encode(), ref.encode()))
        paths.append(path)
    columns = [c for c in row if c != "id"]
    text_columns = [c for c in columns if isinstance(row[c], str)]
    select = []
    for c in columns:
        if c == "spool_file":
            select.append(f"{_sql_text(rel_dir + '/' if rel_dir else '')} || left(encode(sha256(convert_to("
                          f"replace(message_id, {_sql_text(REF)}, r), 'UTF8')), 'hex'), 32) || '.eml'")
        elif c in text_columns:
            select.append(f"replace({c}, {_sql_text(REF)}, r)")
        else:
            select.append(c)
    pg.psql(f"INSERT INTO outbox ({', '.join(columns)}) "
            f"SELECT {', '.join(select)} FROM outbox, "
            f"(SELECT {_sql_text(prefix)} || lpad(i::text, 6, '0') AS r FROM generate_series(1, {count - 1}) i) g "
            f"WHERE record_id = {_sql_text(REF)}")
    return paths


def _expected_ids(paths):
    ids = set()
    for p in paths:
        with open(p, "rb") as f:
            ids.update(l.split(b":", 1)[1].strip() for l in f.read(4096).split(b"\r\n") if l.lower().startswith(b"message-id:"))
    return ids


def _deliver_round(bench, facteur_bin, folder, sink, count, size, pg=None, processes=1):
    """A fresh outbox of `count` messages (on PostgreSQL when pg is given, else SQLite), then
    `processes` × `facteur deliver` at once. Returns a row."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    data_dir = os.path.join(folder, "data")
    config = os.path.join(folder, "facteur.json")
    extra = {"store_url": pg.url} if pg else {}
    bench.write_config(config, data_dir=data_dir, smtp_url=f"smtp://127.0.0.1:{sink.port}", smtp_username=bench.USER,
                       smtp_password=bench.PASSWORD, smtp_ca_file=bench.CA, smtp_helo="bench.example", **extra)
    facteur = bench.Facteur(facteur_bin, config)
    pdf = os.path.join(folder, "facture.pdf")
    bench.write_pdf(pdf, size, seed=size)
    if pg:
        pg.fresh()
    facteur("forward", pdf, "--kind", "supplier", "--ref", REF)
    filled = time.perf_counter()
    if pg:
        paths = _fill_postgres(pg, data_dir, count)
    else:
        list_file = os.path.join(folder, "messages.txt")
        subprocess.run([sys.executable, os.path.join(bench.BENCH, "make_outbox.py"), data_dir, str(count), REF, list_file],
                       check=True)
        paths = open(list_file).read().split()
    fill_s = time.perf_counter() - filled
    expected = _expected_ids(paths)
    assert len(expected) == count, "cloned messages must have distinct Message-IDs"
    sink.collect(0)  # empties the journal
    cmd = [facteur_bin, "deliver", "--json", "--config", config]
    pg_before = pg.cpu() if pg else 0.0
    sink_before, machine_before = sink.cpu(), bench.machine_busy()
    results = [None] * processes
    import threading

    def one(i):
        results[i] = bench.run(cmd)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(processes)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    pg_cpu = (pg.cpu() - pg_before) if pg else 0.0
    sink_cpu, machine_cpu = sink.cpu() - sink_before, bench.machine_busy() - machine_before
    accepted = len(sink.collect(count) & expected)
    sent = []
    for r in results:
        try:
            sent.append(json.loads(r["out"]).get("sent"))
        except ValueError:
            sent.append(None)
    if pg:
        states = pg.psql("SELECT state || ':' || COUNT(*) FROM outbox GROUP BY state").split()
    else:
        states = subprocess.run(["sqlite3", os.path.join(data_dir, "facteur.sqlite"),
                                 "SELECT state || ':' || COUNT(*) FROM outbox GROUP BY state"],
                                capture_output=True, text=True).stdout.split()
    facteur_cpu = sum(r["cpu"] for r in results)
    name = f"facteur pg x{processes}" if pg else "facteur sqlite"
    row = {"case": f"postgres deliver {size // 1024}KB", "sender": name, "store": "postgres" if pg else "sqlite",
           "processes": processes, "messages": count, "attachment_bytes": size, "fill_s": fill_s, "wall_s": wall,
           "walls_s": [r["wall"] for r in results], "sender_cpu_s": facteur_cpu,
           "server_cpu_s": pg_cpu, "postgres_cpu_s": pg_cpu if pg else None, "sink_cpu_s": sink_cpu,
           "machine_cpu_s": machine_cpu, "rss_mb": max(r["rss_mb"] for r in results), "accepted": accepted,
           "sender_says_sent": sent, "rc": [r["rc"] for r in results], "outbox_states": states,
           "msgs_per_s": accepted / wall, "mb_per_s": sum(os.path.getsize(p) for p in paths) * accepted / count / bench.MB / wall}
    if accepted != count or any(r["rc"] != 0 for r in results):
        row["error"] = f"{accepted}/{count} accepted, exit codes {row['rc']}; " + " | ".join(r["err"][-300:] for r in results)
    print(f"  {row['case']:<20} {name:<14} {row['msgs_per_s']:8.1f} msg/s ({accepted}/{count} accepted, wall {wall:.1f} s, "
          f"facteur CPU {facteur_cpu:.1f} s, postgres CPU {pg_cpu:.1f} s; sent per process {sent}; fill {fill_s:.1f} s; "
          f"outbox {' '.join(states)})", flush=True)
    if "error" in row:
        print(f"    ERROR: {row['error'][:600]}", flush=True)
    return row


class _Journal:
    """Follows the sink's journal from its current end (one Message-ID a line)."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path)
        self.rest = b""

    def read(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        return [l.strip().strip(b"<>").decode(errors="replace") for l in lines if l.strip()]


def _latency_round(bench, facteur_bin, folder, sink, pg, sandbox_url, samples, notify):
    """3 idle `facteur run` on PostgreSQL; `samples` forwards; each one's wait from the forward's exit
    to the sink's journal line. Returns a row."""
    label = "NOTIFY" if notify else "no NOTIFY"
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    pg.fresh()
    data_dir = os.path.join(folder, "data")
    common = dict(data_dir=data_dir, store_url=pg.url, store_notify="true" if notify else "false",
                  smtp_url=f"smtp://127.0.0.1:{sink.port}", smtp_username=bench.USER, smtp_password=bench.PASSWORD,
                  smtp_ca_file=bench.CA, smtp_helo="bench.example", qonto_api_url=sandbox_url, qonto_oauth_url=sandbox_url,
                  qonto_login="facteur-demo", qonto_secret_key="sandbox-secret-key", poll_interval="3600")
    configs = []
    for i in range(3):
        configs.append(os.path.join(folder, f"facteur-{i}.json"))
        bench.write_config(configs[-1], web_bind=f"127.0.0.1:{bench.free_port()}", **common)
    # The schema first, from one process (three first starts at once would race to create it).
    bench.Facteur(facteur_bin, configs[0])("outbox")
    journal = _Journal(sink.journal)
    logs, procs = [], []
    try:
        for i, config in enumerate(configs):
            logs.append(open(os.path.join(folder, f"run-{i}.log"), "w"))
            procs.append(subprocess.Popen([facteur_bin, "run", "--config", config, "--log-level", "notice"],
                                          stdout=logs[-1], stderr=subprocess.STDOUT))
        # Settle: the first sync forwards the sandbox's invoice(s); wait until the queue is empty and
        # nothing has arrived for 3 s (at most 120 s).
        deadline, last_arrival = time.time() + 120, time.time()
        while time.time() < deadline:
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"facteur run exited early (see {folder}/run-*.log)")
            if journal.read():
                last_arrival = time.time()
            pending = pg.psql("SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')").strip()
            if pending == "0" and time.time() - last_arrival > 3:
                break
            time.sleep(0.2)
        forward_config = configs[0]
        sent_at, waits, seen, sent_at_last = {}, {}, set(), time.perf_counter()
        next_forward, i = time.perf_counter(), 0
        timeout = 30 if notify else 150
        while True:
            now = time.perf_counter()
            for line in journal.read():
                seen.add(line)
                if line in sent_at and line not in waits:
                    waits[line] = now - sent_at[line]
            if i < samples and (now >= next_forward if not notify else len(waits) == i or now - sent_at_last > timeout):
                pdf = os.path.join(folder, f"lat-{i}.pdf")
                bench.write_pdf(pdf, 10 * 1024, seed=1000 + i)
                out = subprocess.run([facteur_bin, "forward", pdf, "--kind", "supplier", "--ref", f"lat-{i:06d}",
                                      "--config", forward_config], capture_output=True, text=True)
                committed = time.perf_counter()
                if out.returncode != 0:
                    raise SystemExit(f"facteur forward failed: {out.stderr}{out.stdout}")
                message_id = out.stdout.split("Message-ID <", 1)[1].split(">", 1)[0]
                sent_at[message_id] = committed
                sent_at_last = committed
                if message_id in seen:  # already journalled before we read the forward's output
                    waits[message_id] = 0.0
                i += 1
                next_forward = committed + 2.0
                continue
            if i >= samples and (len(waits) == samples or now - sent_at_last > timeout):
                break
            time.sleep(0.01)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in logs:
            log.close()
    values = sorted(waits.values())
    row = {"case": f"postgres forward → accepted, {label}", "sender": "facteur run x3", "store_notify": notify,
           "samples": samples, "waits_s": values, "median_ms": 1000 * _percentile(values, 0.5),
           "p95_ms": 1000 * _percentile(values, 0.95), "max_ms": 1000 * max(values) if values else None,
           "missing": samples - len(values), "spacing": "after each arrival" if notify else "every 2 s"}
    print(f"  forward → accepted, 3 × facteur run, {label}: median {row['median_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, "
          f"max {row['max_ms'] or float('nan'):.0f} ms ({len(values)}/{samples}, {row['missing']} missing)", flush=True)
    return row


def postgres_case(bench, facteur_bin, work, quick=False):
    """Runs the case; returns table rows."""
    folder = os.path.join(work, "postgres")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    os.chmod(folder, 0o755)
    count = 200 if quick else 2000
    samples = 5 if quick else 30
    size = 10 * 1024
    rows = []
    pg = Postgres(bench, os.path.join(folder, "pg"))
    sink = bench.FastSink(folder)
    sandbox = None
    try:
        sink.start()
        print(f"PostgreSQL 15 on 127.0.0.1:{pg.port} (fsync off), C sink on 127.0.0.1:{sink.port}", flush=True)
        sqlite = _deliver_round(bench, facteur_bin, os.path.join(folder, "deliver-sqlite"), sink, count, size)
        one = _deliver_round(bench, facteur_bin, os.path.join(folder, "deliver-pg1"), sink, count, size, pg, 1)
        three = _deliver_round(bench, facteur_bin, os.path.join(folder, "deliver-pg3"), sink, count, size, pg, 3)
        one["ratio_vs_sqlite"] = one["msgs_per_s"] / sqlite["msgs_per_s"] if sqlite["msgs_per_s"] else None
        three["ratio_vs_pg-x1"] = three["msgs_per_s"] / one["msgs_per_s"] if one["msgs_per_s"] else None
        three["ratio_vs_sqlite"] = three["msgs_per_s"] / sqlite["msgs_per_s"] if sqlite["msgs_per_s"] else None
        for r in (sqlite, one, three):
            r["met"] = None if "error" not in r else False
        rows += [sqlite, one, three]
        print(f"  PostgreSQL 1 process ÷ SQLite: {one['ratio_vs_sqlite'] or float('nan'):.2f}×; 3 processes ÷ 1 process: "
              f"{three['ratio_vs_pg-x1'] or float('nan'):.2f}×", flush=True)
        sandbox, sandbox_url = bench.start_sandbox(facteur_bin, 1, years=1)
        for notify in (True, False):
            row = _latency_round(bench, facteur_bin, os.path.join(folder, f"latency-{'notify' if notify else 'poll'}"),
                                 sink, pg, sandbox_url, samples, notify)
            row["target"] = "context"
            row["met"] = None if row["missing"] == 0 else False
            rows.append(row)
    finally:
        if sandbox:
            sandbox.terminate()
            sandbox.wait(timeout=10)
        sink.stop()
        pg.stop()
    return rows
