#!/usr/bin/env python3
"""make soak: a bounded chaos run of `facteur run` (at most about 10 minutes).

    python3 scripts/soak.py [--facteur .build/debug/facteur] [--kills 60] [--seed 1]

What it does, in a scratch directory (./soak/ unless --workdir):

1. Starts the bundled Qonto sandbox (generated invoices, --seed) and the fault-injecting SMTP
   server of the test suite (Tests/Support/smtp_server.py: STARTTLS with the test CA, AUTH,
   --random-faults: 451 on RCPT or DATA, connection reset mid-data, connection closed after the
   final dot without a reply, slow reply, 421 greeting).
2. Chaos: starts `facteur run` and SIGKILLs it at a random moment, --kills times. Before each
   start it may arm one of the sandbox's fault switches (429, 5xx, 401, truncated downloads,
   expired attachment URLs) and touch a few invoices (new amount: a new version to forward).
3. Clean drain: faults off, a fresh SMTP server on the same Maildir, `facteur run` until the
   outbox has nothing left to send, then SIGTERM (it must exit 0).
4. Checks, from the sandbox's records and the server's Maildir:
   - every forwardable invoice (not non-financial, a non-empty PDF/JPEG/PNG), in its final
     version (the attachment's SHA-256), arrived at least once — unless Facteur holds its message
     for a person (counterparty matching), which is reported;
   - a Message-ID that arrived more than once has an attempt the mail log marks
     possible_duplicate;
   - every message in the Maildir is one Facteur logged; every outbox message is `sent` or `held`;
   - no incident is left open, and `facteur run` never exited by itself;
   - `facteur audit --verify` passes.
   Prints the counts; exit status 0 when every check passes, 1 otherwise.

With `--store postgres` (make soak-postgres) the gateways share one PostgreSQL database
(PostgreSQL 15 from Debian, initialised in the scratch directory on a loopback port and stopped
after): `--processes` (3) `facteur run` processes at once, one of them SIGKILLed at a random moment
and started again, `--kills` times (100), and PostgreSQL itself restarted (fast shutdown) once
halfway. The checks are the same; the mail log's chain is verified on PostgreSQL.

Everything it starts is stopped on exit (SIGTERM, then SIGKILL). Not part of `make test`.
"""

import argparse
import email
import email.policy
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
API_KEY = "facteur-demo:sandbox-secret-key"
SMTP_USER, SMTP_PASS = "soak", "soak-password"
MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def log(line=""):
    print(line, flush=True)


class Processes:
    """Every child this script starts, so that none outlives it."""

    def __init__(self):
        self.children = []
        self.cleanups = []  # run after every child is stopped (PostgreSQL's own shutdown)

    def start(self, argv, **kwargs):
        process = subprocess.Popen(argv, **kwargs)
        self.children.append(process)
        return process

    def stop(self, process, timeout=10):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def stop_all(self):
        for process in reversed(self.children):
            if process.poll() is None:
                self.stop(process, timeout=5)


