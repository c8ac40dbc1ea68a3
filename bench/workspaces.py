"""`make bench` case `workspaces`: one `facteur run` serving many companies.

Two Qonto sandboxes: a small one shared by the quiet workspaces (each its own workspace, its own
inboxes, polling every 60 s) and a large one (30 000 invoices) for one workspace running a 3-year
backfill. Mail goes through the file transport (a Maildir), so "accepted" is the message's file
appearing in `new/`.

Measured, each in the same run as its peer:
- peak RSS of `facteur run` with 1, 50 and all quiet workspaces (each step waits until every workspace
  has caught up, read from `/metrics`), then with the backfill added;
- the time from a record appearing in Qonto (an invoice's amount changed in the shared sandbox,
  so it appears in every quiet workspace at once) to its message accepted, per quiet workspace
  (median, p95), first with no backfill, then while the backfill runs; the ratio loaded/idle is
  the fairness figure (1.0 = the backfill delays nobody). Both phases change the invoice 20 s after
  `facteur run` starts and every workspace polls every 60 s, so about 40 s of each wait is the
  poll interval: compare the two rows, not the absolute value;
- the peak number of Qonto requests in any 10 s (both sandboxes' request logs), against Qonto's
  per-IP limit of 1 000.
"""
import datetime
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request

QONTO_LIMIT_PER_10S = 1000


def _headers(path):
    """The header block of a message file, as text (enough to find To and the Qonto ID)."""
    lines = []
    with open(path, "rb") as f:
        for line in f:
            if line in (b"\n", b"\r\n"):
                break
            lines.append(line.decode("utf-8", "replace"))
    return "".join(lines)


class Maildir:
    """Watches `new/` and remembers, per file, its mtime and headers."""

    def __init__(self, root):
        self.new = os.path.join(root, "new")
        self.seen = {}

    def scan(self):
        if not os.path.isdir(self.new):
            return
        for name in os.listdir(self.new):
            if name in self.seen:
                continue
            path = os.path.join(self.new, name)
            try:
                self.seen[name] = (os.stat(path).st_mtime, _headers(path))
            except OSError:
                continue

    def arrivals(self, marker, since):
        """{inbox address: first mtime} of messages whose headers contain `marker`, written at or after `since`."""
        found = {}
        for mtime, headers in self.seen.values():
            if mtime < since or marker not in headers:
                continue
            for line in headers.splitlines():
                if line.lower().startswith("to:"):
                    to = line.split(":", 1)[1].strip().strip("<>")
                    found[to] = min(mtime, found.get(to, mtime))
        return found

    def count_for(self, address):
        return sum(1 for _, headers in self.seen.values() if address in headers)


def _percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _rss_mb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _requests(url):
    with urllib.request.urlopen(f"{url}/_sandbox/requests", timeout=60) as reply:
        return json.load(reply)


def _peak_per_10s(stamps):
    """Largest number of requests received within any 10-second span."""
    stamps = sorted(stamps)
    best, start = 0, 0
    for end in range(len(stamps)):
        while stamps[end] - stamps[start] >= 10:
            start += 1
        best = max(best, end - start + 1)
    return best


