#!/usr/bin/env python3
"""Loopback SMTP server with fault injection, for Facteur's test suite.

Built on aiosmtpd 1.4.x. Binds 127.0.0.1 only. Once listening, prints exactly one
line ``READY <port>`` on stdout (flushed); nothing else ever goes to stdout
(diagnostics go to stderr). Exits with status 0 on SIGTERM/SIGINT.

    python3 Tests/Support/smtp_server.py [options]

Options
  --port N               TCP port (default 0: the kernel picks a free one; read it
                         from the READY line).
  --tls none|starttls|implicit
                         none (default): STARTTLS is not advertised at all.
                         starttls: STARTTLS advertised and required before
                           MAIL/RCPT/DATA/AUTH (530 "Must issue a STARTTLS command
                           first" otherwise).
                         implicit: TLS from the first byte (SMTPS).
  --cert FILE --key FILE server certificate and key (default:
                         certs/test/localhost.pem and .key of this repository).
  --tls-min 1.2|1.3      lowest TLS version the server accepts.
  --tls-max 1.2|1.3      highest TLS version the server offers.
  --auth USER:PASS       advertise "AUTH PLAIN LOGIN" (after STARTTLS with
                         --tls starttls; from the start with none/implicit) and
                         require authentication before MAIL (530 5.7.0
                         Authentication required). Wrong credentials:
                         535 5.7.8 Authentication credentials invalid.
                         Without --auth, AUTH is never advertised.
  --greeting-421         greet every connection with
                         "421 4.3.2 Service not available, closing channel" and close.
  --slow-greeting S      wait S seconds before the greeting (with implicit TLS the
                         handshake happens first, then the wait).
  --maildir DIR          store every accepted message, byte for byte as received
                         (dot-stuffing removed, CRLF kept), as one file in DIR/new
                         (DIR/tmp, DIR/new, DIR/cur are created).
  --journal FILE         append one JSON object per line (flushed) per event.
  --slow-seconds S       delay used by the slowdot fault (default 5).
  --exit-with-parent     exit when the parent process dies (watchdog for tests).
  --random-faults P      chaos mode (make soak): each transaction whose recipients
                         select no fault gets, with probability P (0..1), one
                         transient fault drawn uniformly from rcpt451, data451,
                         dropdata, dropdot, slowdot; each connection is greeted
                         with 421 with probability P/5. Never a permanent (5xx)
                         fault. Journaled as {"event":"random_fault","conn":N,
                         "fault":"...","rcpt":"x@y"} (rcpt null for greeting421).
                         Default 0: off.
  --random-seed N        seed of --random-faults (default 1), for reproducible runs.
  --verbose              log the SMTP dialogue (aiosmtpd debug log) to stderr.

Journal events (keys in this order; "conn" numbers TCP connections from 1):
  {"event":"connect","conn":N}                 TCP accept (before any TLS handshake)
  {"event":"tls","conn":N,"version":"TLSv1.3","mode":"starttls|implicit"}
  {"event":"tls_failed","conn":N,"mode":"starttls","error":"..."}   STARTTLS handshake
                                               failed (failed implicit-TLS handshakes
                                               only show as a lone "connect")
  {"event":"auth","conn":N,"ok":true,"mechanism":"PLAIN","user":"u"}
  {"event":"rejected","conn":N,"stage":"rcpt","code":451,"reply":"...","rcpt":"x@y"}
  {"event":"rejected","conn":N,"stage":"data","code":554,"reply":"...","mail_from":...,
   "rcpt_tos":[...],"message_id":...,"size":...,"sha256":...}
  {"event":"rejected","conn":N,"stage":"greeting","code":421,"reply":"..."}
  {"event":"accepted","conn":N,"mail_from":...,"rcpt_tos":[...],"message_id":<str|null>,
   "size":<bytes>,"sha256":<hex>,"file":<path|null>,"queue_id":"..."}
  {"event":"dropped","conn":N,"stage":"mid-data","bytes_received":K,"mail_from":...,"rcpt_tos":[...]}
  {"event":"dropped","conn":N,"stage":"after-dot","queue_id":"...","file":...}
  {"event":"disconnect","conn":N}              connection closed (either side); not
                                               emitted when an implicit-TLS handshake fails

Fault injection, by recipient local-part PREFIX (case-insensitive):
  rcpt451...  RCPT answered "451 4.3.0 Temporary failure for testing"
  rcpt550...  RCPT answered "550 5.1.1 No such user for testing"
  data451...  message received, not stored, "451 4.3.0 Try again later for testing"
  data554...  message received, not stored, "554 5.6.0 Message rejected for testing"
  dropdata... connection reset (SO_LINGER 0 -> RST) as soon as the first body bytes
              arrive after "354"; nothing stored, no reply
  dropdot...  message stored, then connection closed without any reply to the dot
  slowdot...  message stored, then wait --slow-seconds before "250"
  otherwise   stored, "250 2.0.0 Ok: queued as <QUEUEID>"
One SMTP transaction gets one DATA reply, so when the accepted recipients of a
transaction carry several data-stage faults, the first in this order wins:
dropdata, data554, data451, dropdot, slowdot.
Several transactions per connection (MAIL/RCPT/DATA repeated, RSET) are supported.
"""

