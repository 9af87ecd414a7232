"""Benchmark of e-mail ingestion (parse + shield + store), on SQLite.

Run: ``.venv/bin/python bench/bench_mail.py`` (about a minute; exit 1 if a target is missed).

* mails/s through ``mail_ingest`` called directly on pre-built RFC 5322 bytes
  (GBK, Big5, UTF-8 quoted-printable HTML; each a new ticket with its acknowledgement);
* mails/s over SMTP on loopback: smtplib → ``kefu smtpd`` (aiosmtpd) in-process;
* one 10 MB mail with attachments: wall time, and tracemalloc peak on a second run.

Targets: ≥ 200 mails/s (both), 10 MB mail ≤ 1 s and ≤ 100 MB.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import smtplib
import socket
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["KEFU_DATA_DIR"] = tempfile.mkdtemp(prefix="kefu-bench-mail-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("KEFU_TEST_DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.config.settings")
os.environ.setdefault("KEFU_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from kefu.channels.services.mail_in import mail_ingest  # noqa: E402
from kefu.channels.smtpd import make_controller  # noqa: E402
from kefu.platforms.models import Platform  # noqa: E402
from kefu.tickets.models import Attachment, Ticket  # noqa: E402
from tests.channels.mails import PNG, html_mail, mail_with_attachments, text_mail  # noqa: E402

N = 600
TO = "bench@kefu.localhost"
LINES_ZH = [
    "您好，我昨天从交易所提现 1200 USDT 到钱包，到现在还没有到账。",
    "客服一直没有回复，我已经等了三天了，请尽快处理。",
    "交易哈希我已经附上，请帮忙查询链上状态。",
    "我的账户突然无法登录，提示风控，请协助解封。",
]
LINES_BIG5 = [
    "您好，我的帳戶無法登入，請協助處理。",
    "提領的款項已經三天沒有到帳，客服也沒有回覆。",
]
LINES_EN = [
    "Hello, my withdrawal of 0.5 ETH has been pending for two days.",
    "Support has not answered my previous three messages.",
]


def build_mails(n: int, tag: str) -> list[bytes]:
    rng = random.Random(7)
    mails = []
    for i in range(n):
        body = "\n".join(rng.choice(LINES_ZH + LINES_EN) for _ in range(rng.randint(3, 12)))
        mid = f"<{tag}-{i}@bench.example>"
        sender = f"user{i}@bench.example"
        kind = i % 3
        if kind == 0:
            raw = text_mail(
                body=body, subject="提现未到账", charset="gbk", message_id=mid, sender=sender, to=TO
            )
        elif kind == 1:
            body = "\n".join(rng.choice(LINES_BIG5) for _ in range(rng.randint(3, 12)))
            raw = text_mail(
                body=body, subject="帳戶問題", charset="big5", message_id=mid, sender=sender, to=TO
            )
        else:
            html = (
                "<html><body>"
                + "".join(f"<p>{line}</p>" for line in body.splitlines())
                + "</body></html>"
            )
            raw = html_mail(html=html, subject="Withdrawal pending", message_id=mid, sender=sender)
            raw = raw.replace(b"acme@kefu.localhost", TO.encode())
        mails.append(raw)
    return mails


def big_mail(tag: str) -> bytes:
    rng = random.Random(tag)
    files = [
        (f"screenshot-{k}.png", PNG[:16] + rng.randbytes(2_400_000), "image/png") for k in range(3)
    ]
    files.append(
        ("chat-export.txt", ("聊天记录：客服说正在处理。\n" * 4000).encode(), "text/plain")
    )
    raw = mail_with_attachments(
        body="证据见附件（三张截图和聊天记录）。",
        subject="证据",
        message_id=f"<big-{tag}@bench.example>",
        files=files,
    )
    return raw.replace(b"acme@kefu.localhost", TO.encode())


def send_all(port: int, mails: list[bytes]) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for i, raw in enumerate(mails):
            client.sendmail(f"user{i}@bench.example", [TO], raw)
    return time.perf_counter() - start


def ticket_open_rate(n: int) -> float:
    """The ticket service alone (what every channel pays), for comparison."""
    from kefu.accounts.actors import ANONYMOUS
    from kefu.tickets.services import TicketDraft, ticket_open

    start = time.perf_counter()
    for i in range(n):
        draft = TicketDraft(
            platform="bench",
            subject="提现未到账",
            body=LINES_ZH[i % len(LINES_ZH)] * 3,
            contact={"email": f"web{i}@bench.example"},
        )
        ticket_open(actor=ANONYMOUS, draft=draft)
    return n / (time.perf_counter() - start)


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    Platform.objects.create(slug="bench", name_zh="压测钱包", name_en="Bench Wallet", settings={})

    baseline = ticket_open_rate(200)
    mails = build_mails(N, "direct")
    mail_ingest(raw=build_mails(1, "warm")[0], recipients=[TO])  # warm the shield's word lists
    start = time.perf_counter()
    for raw in mails:
        mail_ingest(raw=raw, recipients=[TO])
    direct = N / (time.perf_counter() - start)
    size = sum(map(len, mails)) / N

    mails = build_mails(N, "smtp")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller, handler = make_controller(host="127.0.0.1", port=port, threads=2)
    controller.start()
    # The sending MTA is another process, as in production (no GIL shared with the server).
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        over_smtp = N / pool.apply(send_all, (port, mails))

    big = big_mail("timed")
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.sendmail("big@bench.example", [TO], big)
    big_smtp_seconds = time.perf_counter() - start
    controller.stop()
    handler.close()

    big = big_mail("direct")
    start = time.perf_counter()
    mail_ingest(raw=big, recipients=[TO])
    big_seconds = time.perf_counter() - start
    big2 = big_mail("traced")
    tracemalloc.start()
    mail_ingest(raw=big2, recipients=[TO])
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    tickets = Ticket.objects.count()
    attachments = Attachment.objects.count()
    print(f"mails built: {N} per run, {size / 1024:.1f} KB average (GBK / Big5 / QP-HTML)")
    print(f"ticket_open alone (web)   : {baseline:7.1f} tickets/s (reference: the ticket service)")
    print(f"direct mail_ingest        : {direct:7.1f} mails/s   (target >= 200)")
    print(f"over SMTP (loopback)      : {over_smtp:7.1f} mails/s   (target >= 200)")
    print(
        f"10 MB mail ({len(big) / 1e6:.1f} MB raw), direct : {big_seconds:.2f} s   (target <= 1 s)"
    )
    print(f"10 MB mail over SMTP      : {big_smtp_seconds:.2f} s")
    print(f"10 MB mail tracemalloc peak: {peak / 1e6:.1f} MB   (target <= 100 MB)")
    print(f"tickets: {tickets}, attachments: {attachments}")
    ok = direct >= 200 and over_smtp >= 200 and big_seconds <= 1 and peak <= 100e6
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
