#!/usr/bin/env bash
# make demo: Facteur's whole job on invented data, on this machine only.
#
# Starts the bundled Qonto sandbox on a free loopback port, runs one full window (poll Qonto,
# download, compose) and delivers through the file transport into ./demo/mail (a Maildir: the
# exact bytes SMTP would send; nothing leaves the machine). Prints what happened. Re-running it
# forwards nothing new and says so. It leaves no process behind.
#
#   bash scripts/demo.sh            the demo (make demo builds first, then runs this)
#   bash scripts/demo.sh status     the status page of the demo: the sandbox again, then
#                                   `facteur run` on demo/facteur.json until Ctrl-C
#
# FACTEUR_BIN overrides the binary (default .build/debug/facteur).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
facteur="${FACTEUR_BIN:-$root/.build/debug/facteur}"
mode="${1:-demo}"
[ -x "$facteur" ] || { echo "no facteur binary at $facteur: run \`make demo\` (it builds first)" >&2; exit 1; }
if [ "$mode" = status ] && [ ! -f demo/facteur.json ]; then
  echo "run \`make demo\` first: it writes demo/facteur.json" >&2; exit 1
fi

mkdir -p demo
sandbox_log=$(mktemp)
sandbox_pid=""
stop_sandbox() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  rm -f "$sandbox_log"
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

# The same invented company every time (seed 42): a re-run sees the same invoices.
"$facteur" sandbox --port 0 --seed 42 --invoices-per-year 60 --years 3 > "$sandbox_log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$sandbox_log" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^Qonto sandbox listening on //p' "$sandbox_log" | head -n 1)
[ -n "$url" ] || { echo "the Qonto sandbox did not start:"; cat "$sandbox_log"; exit 1; }

# The configuration: every key is documented in README.md (`facteur config keys`). The sandbox's
# key is a public test value, so it sits in the file; a real one goes in `facteur secret set`.
backfill_since=$(date -u -d '3 years ago + 1 day' +%Y-%m-%d)
if [ -f demo/facteur.json ]; then
  backfill_since=$(sed -n 's/.*"backfill_since": *"\([0-9-]*\)".*/\1/p' demo/facteur.json)
fi
cat > demo/facteur.json.tmp <<JSON
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
  "backfill_since": "$backfill_since"
}
JSON
chmod 600 demo/facteur.json.tmp
mv demo/facteur.json.tmp demo/facteur.json
config=demo/facteur.json

if [ "$mode" = status ]; then
  bind=$(sed -n 's/.*"web_bind": *"\([^"]*\)".*/\1/p' "$config"); bind=${FACTEUR_WEB_BIND:-${bind:-127.0.0.1:8080}}
  echo "Qonto sandbox (invented data) at $url"
  echo "Status page: http://$bind/  (Ctrl-C stops it and the sandbox)"
  echo
  "$facteur" run --config "$config" || true
  exit 0
fi

# Integer value of a top-level key of facteur's pretty-printed JSON summary.
field() { sed -n "s/^  \"$2\" : \([0-9]*\).*/\1/p" <<<"$1"; }

echo "Qonto sandbox (invented data) at $url; reading back to $backfill_since"
sync_json=$("$facteur" sync --config "$config" --json)
deliver_json=$("$facteur" deliver --config "$config" --json) || true

listed=$(field "$sync_json" listed)
forwarded=$(field "$sync_json" forwarded)
updated=$(field "$sync_json" updated)
unchanged=$(field "$sync_json" unchanged)
sent=$(field "$deliver_json" sent)
# The held reasons: the lines of the "held" object.
held_lines=$(sed -n '/^  "held" : {/,/^  }/p' <<<"$sync_json" | sed -n 's/^    "\(.*\)" : \([0-9]*\),*$/\2 \1/p')
held=$(awk '{n += $1} END {print n + 0}' <<<"$held_lines")

echo
if [ "$listed" -eq 0 ]; then
  echo "No invoice changed in Qonto since the last run."
else
  echo "Found $listed invoices in Qonto: $((forwarded + updated)) forwarded, $held held, $unchanged already handled by an earlier run."
fi
while read -r count reason; do
  [ -n "$count" ] || continue
  case "$reason" in
    "non-financial document") why="Qonto files it as a document, not an invoice" ;;
    "unsupported file") why="not a PDF, JPEG or PNG (an e-invoice XML): Pennylane's email-in would not read it" ;;
    "empty file") why="the attachment has 0 bytes" ;;
    "needs review") why="the counterparty could not be confirmed; a person checks it, then \`facteur resend\`" ;;
    *) why="" ;;
  esac
  echo "  held $count: $reason${why:+ — $why}"
done <<<"$held_lines"
if [ "$((forwarded + updated))" -eq 0 ]; then
  status_json=$("$facteur" status --config "$config" --json) || true
  total_sent=$(tr -d ' \n' <<<"$status_json" | grep -o '"count":[0-9]*,"state":"sent"' | grep -o '[0-9]*' | head -n 1)
  waiting=$(grep -c '"retryTarget"' <<<"$status_json" || true)
  echo "Nothing new to forward: the earlier runs sent ${total_sent:-0} messages; $waiting invoices wait for a person (see status below)."
else
  echo "Sent $sent messages, one per invoice, to achats-demo@ / ventes-demo@pennylane.example (file transport)."
fi
failed=$(field "$deliver_json" failed); deferred=$(field "$deliver_json" deferred)
if [ "${failed:-0}" -gt 0 ] || [ "${deferred:-0}" -gt 0 ]; then
  echo "  not sent: $failed failed, $deferred deferred — see: $facteur outbox --config $config"
fi

count=$(find demo/mail/new -type f 2>/dev/null | wc -l)
first=$(find demo/mail/new -type f -printf '%f\n' 2>/dev/null | sort | sed -n 1p)
bin=${facteur#"$root"/}
echo
echo "The mail:          demo/mail/new/ ($count messages in all, the exact bytes SMTP would send)"
if [ -n "$first" ]; then echo "Look at one:       head -n 30 demo/mail/new/$first   (headers; the file is the whole MIME message)"; fi
echo "The outbox:        $bin outbox --config $config"
echo "The mail log:      $bin audit --config $config"
echo "What waits:        $bin status --config $config   (held files kept in demo/data/held/)"
echo "The status page:   bash scripts/demo.sh status   then open http://127.0.0.1:8080/ (Ctrl-C to stop)"
