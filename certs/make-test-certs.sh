#!/usr/bin/env bash
# make-test-certs.sh: generate THROW-AWAY TLS material for Facteur's test suite.
#
# Usage: certs/make-test-certs.sh [--force]
#
# Writes into certs/test/ (next to this script; override with FACTEUR_TEST_CERT_DIR):
#   ca.pem / ca.key              "Facteur Test CA" (self-signed, EC P-256, SHA-256, 10 years)
#   localhost.pem / localhost.key server certificate signed by that CA:
#                                 CN=localhost, SAN DNS:localhost + IP:127.0.0.1,
#                                 EKU serverAuth, valid 730 days
#   other-ca.pem / other-ca.key  "Facteur Other Test CA", an unrelated CA that signed
#                                 nothing we use ("unknown CA must be refused" tests)
#
# Idempotent: if every file is present and valid (parses, key matches cert, the server
# cert verifies against ca.pem for sslserver, nothing expires within 30 days), it does
# nothing. Otherwise, or with --force, it regenerates the whole set (atomically: files
# are built in a temporary directory and moved in only when all steps succeeded).
# Private keys are mode 0600, certificates 0644.
set -euo pipefail

force=0
for arg in "$@"; do
    case "$arg" in
        --force|-f) force=1 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "make-test-certs.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

command -v openssl >/dev/null 2>&1 || { echo "make-test-certs.sh: openssl not found in PATH" >&2; exit 1; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${FACTEUR_TEST_CERT_DIR:-$script_dir/test}"
files=(ca.pem ca.key localhost.pem localhost.key other-ca.pem other-ca.key)

# Public key of a certificate or of a private key, as PEM (to compare key <-> cert).
cert_pub() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null; }
key_pub()  { openssl pkey -in "$1" -pubout 2>/dev/null; }

is_valid() {
    local d="$1" f
    for f in "${files[@]}"; do
        [[ -s "$d/$f" ]] || return 1
    done
    for c in ca localhost other-ca; do
        openssl x509 -in "$d/$c.pem" -noout -checkend 2592000 >/dev/null 2>&1 || return 1
        [[ "$(cert_pub "$d/$c.pem")" == "$(key_pub "$d/$c.key")" ]] || return 1
        [[ -n "$(cert_pub "$d/$c.pem")" ]] || return 1
    done
    openssl verify -CAfile "$d/ca.pem" -purpose sslserver "$d/localhost.pem" >/dev/null 2>&1 || return 1
    # The unrelated CA must NOT validate the server certificate.
    if openssl verify -CAfile "$d/other-ca.pem" "$d/localhost.pem" >/dev/null 2>&1; then return 1; fi
    openssl x509 -in "$d/localhost.pem" -noout -checkhost localhost 2>/dev/null | grep -q 'does match' || return 1
    openssl x509 -in "$d/localhost.pem" -noout -checkip 127.0.0.1 2>/dev/null | grep -q 'does match' || return 1
    return 0
}

if [[ $force -eq 0 ]] && is_valid "$out_dir"; then
    exit 0
fi

umask 077
tmp="$(mktemp -d "${TMPDIR:-/tmp}/facteur-certs.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Self-contained config: we never depend on the system openssl.cnf.
cat >"$tmp/openssl.cnf" <<'EOF'
[ req ]
distinguished_name = req_dn
prompt             = no
[ req_dn ]
CN = placeholder
[ v3_ca ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[ v3_server ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid, issuer
EOF

serial() { echo "0x$(openssl rand -hex 16 | sed 's/^[89a-f]/7/')"; }   # positive, 128-bit
genkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
               -pkeyopt ec_param_enc:named_curve -out "$1" 2>/dev/null; }

make_ca() {   # make_ca <basename> <common name>
    genkey "$tmp/$1.key"
    openssl req -config "$tmp/openssl.cnf" -new -x509 -sha256 -days 3650 \
        -key "$tmp/$1.key" -subj "/O=Facteur tests/CN=$2" \
        -extensions v3_ca -set_serial "$(serial)" -out "$tmp/$1.pem"
}

make_ca ca "Facteur Test CA"
make_ca other-ca "Facteur Other Test CA"

genkey "$tmp/localhost.key"
openssl req -config "$tmp/openssl.cnf" -new -sha256 -key "$tmp/localhost.key" \
    -subj "/O=Facteur tests/CN=localhost" -out "$tmp/localhost.csr"
openssl x509 -req -sha256 -days 730 -in "$tmp/localhost.csr" \
    -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial "$(serial)" \
    -extfile "$tmp/openssl.cnf" -extensions v3_server -out "$tmp/localhost.pem" 2>/dev/null

is_valid "$tmp" || { echo "make-test-certs.sh: generated certificates failed validation" >&2; exit 1; }

mkdir -p -m 0755 "$out_dir"
for f in "${files[@]}"; do
    case "$f" in *.key) chmod 0600 "$tmp/$f" ;; *) chmod 0644 "$tmp/$f" ;; esac
    mv -f "$tmp/$f" "$out_dir/$f"
done
echo "make-test-certs.sh: wrote test certificates to $out_dir"