def read_first_line(process, prefix, what, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                raise SystemExit("%s exited with status %s before it was ready" % (what, process.returncode))
            continue
        line = line.decode().strip()
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    raise SystemExit("%s was not ready after %d s" % (what, timeout))


PG_BIN = "/usr/lib/postgresql/15/bin"


class Postgres:
    """A throw-away PostgreSQL 15 in the scratch directory, on a loopback port (trust auth: the
    socket directory and the port are this run's only). Under root it runs as `postgres`."""

    def __init__(self, procs, work):
        if not os.path.exists(os.path.join(PG_BIN, "postgres")):
            raise SystemExit("PostgreSQL 15 is not installed (apt-get install postgresql-15, or make test-deps)")
        self.procs, self.work = procs, work
        self.data, self.sockets = os.path.join(work, "pg-data"), os.path.join(work, "pg-run")
        self.port = free_port()
        self.process = None
        for folder in (self.data, self.sockets):
            os.makedirs(folder, mode=0o700)
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "facteur",
                                      "--auth=trust", "--no-sync", "-E", "UTF8"]),
                       check=True, capture_output=True)
        self.start()
        procs.cleanups.append(self.stop)
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "createdb"), "-h", self.sockets, "-p", str(self.port),
                                      "-U", "facteur", "facteur"]), check=True, capture_output=True)

    @staticmethod
    def as_owner(argv):
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    @property
    def url(self):
        return "postgres://facteur@127.0.0.1:%d/facteur?sslmode=disable" % self.port

    def start(self):
        # Not one of procs.children: stop_all would signal `runuser`, not the server; the cleanup
        # (stop(), through pg_ctl) shuts the server down after every gateway has stopped.
        self.process = subprocess.Popen(self.as_owner(
            [os.path.join(PG_BIN, "postgres"), "-D", self.data, "-k", self.sockets, "-p", str(self.port),
             "-h", "127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.work, "postgres.log"), "ab"))
        deadline = time.time() + 30
        while subprocess.run([os.path.join(PG_BIN, "pg_isready"), "-q", "-h", self.sockets, "-p", str(self.port)]).returncode:
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit("PostgreSQL did not start; see %s/postgres.log" % self.work)
            time.sleep(0.1)

    def stop(self):
        """A fast shutdown: sessions are cut, open transactions rolled back. Through pg_ctl, which
        signals the server itself (under root the child is `runuser`, which does not pass SIGINT on)."""
        if self.process is None:
            return
        subprocess.run(self.as_owner([os.path.join(PG_BIN, "pg_ctl"), "stop", "-D", self.data, "-m", "fast", "-w"]),
                       capture_output=True, timeout=60)
        self.process.wait(60)
        self.process = None

    def restart(self):
        """A fast shutdown and a start on the same port and data."""
        self.stop()
        self.start()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


class Sandbox:
    def __init__(self, url):
        self.url = url

    def api(self, path):
        return json.loads(http("GET", self.url + path, headers={"Authorization": API_KEY}))

    def fault(self, **body):
        http("POST", self.url + "/_sandbox/faults", body)

    def touch(self, record_id, amount):
        http("POST", "%s/_sandbox/invoices/%s/touch" % (self.url, record_id), {"amount": amount})

    def invoices(self):
        """Every supplier and client invoice as the sandbox has it now: (kind, json)."""
        out = []
        for kind, path in (("supplier_invoice", "/v2/supplier_invoices"), ("client_invoice", "/v2/client_invoices")):
            page = 1
            while page:
                answer = self.api("%s?per_page=100&page=%d" % (path, page))
                out += [(kind, item) for item in answer[path.rsplit("/", 1)[1]]]
                page = answer["meta"].get("next_page")
        return out

    def attachment(self, attachment_id):
        """The attachment's bytes, or None when the sandbox has none (404)."""
        try:
            meta = self.api("/v2/attachments/%s" % attachment_id)["attachment"]
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
        return http("GET", meta["url"])


class Facteur:
    def __init__(self, binary, config):
        self.binary, self.config = binary, config

    def argv(self, *args):
        return [self.binary, *args, "--config", self.config]

    def json(self, *args):
        return json.loads(subprocess.run(self.argv(*args), check=True, capture_output=True).stdout)


def maildir_messages(maildir):
    """Message-ID → list of (Qonto ID, attachment SHA-256) for every stored message."""
    found = defaultdict(list)
    for sub in ("new", "cur"):
        folder = os.path.join(maildir, sub)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            with open(os.path.join(folder, name), "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.compat32)
            digest = None
            for part in message.walk():
                if part.get_content_disposition() == "attachment":
                    digest = hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest()
            found[(message.get("Message-ID") or "").strip()].append((message.get("X-Facteur-Qonto-Id"), digest))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--facteur", default=os.path.join(ROOT, ".build/debug/facteur"))
    parser.add_argument("--workdir", default=os.path.join(ROOT, "soak"))
    parser.add_argument("--kills", type=int, default=60, help="SIGKILLs of `facteur run` (default 60)")
    parser.add_argument("--max-alive", type=float, default=6.0, help="longest life of one run before its SIGKILL, s")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED", "1")))
    parser.add_argument("--invoices-per-year", type=int, default=120)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--smtp-fault-rate", type=float, default=0.15)
    parser.add_argument("--budget", type=float, default=540, help="seconds before the chaos stops early (default 540)")
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite",
                        help="sqlite: one process (default); postgres: --processes gateways on one database")
    parser.add_argument("--processes", type=int, default=3, help="gateways at once with --store postgres (default 3)")
    args = parser.parse_args()

    began = time.time()
    rng = random.Random(args.seed)
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    work = args.workdir
    maildir, journal = os.path.join(work, "maildir"), os.path.join(work, "smtp-journal.jsonl")
    procs = Processes()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return soak(args, rng, work, maildir, journal, procs, began)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        procs.stop_all()
        for stop in procs.cleanups:
            stop()


def start_smtp(procs, args, maildir, journal, rate, seed):
    process = procs.start(
        [sys.executable, os.path.join(ROOT, "Tests/Support/smtp_server.py"), "--tls", "starttls",
         "--auth", "%s:%s" % (SMTP_USER, SMTP_PASS), "--maildir", maildir, "--journal", journal,
         "--random-faults", str(rate), "--random-seed", str(seed), "--slow-seconds", "2", "--exit-with-parent"],
        stdout=subprocess.PIPE)
    return process, int(read_first_line(process, "READY", "the SMTP server"))


def write_config(path, work, sandbox_url, smtp_port, backfill_since, store_url=None):
    config = {
        "data_dir": os.path.join(work, "data"),
        "templates_dir": os.path.join(ROOT, "templates"),
        "smtp_url": "smtp://localhost:%d" % smtp_port,
        "smtp_ca_file": os.path.join(ROOT, "certs/test/ca.pem"),
        "smtp_username": SMTP_USER,
        "smtp_password": SMTP_PASS,
        "smtp_from": "Facteur <factures@soak.example>",
        "smtp_helo": "soak.example",
        "smtp_timeout": "20",
        "pennylane_supplier_inbox": "achats-soak@pennylane.example",
        "pennylane_customer_inbox": "ventes-soak@pennylane.example",
        "qonto_api_url": sandbox_url,
        "qonto_oauth_url": sandbox_url,
        "qonto_login": "facteur-demo",
        "qonto_secret_key": "sandbox-secret-key",
        "backfill_since": backfill_since,
        "web_bind": "127.0.0.1:0",
        "poll_interval": "60",
        "retry_min_backoff": "1",
        "retry_max_backoff": "4",
    }
    if store_url:
        config["store_url"] = store_url
    with open(path, "w") as f:
        json.dump(config, f, indent=2)
    os.chmod(path, 0o600)


FAULTS = (
    lambda rng: {"fault": "too_many_requests", "count": rng.randint(1, 3), "retry_after": 1},
    lambda rng: {"fault": "server_error", "count": rng.randint(1, 2), "status": rng.choice((500, 502, 503))},
    lambda rng: {"fault": "truncate_downloads", "count": rng.randint(1, 2)},
    lambda rng: {"fault": "expire_attachment_urls", "count": rng.randint(1, 2)},
    lambda rng: {"fault": "unauthorized", "count": 1},
)


def soak(args, rng, work, maildir, journal, procs, began):
    if not os.access(args.facteur, os.X_OK):
        raise SystemExit("no facteur binary at %s (swift build first)" % args.facteur)
    sandbox_proc = procs.start(
        [args.facteur, "sandbox", "--port", "0", "--seed", str(args.seed),
         "--invoices-per-year", str(args.invoices_per_year), "--years", str(args.years)],
        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "sandbox.log"), "wb"))
    sandbox = Sandbox(read_first_line(sandbox_proc, "Qonto sandbox listening on", "the Qonto sandbox"))
    smtp_proc, smtp_port = start_smtp(procs, args, maildir, journal, args.smtp_fault_rate, args.seed)
    postgres = Postgres(procs, work) if args.store == "postgres" else None
    store_url = postgres.url if postgres else None
    config = os.path.join(work, "facteur.json")
    backfill_since = time.strftime("%Y-%m-%d", time.gmtime(time.time() - (365 * args.years + 20) * 86400))
    write_config(config, work, sandbox.url, smtp_port, backfill_since, store_url)
    facteur = Facteur(args.facteur, config)
    initial = sandbox.invoices()
    log("soak: %s, sandbox %s (%d invoices, seed %d), SMTP 127.0.0.1:%d (STARTTLS, random faults p=%.2f)%s"
        % (work, sandbox.url, len(initial), args.seed, smtp_port, args.smtp_fault_rate,
           ", PostgreSQL 127.0.0.1:%d, %d gateways" % (postgres.port, args.processes) if postgres else ""))

    # --- chaos ---------------------------------------------------------------------------------
    run_log = open(os.path.join(work, "facteur-run.log"), "ab")
    if postgres:
        kills, armed, touched, early_exits, last_touch, restarts = chaos_many(args, rng, sandbox, facteur, procs, run_log,
                                                                              initial, postgres, began)
    else:
        kills, armed, touched, early_exits, last_touch = chaos_one(args, rng, sandbox, facteur, procs, run_log, initial, began)
        restarts = 0

    # --- clean drain ---------------------------------------------------------------------------
    procs.stop(smtp_proc)
    procs.children.remove(smtp_proc)
    smtp_proc, smtp_port = start_smtp(procs, args, maildir, journal, 0, args.seed)
    write_config(config, work, sandbox.url, smtp_port, backfill_since, store_url)
    # A window reads up to the whole second it started in: start the drain's window in a later
    # second than the last touch, or the touched records would wait for the next window.
    time.sleep(max(0.0, last_touch + 1.5 - time.time()))
    drain_began = time.time()
    rewound = drain(facteur, procs, run_log, backfill_since)
    drain_seconds = time.time() - drain_began

    # --- checks --------------------------------------------------------------------------------
    return check(args, facteur, sandbox, maildir, journal, kills, armed, touched, early_exits, rewound,
                 drain_seconds, began, restarts)


def chaos_step(rng, sandbox, initial, armed, touched):
    """Before a (re)start: maybe arm one sandbox fault, maybe touch a few invoices."""
    touched_now = False
    if rng.random() < 0.5:
        fault = rng.choice(FAULTS)(rng)
        sandbox.fault(**fault)
        armed[fault["fault"]] += 1
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 5)):
            kind, invoice = rng.choice(initial)
            sandbox.touch(invoice["id"], "%d.%02d" % (rng.randint(10, 5000), rng.randint(0, 99)))
            touched.add(invoice["id"])
        touched_now = True
    return touched_now


