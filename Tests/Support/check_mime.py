#!/usr/bin/env python3
"""Strict checker for one Facteur invoice message (RFC 5322 / MIME), for tests.

    python3 Tests/Support/check_mime.py FILE [--expect-sha256 HEX]

Checks, on the raw bytes:
  * only 7-bit bytes, no NUL;
  * CRLF line endings only (no bare LF, no bare CR);
  * no line longer than 998 octets (CRLF excluded);
  * no line starting with "." (so no SMTP dot-stuffing is ever needed);
and on the parsed message (email.parser.BytesParser, policy=email.policy.strict,
which raises on any parse defect):
  * no defect on any part, nor on any header of any part;
  * From and Date present; Date, From, Sender, Reply-To, To, Cc, Bcc, Message-ID,
    In-Reply-To, References, Subject, MIME-Version, Content-* and X-Facteur-*
    headers at most once; MIME-Version is 1.0;
  * every leaf part uses Content-Transfer-Encoding 7bit, quoted-printable or base64;
  * exactly one part with Content-Disposition: attachment; the SHA-256 of its decoded
    payload equals the X-Facteur-Attachment-SHA256 header (and --expect-sha256 if given).

Success: prints ONE line of JSON on stdout and exits 0:
  {"subject", "from", "to", "cc", "bcc", "message_id", "qonto_id", "qonto_type",
   "filename", "attachment_content_type", "attachment_sha256", "header_names",
   "body_text"}
  - subject/from: decoded header text (RFC 2047 decoded), null if absent;
  - to/cc/bcc: lists of bare addresses (addr-spec), [] if absent;
  - message_id/qonto_id/qonto_type: header value, null if absent;
  - header_names: every top-level header name, in order, as written;
  - body_text: the decoded text/plain body (not the attachment), CRLF turned into
    "\\n", null if there is none.
Failure: prints one line "check_mime: FILE: reason" on stderr and exits 1.
"""

import argparse
import hashlib
import json
import sys
from email import policy
from email.parser import BytesParser

MAX_LINE = 998
SINGLE_TOP = ("date", "from", "sender", "reply-to", "to", "cc", "bcc", "message-id",
              "in-reply-to", "references", "subject", "mime-version",
              "content-type", "content-transfer-encoding", "content-disposition",
              "x-facteur-attachment-sha256", "x-facteur-qonto-id", "x-facteur-qonto-type")
SINGLE_PART = ("content-type", "content-transfer-encoding", "content-disposition",
               "content-id", "content-description")
ALLOWED_CTE = ("7bit", "quoted-printable", "base64")


class Invalid(Exception):
    pass


def describe(error):
    text = str(error).strip()
    return "%s: %s" % (type(error).__name__, text) if text else type(error).__name__


def check_raw(raw):
    if not raw:
        raise Invalid("empty file")
    line_no = 1
    start = 0
    n = len(raw)
    i = 0
    while i < n:
        b = raw[i]
        if b >= 0x80:
            raise Invalid("non-7-bit byte 0x%02x on line %d" % (b, line_no))
        if b == 0:
            raise Invalid("NUL byte on line %d" % line_no)
        if b == 0x0D:  # CR
            if i + 1 >= n or raw[i + 1] != 0x0A:
                raise Invalid("bare CR on line %d" % line_no)
            length = i - start
            if length > MAX_LINE:
                raise Invalid("line %d is %d octets long (max %d)" % (line_no, length, MAX_LINE))
            if raw[start:start + 1] == b".":
                raise Invalid("line %d starts with '.'" % line_no)
            i += 2
            start = i
            line_no += 1
            continue
        if b == 0x0A:
            raise Invalid("bare LF on line %d" % line_no)
        i += 1
    # Last line without a line ending (allowed by RFC 5322, but still checked).
    if start < n:
        if n - start > MAX_LINE:
            raise Invalid("line %d is %d octets long (max %d)" % (line_no, n - start, MAX_LINE))
        if raw[start:start + 1] == b".":
            raise Invalid("line %d starts with '.'" % line_no)


def part_label(part, index):
    return "part %d (%s)" % (index, part.get_content_type())


