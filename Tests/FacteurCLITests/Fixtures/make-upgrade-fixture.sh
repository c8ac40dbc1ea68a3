#!/usr/bin/env bash
# How upgrade-9ff180e.tar.gz was made (issue 14): a single-company data directory written by the
# release at commit 9ff180e, for UpgradeTests. Re-running it makes a DIFFERENT archive (the sandbox
# dates its invented invoices relative to today); the committed archive is the reference.
#
#   bash make-upgrade-fixture.sh RELEASE_BINARY OUT.tar.gz
set -euo pipefail
release=$1; out=$(realpath -m "$2")
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d); trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
# 1. A small, fixed Qonto dataset (8 supplier invoices over one year, 2 client invoices, their files).
"$release" sandbox --seed 14 --invoices-per-year 8 --years 1 --export-dataset "$work/dataset"
"$release" sandbox --dataset "$work/dataset" --port 0 > sandbox.log 2>&1 & pid=$!
for _ in $(seq 1 100); do grep -q "listening on" sandbox.log && break; sleep 0.1; done
url=$(sed -n 's/^Qonto sandbox listening on //p' sandbox.log | head -n 1)
# 2. The configuration the upgrade test writes again (the Qonto secret key is in the secret store).
cat > facteur.json <<JSON
{
  "data_dir": "$work/data",
  "templates_dir": "$repo/templates",
  "smtp_url": "file://$work/mail",
  "smtp_from": "Facteur <factures@upgrade.example>",
  "pennylane_supplier_inbox": "achats-upgrade@pennylane.example",
  "pennylane_customer_inbox": "ventes-upgrade@pennylane.example",
  "qonto_api_url": "$url",
  "qonto_oauth_url": "$url",
  "qonto_login": "facteur-demo",
  "backfill_since": "2026-01-01"
}
JSON
chmod 600 facteur.json
# 3. A stored secret, a web password, a sync (4 queued, 6 held), a delivery, a local forward.
echo sandbox-secret-key | "$release" secret set qonto_secret_key --config facteur.json
echo upgrade-fixture-password | "$release" web-password --config facteur.json
"$release" sync --config facteur.json
"$release" deliver --config facteur.json
printf '%%PDF-1.4\n%% upgrade fixture local invoice\n%%%%EOF\n' > local-invoice.pdf
"$release" forward local-invoice.pdf --kind supplier --config facteur.json
"$release" deliver --config facteur.json
"$release" audit --verify --config facteur.json
# 4. The data directory (database, master.key, spool) and the dataset, nothing else.
rm -f data/facteur.lock; rmdir data/incoming 2>/dev/null || true
tar --owner=0 --group=0 --numeric-owner --sort=name -czf "$out" data dataset