import argparse
import asyncio
import hashlib
import json
import logging
import os
import random
import signal
import socket
import ssl
import struct
import sys
import time
import uuid
import warnings
from email import policy as email_policy
from email.parser import BytesHeaderParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, TLSSetupException, syntax

REPLY_RCPT451 = "451 4.3.0 Temporary failure for testing"
REPLY_RCPT550 = "550 5.1.1 No such user for testing"
REPLY_DATA451 = "451 4.3.0 Try again later for testing"
REPLY_DATA554 = "554 5.6.0 Message rejected for testing"
REPLY_GREETING421 = "421 4.3.2 Service not available, closing channel"

FAULT_PREFIXES = ("rcpt451", "rcpt550", "data451", "data554", "dropdata", "dropdot", "slowdot")
DATA_FAULT_PRECEDENCE = ("dropdata", "data554", "data451", "dropdot", "slowdot")
# What --random-faults draws from: transient faults only (a client must recover from each).
RANDOM_FAULTS = ("rcpt451", "data451", "dropdata", "dropdot", "slowdot")

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TLS_VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def fault_of(address):
    """The fault keyword selected by an address's local part, or None."""
    local = address.rpartition("@")[0] if "@" in address else address
    local = local.strip('"').lower()
    for prefix in FAULT_PREFIXES:
        if local.startswith(prefix):
            return prefix
    return None


def data_fault(rcpt_tos):
    faults = {fault_of(r) for r in rcpt_tos}
    for f in DATA_FAULT_PRECEDENCE:
        if f in faults:
            return f
    return None


def envelope_fault(envelope):
    """The data-stage fault of a transaction: chosen by its recipients, else drawn by --random-faults."""
    return data_fault(envelope.rcpt_tos) or getattr(envelope, "random_fault", None)


def message_id_of(raw):
    try:
        msg = BytesHeaderParser(policy=email_policy.compat32).parsebytes(raw)
        value = msg.get("Message-ID")
    except Exception:
        return None
    if value is None:
        return None
    return "".join(str(value).splitlines()).strip() or None