def chaos_many(args, rng, sandbox, facteur, procs, run_log, initial, postgres, began):
    """--processes gateways on one PostgreSQL at once; one of them SIGKILLed at a random moment and
    started again, --kills times; PostgreSQL restarted once halfway."""
    kills, armed, touched, early_exits, last_touch, restarts = 0, Counter(), set(), [], 0.0, 0
    start = lambda: procs.start(facteur.argv("run", "--log-format", "json"), stdout=subprocess.DEVNULL, stderr=run_log)
    running = [start() for _ in range(args.processes)]
    while kills < args.kills:
        if time.time() - began > args.budget:
            log("soak: time budget reached after %d kills" % kills)
            break
        if chaos_step(rng, sandbox, initial, armed, touched):
            last_touch = time.time()
        time.sleep(rng.uniform(0.05, args.max_alive / args.processes))
        for i, process in enumerate(running):
            if process.poll() is not None:  # it stopped by itself: a finding
                early_exits.append(process.returncode)
                procs.children.remove(process)
                running[i] = start()
        victim = rng.randrange(len(running))
        running[victim].send_signal(signal.SIGKILL)
        running[victim].wait()
        procs.children.remove(running[victim])
        kills += 1
        running[victim] = start()
        if kills == args.kills // 2 and not restarts:
            postgres.restart()
            restarts += 1
            log("soak: PostgreSQL restarted (fast shutdown) after %d kills" % kills)
        if kills % 10 == 0:
            log("soak: %d SIGKILLs so far (%.0f s)" % (kills, time.time() - began))
    for process in running:
        if process.poll() is not None:
            early_exits.append(process.returncode)
        procs.stop(process, timeout=60)
        procs.children.remove(process)
    sandbox.fault(fault="reset")
    return kills, armed, touched, early_exits, last_touch, restarts


