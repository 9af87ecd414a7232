"""RFC 5322 mails as real clients write them (the charsets Chinese users actually send)."""

from __future__ import annotations

from email.charset import BASE64, QP, Charset
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate

# The smallest valid PNG (1×1, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def text_mail(
    *,
    body: str,
    subject: str,
    charset: str = "utf-8",
    sender: str = "王小明 <wang@example.com>",
    to: str = "acme@kefu.localhost",
    message_id: str = "<m1@example.com>",
    encoding: str = "base64",
    headers: dict[str, str] | None = None,
) -> bytes:
    cs = Charset(charset)
    cs.body_encoding = BASE64 if encoding == "base64" else QP
    cs.header_encoding = BASE64
    msg = MIMEText(body, "plain", cs)  # type: ignore[arg-type]
    _headers(msg, subject, charset, sender, to, message_id, headers)
    return msg.as_bytes().replace(b"\n", b"\r\n")


def html_mail(*, html: str, subject: str, message_id: str, sender: str = "li@example.com") -> bytes:
    cs = Charset("utf-8")
    cs.body_encoding = QP
    msg = MIMEText(html, "html", cs)  # type: ignore[arg-type]
    _headers(msg, subject, "utf-8", sender, "acme@kefu.localhost", message_id, None)
    return msg.as_bytes().replace(b"\n", b"\r\n")


def mail_with_attachments(
    *,
    body: str,
    subject: str,
    message_id: str,
    files: list[tuple[str, bytes, str]],
    sender: str = "zhao@example.com",
) -> bytes:
    msg = MIMEMultipart()
    msg.attach(MIMEText(body, "plain", "utf-8"))
    for name, data, ctype in files:
        maintype, subtype = ctype.split("/")
        if maintype == "image":
            part = MIMEImage(data, _subtype=subtype)
        elif maintype == "text":
            part = MIMEText(data.decode("utf-8"), subtype, "utf-8")
        else:
            part = MIMEApplication(data, _subtype=subtype)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        msg.attach(part)
    _headers(msg, subject, "utf-8", sender, "acme@kefu.localhost", message_id, None)
    return msg.as_bytes().replace(b"\n", b"\r\n")


def _headers(msg, subject, charset, sender, to, message_id, extra) -> None:  # type: ignore[no-untyped-def]
    msg["Subject"] = Header(subject, charset)
    msg["From"] = sender if sender.isascii() else _encoded_sender(sender, charset)
    msg["To"] = to
    msg["Date"] = formatdate()
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in (extra or {}).items():
        msg[name] = value


def _encoded_sender(sender: str, charset: str) -> str:
    name, _, address = sender.partition("<")
    return f"{Header(name.strip(), charset).encode()} <{address}"
