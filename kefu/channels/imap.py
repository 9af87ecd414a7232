"""`kefu imap-poll`: fetch support mail from a mailbox over IMAP4rev1 (standard library
`imaplib`) and hand it to the same ingestion as `kefu smtpd` (`mail_ingest`).

One poll: connect (implicit TLS, STARTTLS, or plain text) → LOGIN → SELECT → `UID SEARCH
UNSEEN` → for each UID, oldest first: `UID FETCH (BODY.PEEK[])` (PEEK: fetching does not set
\\Seen) → `mail_ingest` → `UID STORE +FLAGS (\\Seen)`. The flag is set only after the ingestion
committed: a crash in between leaves the mail unseen, it is fetched again next poll, and the
Message-ID dedupe turns the second delivery into a no-op.

What happens to a mail that is not stored (the same split as `kefu smtpd`'s 550 / 451):

- **permanently refused** — no recipient header names a support address (`NotFound`), or the
  mail is larger than `kefu smtpd` accepts: flagged \\Seen (it stays in the mailbox for a
  person to read; left unseen it would be fetched again on every poll forever) and logged;
- **any other failure** (database down, a bug) is temporary: the mail stays unseen, is fetched
  again next poll, and the poll reports failure (`ImapPollError(kind="deferred")`).

The password is handed in by the caller (the command reads it from an environment variable);
it is never put in a log line or an error message: server answers are scrubbed of it, and
errors are logged by message, never with a traceback of the IMAP exchange.
"""

from __future__ import annotations

import argparse
import base64
import imaplib
import ipaddress
import logging
import os
import re
import signal
import ssl
import sys
import threading
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parseaddr
from typing import Any

from django.db import connections

from kefu.channels.mailparse import decode_header_value, recipients_of
from kefu.common.errors import NotFound
from kefu.platforms.models import Platform

