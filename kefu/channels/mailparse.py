"""Parse an RFC 5322 message into what a ticket needs. Pure: no Django, no database.

Chinese mail is the normal case here: GB2312 labels are decoded as GB18030 (mail clients label
GBK text as GB2312 all the time, and GB18030 is a superset of both), Big5 as Big5-HKSCS.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email.header import Header, decode_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr

from kefu.channels.htmltext import html_to_text

CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "unknown-8bit": "utf-8",
    "ks_c_5601-1987": "cp949",
}
# Marker placed above the quoted history in Kefu's mails; a reply is cut here.
REPLY_MARKER = "Reply above this line"
REPLY_MARKER_LINE = "——— 请在此线以上回复 · Reply above this line ———"
_ATTRIBUTION = re.compile(r"(wrote|写道|寫道)\s*[:：]?\s*$", re.IGNORECASE)
_MSGID = re.compile(r"<([^<>\s]+)>")
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    subject: str
    sender: str
    sender_name: str
    text: str
    attachments: list[MailAttachment] = field(default_factory=list)
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    auto_reason: str = ""  # why this mail must never be answered ("" when a person wrote it)

    @property
    def thread_ids(self) -> list[str]:
        """Ids this mail answers, the most specific first."""
        seen: list[str] = []
        for mid in [*self.in_reply_to, *reversed(self.references)]:
            if mid not in seen:
                seen.append(mid)
        return seen


def codec_for(charset: str | None) -> str:
    name = (charset or "utf-8").strip().strip('"').lower()
    return CODEC_ALIASES.get(name, name)


def decode_bytes(data: bytes, charset: str | None) -> str:
    codec = codec_for(charset)
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        pass
    for fallback in ("utf-8", "gb18030"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode(codec, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def decode_header_value(value: object) -> str:
    """RFC 2047 encoded words (and raw 8-bit headers) to text, with the charset aliases above."""
    if value is None:
        return ""
    if isinstance(value, Header):  # compat32 wraps headers holding raw 8-bit bytes
        return _join_chunks(decode_header(value)).strip()
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes in a header
        return decode_bytes(text.encode("utf-8", "surrogateescape"), None).strip()
    try:
        chunks = decode_header(text)
    except Exception:  # noqa: BLE001 - a malformed header is shown as it came
        return text.strip()
    return _join_chunks(chunks).strip()


def _join_chunks(chunks: list[tuple[bytes | str, str | None]]) -> str:
    out = []
    for part, charset in chunks:
        if isinstance(part, bytes):
            out.append(decode_bytes(part, charset))
        else:
            out.append(part)
    return re.sub(r"\s*\n\s*", " ", "".join(out))


def message_ids(value: object) -> list[str]:
    return _MSGID.findall(decode_header_value(value)) if value else []


def _message_id(msg: Message, raw: bytes) -> str:
    found = message_ids(msg.get("Message-ID"))
    if found:
        return found[0][:250]
    # No Message-ID: the content decides, so the same bytes delivered twice are still one mail.
    return f"sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id"


def auto_reason(msg: Message, envelope_from: str | None) -> str:
    auto = decode_header_value(msg.get("Auto-Submitted")).split(";")[0].strip().lower()
    if auto and auto != "no":
        return "auto_submitted"
    if decode_header_value(msg.get("Precedence")).strip().lower() in AUTO_PRECEDENCE:
        return "precedence"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponse"):
        if msg.get(name) is not None:
            return "autoreply_header"
    if decode_header_value(msg.get("X-Auto-Response-Suppress")).lower() in {"all", "oof"}:
        return "auto_response_suppress"
    if msg.get_content_type() == "multipart/report":
        return "delivery_report"
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        return "null_sender"
    sender = parseaddr(decode_header_value(msg.get("From")))[1].lower()
    if sender.split("@")[0] in {"mailer-daemon", "postmaster"}:
        return "mailer_daemon"
    return ""


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _walk(part: Message, texts: list[str], htmls: list[str], files: list[MailAttachment]) -> None:
    ctype = part.get_content_type()
    disposition = (part.get_content_disposition() or "").lower()
    filename = decode_header_value(part.get_filename()) if part.get_filename() else ""
    if ctype == "message/rfc822":
        inner = part.get_payload()
        data = inner[0].as_bytes() if isinstance(inner, list) and inner else _payload(part)
        files.append(MailAttachment(filename or "message.eml", ctype, data))
        return
    if part.is_multipart():
        for sub in part.get_payload():
            _walk(sub, texts, htmls, files)
        return
    is_body = ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename
    if not is_body:
        data = _payload(part)
        if data:
            files.append(MailAttachment(filename or f"part.{ctype.split('/')[-1]}", ctype, data))
        return
    text = decode_bytes(_payload(part), part.get_content_charset())
    if ctype == "text/html":
        htmls.append(text)
    else:
        texts.append(text)


def strip_quoted(text: str) -> str:
    """Keep what the requester wrote above our marker; drop the quoted history below it."""
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if REPLY_MARKER in line:
            lines = lines[:index]
            break
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
        lines.pop()
    if lines and _ATTRIBUTION.search(lines[-1]):
        lines.pop()
    return "\n".join(lines).strip()


def parse_mail(raw: bytes, *, envelope_from: str | None = None) -> ParsedMail:
    msg = BytesParser(policy=compat32).parsebytes(raw)
    texts: list[str] = []
    htmls: list[str] = []
    files: list[MailAttachment] = []
    _walk(msg, texts, htmls, files)
    body = "\n\n".join(t for t in texts if t.strip())
    if not body.strip() and htmls:
        body = "\n\n".join(html_to_text(h) for h in htmls)
    name, sender = parseaddr(decode_header_value(msg.get("From")))
    if not sender and envelope_from:
        sender = envelope_from.strip("<>")
    return ParsedMail(
        message_id=_message_id(msg, raw),
        subject=decode_header_value(msg.get("Subject")),
        sender=sender.strip().lower(),
        sender_name=name.strip(),
        text=strip_quoted(body),
        attachments=files,
        in_reply_to=message_ids(msg.get("In-Reply-To")),
        references=message_ids(msg.get("References")),
        auto_reason=auto_reason(msg, envelope_from),
    )


def recipients_of(raw_header: str | None) -> list[str]:
    return [addr.lower() for _name, addr in getaddresses([raw_header or ""]) if addr]
