#!/usr/bin/env bash
# make demo: forwards two sample invoices through the real composer, outbox and mail log into a
# Maildir (./demo/mail) with the file transport, then shows what happened. Re-running it forwards
# nothing new and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
facteur="$root/.build/debug/facteur"
mkdir -p demo/files
cat > demo/facteur.json <<JSON
{
  "data_dir": "$root/demo/data",
  "templates_dir": "$root/templates",
  "smtp_url": "file://$root/demo/mail",
  "smtp_from": "Facteur <factures@demo.example>",
  "pennylane_supplier_inbox": "achats-demo@pennylane.example",
  "pennylane_customer_inbox": "ventes-demo@pennylane.example"
}
JSON
printf '%%PDF-1.4\n%% Facture fournisseur FA-2026-0042, Boulangerie Martin\n%%%%EOF\n' > "demo/files/Facture Boulangerie Martin FA-2026-0042.pdf"
printf '%%PDF-1.4\n%% Facture client FC-2026-0107, Atelier Dupré\n%%%%EOF\n' > "demo/files/Facture client Atelier Dupré FC-2026-0107.pdf"
run() { "$facteur" "$@" --config demo/facteur.json; }
echo "== forward"
run forward "demo/files/Facture Boulangerie Martin FA-2026-0042.pdf" --kind supplier --ref 7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f
run forward "demo/files/Facture client Atelier Dupré FC-2026-0107.pdf" --kind customer --ref 3c1a9e52-5d7b-4f0e-a2c4-8b6d0f1e2a3b
echo "== deliver"
run deliver
echo "== outbox"
run outbox
echo "== audit --verify"
run audit --verify
echo
echo "The mail is in demo/mail/new/ (one file per message, the exact bytes SMTP would send):"
ls -1 demo/mail/new | sed 's/^/  /'
echo "Look at one: less \"demo/mail/new/$(ls -1 demo/mail/new | head -n 1)\""
echo "Run it again: the same invoices are recognised and nothing new is sent."
