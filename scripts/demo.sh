#!/usr/bin/env bash
# make demo: the main job on its built-in defaults. Starts the bundled Qonto sandbox on a free
# loopback port, runs one full window (poll, download, compose) and delivers through the file
# transport into ./demo/mail (a Maildir). Re-running it forwards nothing new and says so.
# It leaves no process behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
facteur="$root/.build/debug/facteur"
mkdir -p demo
sandbox_log=$(mktemp)
"$facteur" sandbox --port 0 --invoices-per-year 60 --years 3 > "$sandbox_log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -f "$sandbox_log"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$sandbox_log" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^Qonto sandbox listening on //p' "$sandbox_log" | head -n 1)
[ -n "$url" ] || { echo "the Qonto sandbox did not start:"; cat "$sandbox_log"; exit 1; }
cat > demo/facteur.json <<JSON
{
  "data_dir": "$root/demo/data",
  "templates_dir": "$root/templates",
  "smtp_url": "file://$root/demo/mail",
  "smtp_from": "Facteur <factures@demo.example>",
  "pennylane_supplier_inbox": "achats-demo@pennylane.example",
  "pennylane_customer_inbox": "ventes-demo@pennylane.example",
  "qonto_api_url": "$url",
  "qonto_oauth_url": "$url",
  "qonto_login": "facteur-demo",
  "qonto_secret_key": "sandbox-secret-key",
  "backfill_since": "$(date -u -d '3 years ago' +%Y-%m-%d)"
}
JSON
chmod 600 demo/facteur.json
run() { "$facteur" "$@" --config demo/facteur.json; }
echo "Qonto sandbox (invented data) at $url"
echo
sync_json=$(run sync --json)
run deliver > /dev/null || true
python3 - "$sync_json" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
held = s.get("held", {})
print(f"Found {s['listed']} invoices in Qonto (sandbox): {s['forwarded']} forwarded, {s['updated']} updated, "
      f"{sum(held.values())} held, {s['unchanged']} already handled.")
for reason, count in sorted(held.items()):
    print(f"  held {count}: {reason}")
if s['forwarded'] + s['updated'] == 0:
    print("Nothing new to forward: every invoice was already sent by an earlier run.")
PY
count=$(find demo/mail/new -type f 2>/dev/null | wc -l)
first=$(find demo/mail/new -type f -printf '%f\n' 2>/dev/null | sort | sed -n 1p)
echo
echo "The mail is in demo/mail/new/ ($count messages, the exact bytes SMTP would send)."
if [ -n "$first" ]; then echo "Look at one:        less demo/mail/new/$first"; fi
echo "The outbox:         .build/debug/facteur outbox --config demo/facteur.json"
echo "The delivery log:   .build/debug/facteur audit --config demo/facteur.json"
echo "Held documents:     see demo/data/held/ (kept with their reason, never dropped)"