def chaos_one(args, rng, sandbox, facteur, procs, run_log, initial, began):
    """One `facteur run` at a time, SIGKILLed at a random moment, --kills times."""
    kills, armed, touched, early_exits, last_touch = 0, Counter(), set(), [], 0.0
    while kills < args.kills:
        if time.time() - began > args.budget:
            log("soak: time budget reached after %d kills" % kills)
            break
        if chaos_step(rng, sandbox, initial, armed, touched):
            last_touch = time.time()
        process = procs.start(facteur.argv("run", "--log-format", "json"), stdout=subprocess.DEVNULL, stderr=run_log)
        alive = rng.uniform(0.05, args.max_alive)
        try:
            process.wait(alive)
            early_exits.append(process.returncode)  # it stopped by itself: a finding
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        procs.children.remove(process)
        if kills and kills % 10 == 0 and process.returncode == -signal.SIGKILL:
            log("soak: %d SIGKILLs so far (%.0f s)" % (kills, time.time() - began))
    sandbox.fault(fault="reset")
    return kills, armed, touched, early_exits, last_touch


# Outbox states that still move by themselves; `held` and `failed` wait for a person.
MOVING = ("queued", "sending", "deferred", "unknown")


def outbox_pending(facteur):
    rows = facteur.json("outbox", "--json")
    return [row for row in rows if row["state"] in MOVING], rows