def _parse_instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _touch(url, record_id, amount):
    request = urllib.request.Request(f"{url}/_sandbox/invoices/{record_id}/touch", method="POST",
                                     data=json.dumps({"amount": amount}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        reply.read()


class Gateway:
    """A gateway configuration, its workspaces and one `facteur run` at a time."""

    def __init__(self, bench, facteur_bin, folder):
        self.bench, self.bin, self.folder = bench, facteur_bin, folder
        self.config = os.path.join(folder, "gateway.json")
        self.mail = os.path.join(folder, "mail")
        self.web_port = bench.free_port()
        with open(self.config, "w") as f:
            json.dump({"data_dir": os.path.join(folder, "data"), "templates_dir": os.path.join(bench.REPO, "templates"),
                       "smtp_url": f"file://{self.mail}", "smtp_from": "Facteur <factures@cabinet.example>",
                       "web_bind": f"127.0.0.1:{self.web_port}"}, f, indent=1)
        os.chmod(self.config, 0o600)
        self.process = None
        self.log = None

    def add(self, workspace, values):
        path = os.path.join(self.folder, f"{workspace}.json")
        with open(path, "w") as f:
            json.dump(values, f, indent=1)
        os.chmod(path, 0o600)
        result = subprocess.run([self.bin, "workspace", "add", workspace, "--from", path, "--config", self.config],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"facteur workspace add {workspace} failed: {result.stderr}{result.stdout}")

    def start(self):
        self.log = open(os.path.join(self.folder, f"run-{int(time.time())}.log"), "w")
        self.process = subprocess.Popen([self.bin, "run", "--config", self.config, "--log-level", "notice"],
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()
        self.process = None


def _quiet_values(url, number, workspace, since):
    # Each workspace its own login (facteur refuses two workspaces on one Qonto organisation); the
    # shared sandbox serves the same invoices to every login.
    return {"qonto_api_url": url, "qonto_oauth_url": url, "qonto_login": f"facteur-demo-{number:03d}",
            "qonto_secret_key": "sandbox-secret-key", "pennylane_supplier_inbox": f"achats-{workspace}@pennylane.example",
            "pennylane_customer_inbox": f"ventes-{workspace}@pennylane.example", "poll_interval": "60",
            "backfill_since": since}


def _metrics(port):
    """`/metrics` of the running gateway as {(series, workspace): value} (loopback: no token needed)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as reply:
        text = reply.read().decode()
    values = {}
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        workspace = None
        if "{" in name:
            name, labels = name.split("{", 1)
            for part in labels.rstrip("}").split(","):
                key, _, quoted = part.partition("=")
                if key == "workspace":
                    workspace = quoted.strip('"')
        try:
            values[(name, workspace)] = values.get((name, workspace), 0) + float(value)
        except ValueError:
            continue
    return values


def _settle(maildir, inboxes, gateway, started, quiet_for=15, timeout=1800):
    """Waits until every workspace has caught up: each committed a Qonto window since `started`,
    no queue is left, every inbox got at least one message, and neither a Qonto request nor a
    message happened for `quiet_for` s (quiet pollers only poll once a minute). A first sync still
    downloading its year when the next phase starts would eat that phase's request budget."""
    deadline, last, last_change = time.time() + timeout, None, time.time()
    while time.time() < deadline:
        if gateway.process.poll() is not None:
            raise SystemExit(f"facteur run exited with {gateway.process.returncode} (see its log)")
        maildir.scan()
        try:
            metrics = _metrics(gateway.web_port)
        except OSError:
            time.sleep(1)
            continue
        requests = sum(v for (name, _), v in metrics.items() if name == "facteur_qonto_requests_total")
        state = (len(maildir.seen), requests)
        if state != last:
            last, last_change = state, time.time()
        synced = [w for (name, w), v in metrics.items() if name == "facteur_last_sync_timestamp_seconds" and v >= started - 1]
        queued = sum(v for (name, _), v in metrics.items() if name == "facteur_queue_depth")
        served = all(maildir.count_for(inbox) > 0 for inbox in inboxes)
        if served and len(synced) >= len(inboxes) and queued == 0 and time.time() - last_change >= quiet_for:
            return True
        time.sleep(1)
    return False


def _latency(maildir, sandbox_url, record_id, amount, inboxes, process, timeout=600):
    """Changes an invoice in the shared sandbox; returns each quiet inbox's wait until its message."""
    maildir.scan()
    began = time.time()
    _touch(sandbox_url, record_id, amount)
    deadline = began + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"facteur run exited with {process.returncode} (see its log)")
        maildir.scan()
        arrived = maildir.arrivals(record_id, began - 1)
        if all(inbox in arrived for inbox in inboxes):
            break
        time.sleep(0.5)
    arrived = maildir.arrivals(record_id, began - 1)
    waits = [max(0.0, arrived[inbox] - began) for inbox in inboxes if inbox in arrived]
    return waits, len(inboxes) - len(waits)


def workspaces_case(bench, facteur_bin, work, quick=False):
    """Runs the case; returns table rows."""
    folder = os.path.join(work, "workspaces")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    quiet_total = 9 if quick else 199
    backfill_invoices = 3000 if quick else 30000
    steps = [1, 5, quiet_total] if quick else [1, 50, quiet_total]
    small, small_url = bench.start_sandbox(facteur_bin, 24, years=1, extra_logins=quiet_total)
    large, large_url = bench.start_sandbox(facteur_bin, backfill_invoices // 3)
    gateway = Gateway(bench, facteur_bin, folder)
    maildir = Maildir(gateway.mail)
    rows, added = [], 0
    recent = (datetime.date.today() - datetime.timedelta(days=365)).isoformat()
    three_years = (datetime.date.today() - datetime.timedelta(days=3 * 365)).isoformat()
    names = [f"q{n:03d}" for n in range(1, quiet_total + 1)]
    try:
        for step in steps:
            while added < step:
                gateway.add(names[added], _quiet_values(small_url, added + 1, names[added], recent))
                added += 1
            started = time.time()
            gateway.start()
            inboxes = [f"achats-{n}@pennylane.example" for n in names[:added]]
            settled = _settle(maildir, inboxes, gateway, started)
            rss, hwm = _rss_mb(gateway.process.pid)
            rows.append({"case": f"workspaces RSS {added} quiet", "sender": "facteur", "workspaces": added,
                         "rss_mb": rss, "peak_rss_mb": hwm, "settled": settled, "target": "context", "met": None})
            print(f"  {added:>3} workspaces: RSS {rss:.0f} MB (peak {hwm:.0f} MB), first syncs "
                  f"{'delivered' if settled else 'NOT all delivered'}", flush=True)
            gateway.stop()
        inboxes = [f"achats-{n}@pennylane.example" for n in names]
        # Quiet means caught up: 199 first syncs at once need ~22,000 Qonto requests (about 110 each),
        # more than two 10-minute windows of Qonto's per-address limit, so the last step's settle can
        # end while the budget holds some of them back (nothing moves for 15 s). Each workspace
        # finishes its first sync here, one `facteur sync` at a time, before anything is measured.
        caught_up = time.time()
        for name in names:
            subprocess.run([facteur_bin, "sync", "--workspace", name, "--config", gateway.config],
                           capture_output=True, text=True, check=True)
        print(f"  every quiet workspace caught up with `facteur sync` in {time.time() - caught_up:.0f} s", flush=True)
        sent = json.loads(subprocess.run([facteur_bin, "outbox", "--json", "--workspace", names[0], "--config", gateway.config],
                                         capture_output=True, text=True, check=True).stdout)
        record = next(m["record_id"] for m in sent if m["record_type"] == "supplier_invoice" and m["state"] == "sent")
        # Both phases change the invoice at the same moment after a start (every poller polls at
        # its start, then every 60 s), so the two distributions differ only by the backfill.
        gateway.start()
        time.sleep(20)
        idle, idle_missing = _latency(maildir, small_url, record, "4321.09", inboxes, gateway.process)
        gateway.stop()

        gateway.add("backfill", {"qonto_api_url": large_url, "qonto_oauth_url": large_url, "qonto_login": "facteur-demo",
                                 "qonto_secret_key": "sandbox-secret-key",
                                 "pennylane_supplier_inbox": "achats-backfill@pennylane.example",
                                 "pennylane_customer_inbox": "ventes-backfill@pennylane.example",
                                 "backfill_since": three_years})
        urllib.request.urlopen(urllib.request.Request(f"{large_url}/_sandbox/requests", method="DELETE"), timeout=60).read()
        urllib.request.urlopen(urllib.request.Request(f"{small_url}/_sandbox/requests", method="DELETE"), timeout=60).read()
        started = time.time()
        gateway.start()
        time.sleep(20)  # the backfill is under way (its listing and downloads have begun)
        loaded, loaded_missing = _latency(maildir, small_url, record, "5432.10", inboxes, gateway.process)
        backfill_done = maildir.count_for("achats-backfill@pennylane.example")
        metrics = _metrics(gateway.web_port)
        throttled = sum(v for (name, _), v in metrics.items() if name == "facteur_qonto_throttled_total")
        rss, hwm = _rss_mb(gateway.process.pid)
        stamps = [_parse_instant(r["received_at"]) for url in (small_url, large_url) for r in _requests(url)]
        large_requests = len(_requests(large_url))
        gateway.stop()
        peak = _peak_per_10s(stamps)
        rows.append({"case": f"workspaces RSS {quiet_total} quiet + backfill", "sender": "facteur",
                     "workspaces": quiet_total + 1, "rss_mb": rss, "peak_rss_mb": hwm, "target": "context", "met": None})
        for name, waits, missing in (("no backfill", idle, idle_missing), ("during a backfill", loaded, loaded_missing)):
            rows.append({"case": f"record → accepted, {quiet_total} quiet, {name}", "sender": "facteur",
                         "median_s": _percentile(waits, 0.5), "p95_s": _percentile(waits, 0.95),
                         "max_s": max(waits) if waits else float("nan"), "missing": missing,
                         "target": "every quiet workspace served", "met": missing == 0})
        ratio = _percentile(loaded, 0.95) / _percentile(idle, 0.95) if idle and loaded else float("nan")
        rows.append({"case": "fairness p95 loaded/idle", "sender": "facteur", "ratio": ratio,
                     "backfill_messages_meanwhile": backfill_done, "backfill_requests_meanwhile": large_requests,
                     "target": "≤ 1.5 (the backfill delays nobody)", "met": ratio <= 1.5})
        rows.append({"case": "peak Qonto requests per 10 s", "sender": "facteur", "qonto_requests_per_10s": peak, "throttled": throttled,
                     "seconds": time.time() - started, "target": f"< {QONTO_LIMIT_PER_10S} (Qonto per IP)",
                     "met": peak < QONTO_LIMIT_PER_10S})
        print(f"  record → accepted over {quiet_total} quiet workspaces: no backfill median "
              f"{_percentile(idle, 0.5):.1f} s p95 {_percentile(idle, 0.95):.1f} s ({idle_missing} missing); during a "
              f"backfill median {_percentile(loaded, 0.5):.1f} s p95 {_percentile(loaded, 0.95):.1f} s "
              f"({loaded_missing} missing); p95 ratio {ratio:.2f}; backfill meanwhile: {large_requests} Qonto requests, "
              f"{backfill_done} messages", flush=True)
        print(f"  peak Qonto requests in any 10 s: {peak} (limit {QONTO_LIMIT_PER_10S}); 429 answers: {throttled:.0f}; RSS with "
              f"{quiet_total + 1} workspaces {rss:.0f} MB (peak {hwm:.0f} MB)", flush=True)
    finally:
        gateway.stop()
        for sandbox in (small, large):
            sandbox.terminate()
            sandbox.wait(timeout=10)
    return rows