class App:
    """Shared state: configuration, journal, Maildir, live connections."""

    def __init__(self, args):
        self.args = args
        self.conn_count = 0
        self.msg_count = 0
        self.live = set()
        self.journal_file = open(args.journal, "a", encoding="utf-8") if args.journal else None
        self.maildir = os.path.abspath(args.maildir) if args.maildir else None
        if self.maildir:
            for sub in ("tmp", "new", "cur"):
                os.makedirs(os.path.join(self.maildir, sub), exist_ok=True)
        if args.auth:
            user, sep, password = args.auth.partition(":")
            if not sep:
                raise SystemExit("--auth expects USER:PASS")
            self.credentials = (user.encode(), password.encode())
        else:
            self.credentials = None
        self.random = random.Random(args.random_seed)

    def draw(self, probability):
        """True with this probability, when --random-faults is on."""
        return self.args.random_faults > 0 and self.random.random() < probability

    def journal(self, **event):
        if self.journal_file is None:
            return
        self.journal_file.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.journal_file.flush()

    def next_conn(self):
        self.conn_count += 1
        return self.conn_count

    def new_queue_id(self):
        self.msg_count += 1
        return "F%04d%s" % (self.msg_count, uuid.uuid4().hex[:10].upper())

    def store(self, raw, queue_id):
        """Store raw bytes in the Maildir (tmp/ then rename to new/). Returns path or None."""
        if not self.maildir:
            return None
        now = time.time()
        name = "%d.M%06dP%dQ%d_%s.facteur-test" % (
            int(now), int((now % 1) * 1e6), os.getpid(), self.msg_count, queue_id)
        tmp_path = os.path.join(self.maildir, "tmp", name)
        new_path = os.path.join(self.maildir, "new", name)
        with open(tmp_path, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp_path, new_path)
        return new_path


class Handler:
    """aiosmtpd handler hooks."""

    def __init__(self, app):
        self.app = app

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # With this (5-argument) hook aiosmtpd leaves host_name to us.
        session.host_name = hostname
        out = []
        for line in responses:
            if line[4:].upper().startswith("AUTH"):
                if self.app.credentials is None:
                    continue  # never advertise AUTH when --auth is not given
                line = line[:4] + "AUTH PLAIN LOGIN"
            out.append(line)
        return out

    def handle_STARTTLS(self, server, session, envelope):
        # Called synchronously by aiosmtpd once the STARTTLS handshake succeeded.
        version = None
        if session.ssl and session.ssl.get("ssl_object") is not None:
            version = session.ssl["ssl_object"].version()
        self.app.journal(event="tls", conn=server.conn_id, version=version, mode="starttls")
        return True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = fault_of(address)
        if (fault is None and not envelope.rcpt_tos and getattr(envelope, "random_fault", None) is None
                and self.app.draw(self.app.args.random_faults)):
            drawn = self.app.random.choice(RANDOM_FAULTS)
            self.app.journal(event="random_fault", conn=server.conn_id, fault=drawn, rcpt=address)
            if drawn == "rcpt451":
                fault = drawn
            else:
                envelope.random_fault = drawn
        if fault in ("rcpt451", "rcpt550"):
            reply = REPLY_RCPT451 if fault == "rcpt451" else REPLY_RCPT550
            self.app.journal(event="rejected", conn=server.conn_id, stage="rcpt",
                             code=int(reply[:3]), reply=reply, rcpt=address)
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        app = self.app
        raw = envelope.original_content
        fault = envelope_fault(envelope)
        info = dict(mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos),
                    message_id=message_id_of(raw), size=len(raw),
                    sha256=hashlib.sha256(raw).hexdigest())
        if fault in ("data554", "data451"):
            reply = REPLY_DATA554 if fault == "data554" else REPLY_DATA451
            app.journal(event="rejected", conn=server.conn_id, stage="data",
                        code=int(reply[:3]), reply=reply, **info)
            return reply
        queue_id = app.new_queue_id()
        path = app.store(raw, queue_id)
        app.journal(event="accepted", conn=server.conn_id, **info, file=path, queue_id=queue_id)
        if fault == "dropdot":
            app.journal(event="dropped", conn=server.conn_id, stage="after-dot",
                        queue_id=queue_id, file=path)
            await server.drop_connection(reset=False)
        if fault == "slowdot":
            await asyncio.sleep(app.args.slow_seconds)
        return "250 2.0.0 Ok: queued as %s" % queue_id