# Holds of a transient failure (an empty file is how the sandbox serves one record: not transient).
RETRYABLE = ("download failed", "missing attachment")


def drain(facteur, procs, run_log, backfill_since, timeout=180):
    """A clean `facteur run` until a full window has committed and every message is sent, then
    SIGTERM (it must exit 0). Records held by a transient download failure wait for a person's
    Retry; here the documented rewind (`facteur sync --since`) re-examines them, and the number of
    such records is returned."""
    def run_until_settled():
        started = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 1))
        process = procs.start(facteur.argv("run", "--log-format", "json"), stdout=subprocess.DEVNULL, stderr=run_log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            time.sleep(1)
            if process.poll() is not None:
                raise SystemExit("soak: `facteur run` exited %s during the drain" % process.returncode)
            status = facteur_status(facteur)
            markers = [m["value"] for m in status.get("markers", [])]
            polled = len(markers) == 2 and min(markers) >= started
            if polled and not outbox_pending(facteur)[0]:
                break
        else:
            log("soak: the drain did not settle within %d s" % timeout)
        code = procs.stop(process, timeout=60)
        procs.children.remove(process)
        if code != 0:
            raise SystemExit("soak: `facteur run` exited %s on SIGTERM (expected 0)" % code)

    run_until_settled()
    retryable = [r for r in held_records(facteur) if r["reason"].startswith(RETRYABLE)]
    if retryable:
        subprocess.run(facteur.argv("sync", "--since", backfill_since), check=True, capture_output=True)
        run_until_settled()
    return len(retryable)


def facteur_status(facteur):
    result = subprocess.run(facteur.argv("status", "--json"), capture_output=True)
    try:
        return json.loads(result.stdout)
    except ValueError:
        return {}


def held_records(facteur):
    """Held Qonto records, as `facteur status --json` lists them for a person."""
    return [{"record_id": p["recordID"], "reason": p.get("reason") or ""}
            for p in facteur_status(facteur).get("problems", []) if p.get("source") == "record"]


def check(args, facteur, sandbox, maildir, journal, kills, armed, touched, early_exits, rewound, drain_seconds, began,
          restarts=0):
    failures = []
    # What the sandbox has now, and what of it Facteur must forward.
    forwardable, not_forwardable = {}, Counter()
    for kind, invoice in sandbox.invoices():
        if invoice.get("is_attachment_non_financial"):
            not_forwardable["non-financial"] += 1
            continue
        if not invoice.get("attachment_id"):
            not_forwardable["no attachment"] += 1
            continue
        content = sandbox.attachment(invoice["attachment_id"])
        if not content:
            not_forwardable["empty or missing file"] += 1
        elif not content.startswith(MAGIC):
            not_forwardable["not PDF/JPEG/PNG"] += 1
        else:
            forwardable[invoice["id"]] = hashlib.sha256(content).hexdigest()

    mail = maildir_messages(maildir)
    arrived = defaultdict(set)  # Qonto ID → attachment digests received
    for copies in mail.values():
        for qonto_id, digest in copies:
            arrived[qonto_id].add(digest)
    pending, rows = outbox_pending(facteur)
    # Messages Facteur itself holds for a person (counterparty matching): by design, like held records.
    held_messages = {r["record_id"]: r for r in rows if r["state"] == "held"}
    missing = sorted(i for i, digest in forwardable.items()
                     if digest not in arrived.get(i, set()) and i not in held_messages)
    if missing:
        failures.append("%d forwardable invoices never arrived in their final version: %s" % (len(missing), ", ".join(missing[:10])))

    entries = json.loads(subprocess.run(facteur.argv("audit", "--format", "json"), check=True, capture_output=True).stdout)
    logged_ids = {e.get("message_id") for e in entries}
    flagged = {e["message_id"] for e in entries if e.get("possible_duplicate")}
    wrapped = lambda m: m.strip("<>")
    duplicates = {m: len(c) for m, c in mail.items() if len(c) > 1}
    unexplained = sorted(m for m in duplicates if wrapped(m) not in flagged)
    if unexplained:
        failures.append("%d Message-IDs arrived more than once without a possible_duplicate in the mail log: %s"
                        % (len(unexplained), ", ".join(unexplained[:5])))
        for message_id in unexplained[:5]:
            for e in entries:
                if e.get("message_id") == wrapped(message_id) and e["event"] == "attempt":
                    failures.append("    %s attempt #%d: %s — %s %s" % (
                        wrapped(message_id)[:40], e["seq"], e["outcome"], e.get("reply") or "", e.get("detail") or ""))
    strangers = sorted(m for m in mail if wrapped(m) not in logged_ids)
    if strangers:
        failures.append("%d messages in the Maildir are not in the mail log: %s" % (len(strangers), ", ".join(strangers[:5])))

    stuck = [r for r in rows if r["state"] not in ("sent", "held")]
    if stuck:
        failures.append("%d outbox messages are neither sent nor held: %s" % (len(stuck), Counter(r["state"] for r in stuck)))
    verify = subprocess.run(facteur.argv("audit", "--verify"), capture_output=True, text=True)
    if verify.returncode != 0:
        failures.append("facteur audit --verify failed: %s" % (verify.stdout + verify.stderr).strip())
    if early_exits:
        failures.append("`facteur run` stopped by itself %d times (exit statuses %s); see soak/facteur-run.log"
                        % (len(early_exits), Counter(early_exits)))

    incidents = facteur_status(facteur).get("openIncidents", [])
    if incidents:
        failures.append("%d incidents are still open after the clean drain: %s" % (len(incidents), incidents[:2]))
    held = held_records(facteur)
    held_forwardable = [h for h in held if h["record_id"] in forwardable]
    if held_forwardable:
        failures.append("%d forwardable invoices are held: %s" % (len(held_forwardable), held_forwardable[:3]))
    server = Counter()
    with open(journal) as f:
        for line in f:
            event = json.loads(line)
            key = event["event"] if event["event"] not in ("random_fault", "rejected", "dropped") else \
                "%s %s" % (event["event"], event.get("fault") or event.get("stage"))
            server[key] += 1

    attempts = Counter(e["outcome"] for e in entries if e["event"] == "attempt")
    log()
    log("soak: %d SIGKILLs of `facteur run` in %.0f s%s, then a clean drain (%.0f s, SIGTERM → exit 0)"
        % (kills, time.time() - began - drain_seconds,
           " (%d gateways on PostgreSQL, restarted %d time(s))" % (args.processes, restarts) if args.store == "postgres" else "",
           drain_seconds))
    log("  sandbox faults armed:   %s" % (", ".join("%s %d" % kv for kv in sorted(armed.items())) or "none"))
    log("  invoices touched:       %d (a new amount: a new version to forward)" % len(touched))
    log("  SMTP server:            %d connections, %d accepted, faults injected: %s" % (
        server["connect"], server["accepted"],
        ", ".join("%s %d" % (k.split(" ", 1)[1], v) for k, v in sorted(server.items()) if k.startswith("random_fault"))))
    log("  mail log:               %d rows, attempts by outcome: %s; verify: %s"
        % (len(entries), ", ".join("%s %d" % kv for kv in sorted(attempts.items())), verify.stdout.strip().splitlines()[0] if verify.returncode == 0 else "FAILED"))
    log("  sandbox invoices:       %d forwardable, %d not (%s)" % (
        len(forwardable), sum(not_forwardable.values()), ", ".join("%s %d" % kv for kv in sorted(not_forwardable.items()))))
    log("  outbox:                 %d messages for %d invoices, %s" % (len(rows), len({r["record_id"] for r in rows}), ", ".join("%s %d" % kv for kv in sorted(Counter(r["state"] for r in rows).items()))))
    arrived_final = sum(1 for i, digest in forwardable.items() if digest in arrived.get(i, set()))
    log("  Maildir:                %d files, %d distinct Message-IDs, %d of %d forwardable invoices arrived in their final version"
        % (sum(len(c) for c in mail.values()), len(mail), arrived_final, len(forwardable)))
    if held_messages:
        log("  held messages:          %d (Facteur holds them for a person; counted as handled), e.g. %s"
            % (len(held_messages), next(iter(held_messages.values())).get("last_error") or ""))
    log("  extra copies:           %d Message-IDs arrived more than once (%d extra files), all marked possible_duplicate: %s"
        % (len(duplicates), sum(duplicates.values()) - len(duplicates), "yes" if not unexplained else "NO"))
    log("  incidents:              %d opened during the chaos (a 401 stops the Qonto side), %d open at the end"
        % (sum(1 for e in entries if e["event"] == "notice"), len(incidents)))
    log("  held by Facteur:        %d records (%s); re-examined after a transient download failure: %d" % (
        len(held), ", ".join("%s %d" % kv for kv in sorted(Counter((h["reason"] or "").split(":")[0] for h in held).items())), rewound))
    log()
    if failures:
        for failure in failures:
            log("FAIL: " + failure)
        return 1
    log("soak: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
