#!/usr/bin/env bash
# A throw-away Postfix instance for `make bench`, separate from the system one.
#
#   bench/postfix.sh start ROOT PORT CERT KEY USER PASS   # configure and start on 127.0.0.1:PORT
#   bench/postfix.sh stop ROOT                            # stop it (and leave ROOT for inspection)
#
# What it sets up, under ROOT: its own config (etc/), queue, data directory and log (maillog);
# smtpd on 127.0.0.1:PORT only, STARTTLS offered with the test certificate
# (smtpd_tls_security_level=may), AUTH PLAIN/LOGIN from a Cyrus sasldb (only after STARTTLS),
# MAIL FROM refused without AUTH, every recipient of any domain delivered by the virtual agent
# into one catch-all Maildir (ROOT/mail/catchall/), 40 MB messages, no rate or process limits that
# a single sender could hit. No chroot, so smtpd reads the sasldb and the certificate in place.
set -euo pipefail

cmd=${1:?start|stop}
root=${2:?root directory}

if [ "$cmd" = stop ]; then
  postfix -c "$root/etc" stop >/dev/null 2>&1 || true
  # master exits asynchronously: wait for its pid file to go (bounded)
  for _ in $(seq 1 50); do [ -e "$root/queue/pid/master.pid" ] && kill -0 "$(tr -d ' ' < "$root/queue/pid/master.pid")" 2>/dev/null || break; sleep 0.1; done
  exit 0
fi

port=${3:?port} cert=${4:?cert} key=${5:?key} user=${6:?user} pass=${7:?password}
uid=$(id -u postfix) gid=$(id -g postfix)
postfix -c "$root/etc" stop >/dev/null 2>&1 || true
rm -rf "$root"
mkdir -p "$root/etc" "$root/queue" "$root/data" "$root/etc/sasl" "$root/mail"
chmod 755 "$root"
chown postfix:postfix "$root/data" "$root/mail"
cp "$cert" "$root/etc/cert.pem"; cp "$key" "$root/etc/key.pem"; chmod 600 "$root/etc/key.pem"

cat > "$root/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $root/queue
data_directory = $root/data
maillog_file = $root/maillog
maillog_file_prefixes = $root
mail_owner = postfix
setgid_group = postdrop
myhostname = bench.localhost
mydomain = localhost
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
alias_maps =
alias_database =
biff = no
smtpd_banner = \$myhostname ESMTP facteur-bench
# TLS: offered, the client decides (Facteur and the peers all require it and verify the cert)
smtpd_tls_security_level = may
smtpd_tls_cert_file = $root/etc/cert.pem
smtpd_tls_key_file = $root/etc/key.pem
smtpd_tls_auth_only = yes
smtpd_tls_session_cache_database =
# AUTH from a Cyrus sasldb; nothing is accepted without it
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
# Debian reads config_directory/sasl/smtpd.conf whatever cyrus_sasl_config_path says
cyrus_sasl_config_path = $root/etc/sasl
smtpd_sasl_local_domain = bench.localhost
smtpd_sender_restrictions = permit_sasl_authenticated, reject
smtpd_relay_restrictions = permit_sasl_authenticated, reject
# catch-all Maildir for every address of every domain
virtual_mailbox_domains = static:all
virtual_mailbox_maps = static:catchall/
virtual_mailbox_base = $root/mail
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_minimum_uid = 1
# generous limits: 40 MB messages, no rate limits, plenty of processes
message_size_limit = 40000000
virtual_mailbox_limit = 0
mailbox_size_limit = 0
default_process_limit = 200
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_connection_count_limit = 0
smtpd_client_event_limit_exceptions = 127.0.0.0/8
EOF

# the Debian master.cf, without chroot, smtpd moved to 127.0.0.1:PORT
awk -v port="$port" '
  /^smtp[ \t]+inet/ { print "127.0.0.1:" port " inet n - n - - smtpd"; next }
  /^[a-z]/ && NF >= 8 && $5 == "y" { $5 = "n" }
  { print }' /etc/postfix/master.cf > "$root/etc/master.cf"

cat > "$root/etc/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $root/etc/sasl/sasldb2
EOF
printf '%s' "$pass" | saslpasswd2 -p -c -f "$root/etc/sasl/sasldb2" -u bench.localhost "$user"
chown postfix:postfix "$root/etc/sasl/sasldb2"; chmod 640 "$root/etc/sasl/sasldb2"

postfix -c "$root/etc" check
postfix -c "$root/etc" start
# wait for the listener (bounded: 10 s)
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && exit 0
  sleep 0.1
done
echo "postfix did not start listening on 127.0.0.1:$port; see $root/maillog" >&2
exit 1
