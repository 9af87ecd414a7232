"""A small IMAP4rev1 server for the tests: the part of RFC 3501 that imaplib and
`kefu imap-poll` use, on 127.0.0.1, a free port, plain text. Not a mock: it speaks the protocol
over a real socket, so imaplib's parser, literals and tagged answers are exercised for real.

Commands: CAPABILITY, NOOP, LOGOUT, LOGIN, SELECT / EXAMINE (FLAGS, EXISTS, RECENT, UIDVALIDITY,
UIDNEXT, PERMANENTFLAGS), UID SEARCH (ALL, SEEN, UNSEEN), UID FETCH (UID, FLAGS, RFC822.SIZE,
BODY[] — which sets \\Seen — and BODY.PEEK[] — which does not — sent as a `{size}` literal),
UID STORE (+FLAGS, -FLAGS, FLAGS, .SILENT). Anything else: `BAD`. Wrong state: `BAD`.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class StoredMail:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class ImapState:
    """Mailboxes, users and the knobs the tests turn. Thread-safe (one lock)."""

    def __init__(self, *, user: str, password: str) -> None:
        self.users = {user: password}
        self.mailboxes: dict[str, list[StoredMail]] = {"INBOX": []}
        self.uidvalidity = 1764000000
        self.next_uid = 1
        self.lock = threading.Lock()
        self.commands: list[str] = []  # every command name received, in order
        self.logins: list[str] = []  # user names that tried to log in
        self.echo_failed_login = False  # a careless server: NO answer repeats the command
        self.drop_on: set[str] = set()  # close the connection on receiving this command

    def add(self, raw: bytes, *, flags: tuple[str, ...] = (), mailbox: str = "INBOX") -> int:
        with self.lock:
            uid = self.next_uid
            self.next_uid += 1
            self.mailboxes.setdefault(mailbox, []).append(StoredMail(uid, raw, set(flags)))
            return uid

    def flags(self, uid: int, mailbox: str = "INBOX") -> set[str]:
        with self.lock:
            return next(set(m.flags) for m in self.mailboxes[mailbox] if m.uid == uid)

    def unseen(self, mailbox: str = "INBOX") -> list[int]:
        with self.lock:
            return [m.uid for m in self.mailboxes[mailbox] if "\\Seen" not in m.flags]


_TOKEN = re.compile(rb'\s*(?:"((?:[^"\\]|\\.)*)"|(\()|(\))|([^\s()"]+))')


def tokenize(data: bytes) -> list[Any]:
    """Quoted strings, atoms (`BODY.PEEK[]`, `\\Seen`, `1:*`) and parenthesised lists."""
    stack: list[list[Any]] = [[]]
    pos = 0
    while pos < len(data):
        if data[pos:].strip() == b"":
            break
        found = _TOKEN.match(data, pos)
        if found is None:
            raise ValueError("syntax")
        pos = found.end()
        quoted, opening, closing, atom = found.groups()
        if quoted is not None:
            stack[-1].append(re.sub(rb"\\(.)", rb"\1", quoted).decode("utf-8"))
        elif opening:
            stack.append([])
        elif closing:
            if len(stack) == 1:
                raise ValueError("unbalanced )")
            inner = stack.pop()
            stack[-1].append(inner)
        else:
            stack[-1].append(atom.decode("utf-8"))
    if len(stack) != 1:
        raise ValueError("unbalanced (")
    return stack[0]


def decode_mailbox(name: str) -> str:
    """Modified UTF-7 (RFC 3501 5.1.3) to text."""
    import base64

    def one(found: re.Match[str]) -> str:
        chunk = found.group(1)
        if not chunk:
            return "&"
        padded = chunk.replace(",", "/") + "=" * (-len(chunk) % 4)
        return base64.b64decode(padded).decode("utf-16-be")

    return re.sub(r"&([A-Za-z0-9+,]*)-", one, name)


class _Handler(socketserver.StreamRequestHandler):
    server: ImapServer

    def setup(self) -> None:
        super().setup()
        self.user: str | None = None
        self.selected: str | None = None
        self.readonly = False

    @property
    def state(self) -> ImapState:
        return self.server.state

    def send(self, line: str | bytes) -> None:
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.wfile.write(data + b"\r\n")

    def handle(self) -> None:
        self.send("* OK IMAP4rev1 Kefu test server ready")
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            line = line.rstrip(b"\r\n")
            tag, _, rest = line.partition(b" ")
            tag_text = tag.decode("ascii", "replace")
            command, _, args = rest.partition(b" ")
            name = command.decode("ascii", "replace").upper()
            if name == "UID":
                sub, _, args = args.partition(b" ")
                name = "UID " + sub.decode("ascii", "replace").upper()
            self.state.commands.append(name)
            if name in self.state.drop_on:
                return  # the connection breaks before any answer
            try:
                tokens = tokenize(args)
            except ValueError as exc:
                self.send(f"{tag_text} BAD {exc}")
                continue
            method = getattr(self, "do_" + name.replace(" ", "_"), None)
            if not tag or method is None:
                self.send(f"{tag_text or '*'} BAD unknown command")
                continue
            with self.state.lock:
                done = method(tag_text, tokens)
            self.wfile.flush()
            if done:
                return

    # --- any state ----------------------------------------------------------------------------

    def do_CAPABILITY(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        self.send("* CAPABILITY IMAP4rev1")
        self.send(f"{tag} OK CAPABILITY completed")
        return False

    def do_NOOP(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        self.send(f"{tag} OK NOOP completed")
        return False

    def do_LOGOUT(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        self.send("* BYE Kefu test server logging out")
        self.send(f"{tag} OK LOGOUT completed")
        return True

    # --- not authenticated --------------------------------------------------------------------

    def do_LOGIN(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        if self.user is not None or len(args) != 2 or not all(isinstance(a, str) for a in args):
            self.send(f"{tag} BAD LOGIN needs a user and a password, once")
            return False
        user, password = args
        self.state.logins.append(user)
        if self.state.users.get(user) == password:
            self.user = user
            self.send(f"{tag} OK [CAPABILITY IMAP4rev1] LOGIN completed")
        elif self.state.echo_failed_login:
            self.send(f'{tag} NO [AUTHENTICATIONFAILED] LOGIN {user} "{password}" refused')
        else:
            self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
        return False

    # --- authenticated ------------------------------------------------------------------------

    def _select(self, tag: str, args: list[Any], *, readonly: bool) -> bool:
        if self.user is None:
            self.send(f"{tag} BAD not authenticated")
            return False
        if len(args) != 1 or not isinstance(args[0], str):
            self.send(f"{tag} BAD mailbox name expected")
            return False
        name = decode_mailbox(args[0])
        name = "INBOX" if name.upper() == "INBOX" else name
        if name not in self.state.mailboxes:
            self.selected = None
            self.send(f"{tag} NO [NONEXISTENT] no such mailbox")
            return False
        self.selected, self.readonly = name, readonly
        mails = self.state.mailboxes[name]
        self.send("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)")
        self.send(f"* {len(mails)} EXISTS")
        self.send("* 0 RECENT")
        self.send(f"* OK [UIDVALIDITY {self.state.uidvalidity}] UIDs valid")
        self.send(f"* OK [UIDNEXT {self.state.next_uid}] predicted next UID")
        self.send("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)] ok")
        mode = "READ-ONLY" if readonly else "READ-WRITE"
        self.send(f"{tag} OK [{mode}] {'EXAMINE' if readonly else 'SELECT'} completed")
        return False

    def do_SELECT(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        return self._select(tag, args, readonly=False)

    def do_EXAMINE(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        return self._select(tag, args, readonly=True)

    # --- selected -----------------------------------------------------------------------------

    def _mails(self) -> list[StoredMail] | None:
        return None if self.selected is None else self.state.mailboxes[self.selected]

    def _uid_set(self, spec: str, mails: list[StoredMail]) -> list[tuple[int, StoredMail]]:
        highest = max((m.uid for m in mails), default=0)
        wanted: set[int] = set()
        for part in spec.split(","):
            low, _, high = part.partition(":")
            first = highest if low == "*" else int(low)
            last = first if not high else (highest if high == "*" else int(high))
            first, last = min(first, last), max(first, last)
            wanted.update(range(first, last + 1))
        return [(seq, m) for seq, m in enumerate(mails, start=1) if m.uid in wanted]

    def do_UID_SEARCH(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        mails = self._mails()
        if mails is None:
            self.send(f"{tag} BAD no mailbox selected")
            return False
        keys = [str(a).upper() for a in args] or ["ALL"]
        tests = {
            "ALL": lambda m: True,
            "SEEN": lambda m: "\\Seen" in m.flags,
            "UNSEEN": lambda m: "\\Seen" not in m.flags,
        }
        if any(key not in tests for key in keys):
            self.send(f"{tag} BAD unsupported search key")
            return False
        found = [m.uid for m in mails if all(tests[key](m) for key in keys)]
        self.send(" ".join(["* SEARCH", *map(str, found)]))
        self.send(f"{tag} OK UID SEARCH completed")
        return False

    def do_UID_FETCH(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        mails = self._mails()
        if mails is None or len(args) != 2 or not isinstance(args[0], str):
            self.send(f"{tag} BAD UID FETCH needs a selected mailbox, a set and items")
            return False
        items = [str(i).upper() for i in (args[1] if isinstance(args[1], list) else [args[1]])]
        known = {"UID", "FLAGS", "RFC822.SIZE", "BODY[]", "BODY.PEEK[]"}
        if any(item not in known for item in items):
            self.send(f"{tag} BAD unsupported fetch item")
            return False
        for seq, mail in self._uid_set(args[0], mails):
            if "BODY[]" in items and not self.readonly:
                mail.flags.add("\\Seen")  # a non-PEEK body fetch marks the mail read
            parts = [f"UID {mail.uid}".encode()]
            if "FLAGS" in items or "BODY[]" in items:
                parts.append(f"FLAGS ({' '.join(sorted(mail.flags))})".encode())
            if "RFC822.SIZE" in items:
                parts.append(f"RFC822.SIZE {len(mail.raw)}".encode())
            head = b" ".join(parts)
            if "BODY[]" in items or "BODY.PEEK[]" in items:
                self.wfile.write(
                    f"* {seq} FETCH (".encode()
                    + head
                    + f" BODY[] {{{len(mail.raw)}}}\r\n".encode()
                    + mail.raw
                    + b")\r\n"
                )
            else:
                self.send(f"* {seq} FETCH (".encode() + head + b")")
        self.send(f"{tag} OK UID FETCH completed")
        return False

    def do_UID_STORE(self, tag: str, args: list[Any]) -> bool:  # noqa: N802
        mails = self._mails()
        if mails is None or len(args) != 3:
            self.send(f"{tag} BAD UID STORE needs a selected mailbox, a set, an item, flags")
            return False
        if self.readonly:
            self.send(f"{tag} NO mailbox is read-only")
            return False
        item = str(args[1]).upper()
        silent = item.endswith(".SILENT")
        item = item.removesuffix(".SILENT")
        flags = {str(f) for f in (args[2] if isinstance(args[2], list) else [args[2]])}
        if item not in ("+FLAGS", "-FLAGS", "FLAGS"):
            self.send(f"{tag} BAD unsupported store item")
            return False
        for seq, mail in self._uid_set(str(args[0]), mails):
            if item == "+FLAGS":
                mail.flags |= flags
            elif item == "-FLAGS":
                mail.flags -= flags
            else:
                mail.flags = set(flags)
            if not silent:
                self.send(f"* {seq} FETCH (UID {mail.uid} FLAGS ({' '.join(sorted(mail.flags))}))")
        self.send(f"{tag} OK UID STORE completed")
        return False


class ImapServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: ImapState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)  # port 0: the system picks a free port
        self.state = state
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> ImapServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
