#!/usr/bin/env bash
# Peer sender for `make bench`: the curl CLI, one process (so one connection, TLS handshake and
# AUTH) per message, as a shell script driving curl would do it.
#   peer_curl.sh HOST PORT CA_FILE USER PASS FROM TO LIST_FILE
# STARTTLS is required (--ssl-reqd) and the certificate verified against CA_FILE; curl exits 0 only
# after the server's 250 to the data. Prints one JSON line: {"sent": N, "failed": M}.
set -uo pipefail
host=$1 port=$2 ca=$3 user=$4 pass=$5 from=$6 to=$7 list=$8
sent=0 failed=0
while IFS= read -r path; do
  [ -n "$path" ] || continue
  if curl -sS --url "smtp://$host:$port" --ssl-reqd --cacert "$ca" --user "$user:$pass" \
       --mail-from "$from" --mail-rcpt "$to" --upload-file "$path" 2>>"$list.curl-errors"; then
    sent=$((sent + 1))
  else
    failed=$((failed + 1))
  fi
done < "$list"
printf '{"sent": %d, "failed": %d}\n' "$sent" "$failed"
