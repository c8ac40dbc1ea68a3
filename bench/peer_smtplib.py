#!/usr/bin/env python3
"""Peer sender for `make bench`: Python smtplib, one connection for every message.

    peer_smtplib.py HOST PORT CA_FILE USER PASS FROM TO LIST_FILE

LIST_FILE names one composed message (.eml, CRLF) per line. The connection does STARTTLS with
certificate verification against CA_FILE, then AUTH, then sends each message in turn and counts it
only when the server answered 250 to the data. TCP_NODELAY is set on the socket: without it Nagle's
algorithm meets the server's delayed ACKs and caps this sender near 30 msg/s at 100 KB on loopback,
which would make the comparison flatter Facteur. Prints one JSON line: {"sent": N, "failed": M}.
"""
import json
import smtplib
import socket
import ssl
import sys

host, port, ca_file, user, password, sender, recipient, list_file = sys.argv[1:9]
paths = [line.strip() for line in open(list_file) if line.strip()]
context = ssl.create_default_context(cafile=ca_file)  # verifies the chain and the host name
client = smtplib.SMTP(host, int(port), local_hostname="bench.example", timeout=300)
client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
client.starttls(context=context)  # wraps the same socket: TCP_NODELAY stays set
client.ehlo("bench.example")
client.login(user, password)
sent = failed = 0
for path in paths:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        refused = client.sendmail(sender, [recipient], data)  # returns after the 250 to the data
        sent += 0 if refused else 1
        failed += 1 if refused else 0
    except smtplib.SMTPException as error:
        print(f"{path}: {error}", file=sys.stderr)
        failed += 1
client.quit()
print(json.dumps({"sent": sent, "failed": failed}))