class FaultSMTP(SMTP):
    """aiosmtpd.SMTP plus connection numbering, greeting faults and the dropdata fault."""

    def __init__(self, handler, *, app, **kwargs):
        super().__init__(handler, **kwargs)
        self.app = app
        # The protocol factory runs once per accepted TCP connection (before any
        # implicit-TLS handshake), so this numbers TCP connections.
        self.conn_id = app.next_conn()
        self._disconnect_logged = False
        app.journal(event="connect", conn=self.conn_id)

    def connection_made(self, transport):
        first = self._original_transport is None and self.transport is None
        super().connection_made(transport)
        if first:
            self.app.live.add(self)
            ssl_object = transport.get_extra_info("ssl_object")
            if ssl_object is not None:  # implicit TLS: handshake already done
                self.app.journal(event="tls", conn=self.conn_id,
                                 version=ssl_object.version(), mode="implicit")

    def connection_lost(self, error):
        self.app.live.discard(self)
        if not self._disconnect_logged:
            self._disconnect_logged = True
            self.app.journal(event="disconnect", conn=self.conn_id)
        super().connection_lost(error)

    def eof_received(self):
        # aiosmtpd cancels the session on EOF but (plain TCP) keeps the half-closed
        # transport open; close it so "disconnect" is journaled right away.
        super().eof_received()
        return False

    async def _handle_client(self):
        args = self.app.args
        if args.slow_greeting > 0:
            try:
                await asyncio.sleep(args.slow_greeting)
            except asyncio.CancelledError:
                if self.transport is not None:
                    self.transport.close()
                raise
        greet_421 = args.greeting_421
        if not greet_421 and self.app.draw(args.random_faults / 5):
            self.app.journal(event="random_fault", conn=self.conn_id, fault="greeting421", rcpt=None)
            greet_421 = True
        if greet_421:
            self.app.journal(event="rejected", conn=self.conn_id, stage="greeting",
                             code=421, reply=REPLY_GREETING421)
            await self.push(REPLY_GREETING421)
            if self.transport is not None:
                self.transport.close()
            return
        await super()._handle_client()

    async def handle_exception(self, error):
        if isinstance(error, TLSSetupException):
            # A failed STARTTLS handshake (version mismatch, client refused our CA...).
            # aiosmtpd closes the connection itself and sends nothing more.
            cause = error.__cause__ or error
            self.app.journal(event="tls_failed", conn=self.conn_id, mode="starttls",
                             error=str(cause))
            return "421 4.7.0 TLS handshake failed"
        return await super().handle_exception(error)

    async def drop_connection(self, reset):
        """Close the connection without a reply, then wait to be cancelled.

        reset=True sets SO_LINGER 0 so the kernel sends RST (abrupt, discards unread
        data); reset=False just closes (FIN). Never returns normally: connection_lost()
        cancels the session task, which unwinds through aiosmtpd's own handling.
        """
        transport = self.transport
        if transport is not None:
            if reset:
                sock = transport.get_extra_info("socket")
                if sock is not None:
                    try:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    except OSError:
                        pass
            transport.abort()
        await asyncio.sleep(3600)
        raise ConnectionResetError("connection dropped by fault injection")

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        env = self.envelope
        ready = (
            not arg
            and self.session is not None and self.session.host_name
            and (not self._auth_required or self.session.authenticated)
            and env is not None and env.rcpt_tos
        )
        if ready and envelope_fault(env) == "dropdata":
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            chunk = await self._reader.read(65536)  # returns as soon as body bytes arrive
            self.app.journal(event="dropped", conn=self.conn_id, stage="mid-data",
                             bytes_received=len(chunk), mail_from=env.mail_from,
                             rcpt_tos=list(env.rcpt_tos))
            await self.drop_connection(reset=True)
        await super().smtp_DATA(arg)


def build_tls_context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.tls_min:
        ctx.minimum_version = TLS_VERSIONS[args.tls_min]
    if args.tls_max:
        ctx.maximum_version = TLS_VERSIONS[args.tls_max]
    return ctx