def check_defects(msg):
    for index, part in enumerate(msg.walk()):
        label = "message" if index == 0 else part_label(part, index)
        if part.defects:
            raise Invalid("%s has defects: %s" % (label, ", ".join(type(d).__name__ for d in part.defects)))
        names = [k.lower() for k in part.keys()]
        for name, value in part.items():
            defects = getattr(value, "defects", ())
            if defects:
                raise Invalid("%s header %s has defects: %s" % (
                    label, name, "; ".join("%s(%s)" % (type(d).__name__, d) for d in defects)))
        single = SINGLE_TOP if index == 0 else SINGLE_PART
        for name in single:
            if names.count(name) > 1:
                raise Invalid("%s has %d %s headers" % (label, names.count(name), name))
        if not part.is_multipart():
            cte = part.get("Content-Transfer-Encoding")
            cte = str(cte).strip().lower() if cte is not None else "7bit"
            if cte not in ALLOWED_CTE:
                raise Invalid("%s uses Content-Transfer-Encoding %s" % (label, cte))


def header_str(msg, name):
    value = msg.get(name)
    if value is None:
        return None
    return str(value).strip()


def addresses(msg, name):
    value = msg.get(name)
    if value is None:
        return []
    return [a.addr_spec for a in value.addresses]


def check(raw, expect_sha256):
    check_raw(raw)
    try:
        msg = BytesParser(policy=policy.strict).parsebytes(raw)
    except Exception as error:  # strict policy raises on the first defect
        raise Invalid("MIME parse error: %s" % describe(error))
    try:
        check_defects(msg)
        if msg.get("From") is None:
            raise Invalid("no From header")
        if msg.get("Date") is None:
            raise Invalid("no Date header")
        mime_version = header_str(msg, "MIME-Version")
        if mime_version != "1.0":
            raise Invalid("MIME-Version is %r, expected '1.0'" % mime_version)

        attachments = [p for p in msg.walk()
                       if not p.is_multipart() and p.get_content_disposition() == "attachment"]
        if len(attachments) != 1:
            raise Invalid("expected exactly one attachment part, found %d" % len(attachments))
        att = attachments[0]
        payload = att.get_payload(decode=True)
        if payload is None:
            raise Invalid("attachment payload cannot be decoded")
        digest = hashlib.sha256(payload).hexdigest()
        declared = header_str(msg, "X-Facteur-Attachment-SHA256")
        if declared is None:
            raise Invalid("no X-Facteur-Attachment-SHA256 header")
        if declared.lower() != digest:
            raise Invalid("attachment SHA-256 is %s but X-Facteur-Attachment-SHA256 says %s"
                          % (digest, declared))
        if expect_sha256 is not None and expect_sha256.strip().lower() != digest:
            raise Invalid("attachment SHA-256 is %s, expected %s" % (digest, expect_sha256))

        body = msg.get_body(preferencelist=("plain",))
        body_text = None
        if body is not None and body is not att:
            body_text = body.get_content().replace("\r\n", "\n")

        return {
            "subject": header_str(msg, "Subject"),
            "from": header_str(msg, "From"),
            "to": addresses(msg, "To"),
            "cc": addresses(msg, "Cc"),
            "bcc": addresses(msg, "Bcc"),
            "message_id": header_str(msg, "Message-ID"),
            "qonto_id": header_str(msg, "X-Facteur-Qonto-Id"),
            "qonto_type": header_str(msg, "X-Facteur-Qonto-Type"),
            "filename": att.get_filename(),
            "attachment_content_type": att.get_content_type(),
            "attachment_sha256": digest,
            "header_names": list(msg.keys()),
            "body_text": body_text,
        }
    except Invalid:
        raise
    except Exception as error:  # defects raised lazily (header parsing, decoding...)
        raise Invalid("invalid message: %s" % describe(error))


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("check_mime: %s\n" % message)
        sys.exit(1)


def main(argv=None):
    parser = OneLineParser(description="Strict MIME checker for Facteur test messages.")
    parser.add_argument("file")
    parser.add_argument("--expect-sha256", metavar="HEX")
    args = parser.parse_args(argv)
    try:
        with open(args.file, "rb") as f:
            raw = f.read()
        result = check(raw, args.expect_sha256)
    except (Invalid, OSError) as error:
        reason = " ".join(str(error).split())  # always one line
        sys.stderr.write("check_mime: %s: %s\n" % (args.file, reason))
        return 1
    out = json.dumps(result, ensure_ascii=False)
    sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