log = logging.getLogger("kefu.imap")
DEFAULT_MAX_BYTES = 32 * 1024 * 1024  # the same limit as `kefu smtpd`
DEFAULT_TIMEOUT = 60.0
MAX_BACKOFF = 15 * 60.0
# Where the support address of a fetched mail can be read: the delivering MTA's headers first
# (they name the mailbox even for Bcc), then the addresses the sender wrote.
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")
_UID = re.compile(rb"\bUID\s+(\d+)", re.IGNORECASE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")

INGESTED, REFUSED, DEFERRED, GONE = "ingested", "refused", "deferred", "gone"


class ImapPollError(Exception):
    """A poll that did not complete. Nothing is lost: a mail is flagged \\Seen only once its
    ingestion committed, so whatever was not is fetched again next poll.

    `kind`: config (no such platform) | network (connect, TLS, timeout, dropped connection) |
    auth (login refused) | mailbox (SELECT refused or read-only) | protocol (an unexpected
    answer) | deferred (some mails could not be stored; they stay unseen).
    `ingested`: mails stored before the poll stopped."""

    def __init__(self, message: str, *, kind: str, ingested: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.ingested = ingested


# --- one poll ---------------------------------------------------------------------------------


def imap_poll_once(
    *,
    host: str,
    user: str,
    password: str,
    port: int | None = None,
    use_ssl: bool = True,
    starttls: bool = False,
    mailbox: str = "INBOX",
    platform: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ssl_context: ssl.SSLContext | None = None,
) -> int:
    """Fetch the mailbox's unseen mail into tickets; returns how many mails were stored (a
    duplicate of a mail stored before counts: it is committed). Raises `ImapPollError`.

    `platform` (a slug): every mail is for that platform. Without it, the platform is found
    from the Delivered-To / X-Original-To / To / Cc headers, as `kefu smtpd` does from the
    envelope recipients."""
    target = _platform(platform) if platform else None
    port = port or (993 if use_ssl else 143)
    scrub = _scrubber(password)
    conn = _connect(
        host, port, use_ssl=use_ssl, starttls=starttls, timeout=timeout, ctx=ssl_context
    )
    counts = {INGESTED: 0, REFUSED: 0, DEFERRED: 0, GONE: 0}
    try:
        try:
            conn.login(user, password)
        except imaplib.IMAP4.abort as exc:
            raise _network(host, port, exc, scrub) from None
        except imaplib.IMAP4.error as exc:
            raise ImapPollError(
                f"login refused for user {user!r} on {host}:{port}: {scrub(_text(exc))}",
                kind="auth",
            ) from None
        _select(conn, mailbox, scrub)
        for uid in _unseen(conn, scrub):
            verdict = _handle(conn, uid, target=target, max_bytes=max_bytes)
            counts[verdict] += 1
            if verdict in (INGESTED, REFUSED):
                _flag_seen(conn, uid, scrub)
    except imaplib.IMAP4.abort as exc:
        raise _network(host, port, exc, scrub, ingested=counts[INGESTED]) from None
    except OSError as exc:
        raise _network(host, port, exc, scrub, ingested=counts[INGESTED]) from None
    except imaplib.IMAP4.error as exc:
        raise ImapPollError(
            f"unexpected answer from {host}:{port}: {scrub(_text(exc))}",
            kind="protocol",
            ingested=counts[INGESTED],
        ) from None
    except ImapPollError as exc:
        exc.ingested = counts[INGESTED]
        raise
    finally:
        _logout(conn)
    if any(counts.values()):
        log.info(
            "imap.polled mailbox=%s ingested=%d refused=%d deferred=%d",
            mailbox,
            counts[INGESTED],
            counts[REFUSED],
            counts[DEFERRED],
        )
    if counts[DEFERRED]:
        raise ImapPollError(
            f"{counts[DEFERRED]} mail(s) could not be stored and stay unseen for the next poll "
            f"({counts[INGESTED]} stored)",
            kind="deferred",
            ingested=counts[INGESTED],
        )
    return counts[INGESTED]


def _platform(slug: str) -> Platform:
    found: Platform | None = Platform.objects.filter(slug=slug, is_active=True).first()
    if found is None:
        raise ImapPollError(f"no active platform {slug!r}", kind="config")
    return found


def _connect(
    host: str,
    port: int,
    *,
    use_ssl: bool,
    starttls: bool,
    timeout: float,
    ctx: ssl.SSLContext | None,
) -> imaplib.IMAP4:
    scrub = _scrubber("")
    try:
        if use_ssl:
            return imaplib.IMAP4_SSL(
                host, port, ssl_context=ctx or ssl.create_default_context(), timeout=timeout
            )
        conn = imaplib.IMAP4(host, port, timeout=timeout)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise _network(host, port, exc, scrub) from None
    if starttls:
        try:
            conn.starttls(ssl_context=ctx or ssl.create_default_context())
        except (OSError, imaplib.IMAP4.error) as exc:
            _logout(conn)
            raise ImapPollError(
                f"STARTTLS failed on {host}:{port}: {_text(exc)}", kind="network"
            ) from None
    return conn


def _select(conn: imaplib.IMAP4, mailbox: str, scrub: Any) -> None:
    try:
        typ, data = conn.select(quote_mailbox(mailbox))
    except imaplib.IMAP4.readonly:
        raise ImapPollError(
            f"mailbox {mailbox!r} is read-only: mail could never be flagged \\Seen",
            kind="mailbox",
        ) from None
    if typ != "OK":
        raise ImapPollError(
            f"cannot select mailbox {mailbox!r}: {scrub(_text(data))}", kind="mailbox"
        )


def _unseen(conn: imaplib.IMAP4, scrub: Any) -> list[int]:
    typ, data = conn.uid("SEARCH", "UNSEEN")
    if typ != "OK":
        raise ImapPollError(f"UID SEARCH refused: {scrub(_text(data))}", kind="protocol")
    words = b" ".join(item for item in data if isinstance(item, bytes)).split()
    return sorted({int(word) for word in words if word.isdigit()})


def _fetch(conn: imaplib.IMAP4, uid: int) -> bytes | None:
    """The whole message, without setting \\Seen. None when the server has no such UID any
    more (another client expunged it) or refuses it."""
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if typ != "OK":
        raise _Refetch()
    for item in data:
        # An unsolicited FETCH about another message (a flag change) may come along: match UID.
        if isinstance(item, tuple) and len(item) == 2 and b"BODY[]" in item[0].upper():
            found = _UID.search(item[0])
            if found is None or int(found.group(1)) == uid:
                return bytes(item[1])
    return None


class _Refetch(Exception):
    """The server answered NO to a FETCH: leave the mail unseen, try again next poll."""


def _handle(conn: imaplib.IMAP4, uid: int, *, target: Platform | None, max_bytes: int) -> str:
    try:
        raw = _fetch(conn, uid)
    except _Refetch:
        log.warning("imap.fetch_refused uid=%d", uid)
        return DEFERRED
    if raw is None:
        log.info("imap.gone uid=%d", uid)
        return GONE
    if len(raw) > max_bytes:
        log.warning("imap.refused uid=%d reason=too_large size=%d", uid, len(raw))
        return REFUSED
    return _ingest(raw, uid, target)


def _ingest(raw: bytes, uid: int, target: Platform | None) -> str:
    from kefu.channels.services.mail_in import mail_ingest
    from kefu.channels.services.mail_out import support_address

    recipients, envelope_from = mail_addressing(raw)
    if target is not None:
        recipients = [support_address(target)]
    _fresh_connections()
    try:
        outcome = mail_ingest(
            raw=raw, recipients=recipients, envelope_from=envelope_from, platform=target
        )
    except NotFound:
        log.warning("imap.refused uid=%d reason=no_support_address", uid)
        return REFUSED
    except Exception:  # noqa: BLE001 - left unseen and fetched again: never lose a complaint
        log.exception("imap.ingest_failed uid=%d", uid)
        return DEFERRED
    log.debug("imap.ingested uid=%d status=%s", uid, outcome.status)
    return INGESTED


def _flag_seen(conn: imaplib.IMAP4, uid: int, scrub: Any) -> None:
    typ, data = conn.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")
    if typ != "OK":
        # Stored already; fetched again next poll, where the Message-ID dedupe makes it a no-op.
        log.warning("imap.flag_failed uid=%d answer=%s", uid, scrub(_text(data)))


def _logout(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except Exception:  # noqa: BLE001, S110 - the connection may be gone already
        pass


def _fresh_connections() -> None:
    """The poller runs for days on one thread: drop a database connection that failed or
    outlived CONN_MAX_AGE before the next mail (never inside a caller's transaction)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


# --- headers ----------------------------------------------------------------------------------


def mail_addressing(raw: bytes) -> tuple[list[str], str | None]:
    """(recipients, envelope sender) of a stored mail — what SMTP's RCPT TO / MAIL FROM were:
    the addresses in Delivered-To, X-Original-To, To, Cc (in that order, each once), and the
    Return-Path the delivering MTA wrote (`<>` for a bounce, so it is never answered)."""
    end = _HEADER_END.search(raw)
    head = BytesHeaderParser(policy=compat32).parsebytes(raw[: end.end()] if end else raw)
    recipients: list[str] = []
    for name in RECIPIENT_HEADERS:
        for value in head.get_all(name) or []:
            text = value if isinstance(value, str) else decode_header_value(value)
            for address in recipients_of(text):
                if address not in recipients:
                    recipients.append(address)
    return_path = head.get("Return-Path")
    envelope_from = None
    if return_path is not None:
        text = decode_header_value(return_path).strip()
        envelope_from = "<>" if text in ("", "<>") else parseaddr(text)[1] or None
    return recipients, envelope_from


def quote_mailbox(name: str) -> str:
    """A mailbox name as an IMAP quoted string, non-ASCII in modified UTF-7 (RFC 3501 5.1.3):
    `客服` → `"&W6JnDQ-"`. imaplib sends arguments as they are."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    encoded = "".join(out).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{encoded}"'


# --- errors without secrets -------------------------------------------------------------------


def _scrubber(password: str) -> Any:
    """Remove the password (as sent, and as imaplib quotes it) from a text."""
    quoted = password.replace("\\", "\\\\").replace('"', '\\"')
    forms = sorted({form for form in (password, quoted) if form}, key=len, reverse=True)

    def scrub(text: str) -> str:
        for form in forms:
            text = text.replace(form, "***")
        return text

    return scrub


def _text(value: object) -> str:
    """An imaplib error or answer as readable text (imaplib hands server text over as bytes)."""
    if isinstance(value, BaseException):
        args = value.args
        value = args[0] if len(args) == 1 else (" ".join(map(str, args)) or type(value).__name__)
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value if item is not None)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _network(
    host: str, port: int, exc: BaseException, scrub: Any, *, ingested: int = 0
) -> ImapPollError:
    detail = scrub(_text(exc)) or type(exc).__name__
    return ImapPollError(
        f"IMAP connection to {host}:{port} failed: {type(exc).__name__}: {detail}",
        kind="network",
        ingested=ingested,
    )


# --- the loop and the command -----------------------------------------------------------------


def backoff_delay(interval: float, failures: int, cap: float = MAX_BACKOFF) -> float:
    """After the 1st consecutive failure wait one interval, then 2×, 4×, … up to `cap` (or the
    interval, if that is longer)."""
    if failures <= 0:
        return interval
    return float(min(interval * 2 ** min(failures - 1, 20), max(cap, interval)))


def imap_poll_forever(
    *, interval: float, stop: threading.Event, max_backoff: float = MAX_BACKOFF, **account: Any
) -> None:
    """Poll every `interval` seconds until `stop` is set; a failed poll is logged (without
    secrets) and retried with backoff. `account`: the arguments of `imap_poll_once`."""
    failures = 0
    try:
        while not stop.is_set():
            try:
                imap_poll_once(**account)
            except ImapPollError as exc:
                failures += 1
                delay = backoff_delay(interval, failures, max_backoff)
                log.warning(
                    "imap.poll_failed kind=%s failures=%d retry_in=%.0fs error=%s",
                    exc.kind,
                    failures,
                    delay,
                    exc,
                )
            except Exception:  # noqa: BLE001 - a bug must not stop the desk's mail for good
                failures += 1
                delay = backoff_delay(interval, failures, max_backoff)
                log.exception("imap.poll_crashed failures=%d retry_in=%.0fs", failures, delay)
            else:
                failures, delay = 0, interval
            stop.wait(delay)
    finally:
        connections.close_all()


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def imap_command(args: argparse.Namespace) -> int:
    """`kefu imap-poll …`: 0 done (or stopped), 1 a `--once` poll failed, 2 bad configuration."""
    name = args.password_env
    password = os.environ.get(name, "")
    if not password:
        # Never echo a value that may be the password itself typed in the wrong place.
        shown = f" {name}" if _ENV_NAME.fullmatch(name) else ""
        print(
            f"kefu imap-poll: the environment variable{shown} named by --password-env is not "
            "set or empty (it must hold the mailbox password)",
            file=sys.stderr,
        )
        return 2
    if args.ssl and args.starttls:
        print("kefu imap-poll: --ssl and --starttls exclude each other", file=sys.stderr)
        return 2
    if args.interval <= 0:
        print("kefu imap-poll: --interval must be positive", file=sys.stderr)
        return 2
    use_ssl = (not args.starttls) if args.ssl is None else bool(args.ssl)
    account: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "use_ssl": use_ssl,
        "starttls": args.starttls,
        "user": args.user,
        "password": password,
        "mailbox": args.mailbox,
        "platform": args.platform,
    }
    if args.platform and not Platform.objects.filter(slug=args.platform, is_active=True).exists():
        print(f"kefu imap-poll: no active platform {args.platform!r}", file=sys.stderr)
        return 2
    if not use_ssl and not args.starttls and not _is_loopback(args.host):
        log.warning(
            "imap.plain_text host=%s: the password crosses the network unencrypted", args.host
        )
    if args.once:
        try:
            count = imap_poll_once(**account)
        except ImapPollError as exc:
            print(f"kefu imap-poll: {exc}", file=sys.stderr)
            return 1
        print(f"kefu imap-poll: {count} mail(s) stored")
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    port = args.port or (993 if use_ssl else 143)
    print(
        f"Kefu imap-poll: {args.user} on {args.host}:{port}, mailbox {args.mailbox!r}, "
        f"every {args.interval:g} s",
        flush=True,
    )
    try:
        imap_poll_forever(interval=args.interval, stop=stop, **account)
    except KeyboardInterrupt:
        stop.set()
    return 0