def parse_args(argv):
    p = argparse.ArgumentParser(description="Loopback SMTP server with fault injection (tests only).")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls", choices=("none", "starttls", "implicit"), default="none")
    p.add_argument("--cert", default=os.path.join(REPO_ROOT, "certs", "test", "localhost.pem"))
    p.add_argument("--key", default=os.path.join(REPO_ROOT, "certs", "test", "localhost.key"))
    p.add_argument("--tls-min", choices=sorted(TLS_VERSIONS))
    p.add_argument("--tls-max", choices=sorted(TLS_VERSIONS))
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--greeting-421", action="store_true")
    p.add_argument("--slow-greeting", type=float, default=0.0, metavar="SECONDS")
    p.add_argument("--maildir", metavar="DIR")
    p.add_argument("--journal", metavar="FILE")
    p.add_argument("--slow-seconds", type=float, default=5.0)
    p.add_argument("--exit-with-parent", action="store_true")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--random-faults", type=float, default=0.0, metavar="P")
    p.add_argument("--random-seed", type=int, default=1, metavar="N")
    return p.parse_args(argv)


async def serve(args):
    loop = asyncio.get_running_loop()
    app = App(args)
    handler = Handler(app)
    tls_ctx = build_tls_context(args) if args.tls != "none" else None

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and (auth_data.login, auth_data.password) == app.credentials)
        user = auth_data.login.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else None
        app.journal(event="auth", conn=server.conn_id, ok=ok, mechanism=mechanism, user=user)
        return AuthResult(success=ok, handled=False)

    def factory():
        return FaultSMTP(
            handler,
            app=app,
            hostname="localhost",
            ident="Facteur test SMTP",
            tls_context=tls_ctx if args.tls == "starttls" else None,
            require_starttls=(args.tls == "starttls"),
            auth_required=app.credentials is not None,
            # starttls: AUTH only after STARTTLS. implicit: the whole session is TLS
            # but aiosmtpd only knows about STARTTLS, so lift its check. none: AUTH in clear.
            auth_require_tls=(args.tls == "starttls"),
            authenticator=authenticator,
            loop=loop,
        )

    server = await loop.create_server(
        factory, host="127.0.0.1", port=args.port,
        ssl=tls_ctx if args.tls == "implicit" else None,
        reuse_address=True,
    )
    port = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    if args.exit_with_parent:
        parent = os.getppid()

        async def watch_parent():
            while not stop.is_set():
                if os.getppid() != parent:
                    stop.set()
                    return
                await asyncio.sleep(0.5)
        loop.create_task(watch_parent())

    sys.stdout.write("READY %d\n" % port)
    sys.stdout.flush()

    await stop.wait()
    server.close()
    for conn in list(app.live):
        if conn.transport is not None:
            conn.transport.abort()
    await server.wait_closed()
    await asyncio.sleep(0)  # let connection_lost callbacks run
    if app.journal_file:
        app.journal_file.close()


def quiet_exception_handler(loop, context):
    # Failed implicit-TLS handshakes and clients that vanish are expected in these
    # tests; report them in one short line on stderr instead of a traceback.
    exc = context.get("exception")
    if isinstance(exc, (ssl.SSLError, ConnectionError, asyncio.CancelledError)):
        sys.stderr.write("smtp_server: %s: %s\n" % (context.get("message"), exc))
        return
    loop.default_exception_handler(context)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.basicConfig(stream=sys.stderr, format="smtp_server: %(levelname)s %(message)s")
    logging.getLogger("mail.log").setLevel(logging.DEBUG if args.verbose else logging.ERROR)
    if args.tls != "none":
        for f in (args.cert, args.key):
            if not os.path.isfile(f):
                sys.stderr.write("smtp_server: missing %s (run certs/make-test-certs.sh)\n" % f)
                return 2

    async def runner():
        asyncio.get_running_loop().set_exception_handler(quiet_exception_handler)
        await serve(args)

    try:
        asyncio.run(runner())
    except OSError as error:  # e.g. port already in use, unreadable certificate
        sys.stderr.write("smtp_server: %s\n" % error)
        return 1
    except ssl.SSLError as error:
        sys.stderr.write("smtp_server: TLS setup failed: %s\n" % error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
