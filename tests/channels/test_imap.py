"""E-mail in over real IMAP: a local IMAP4rev1 server (tests/channels/imap_server.py) holding
the mailbox → `imap_poll_once` / `kefu imap-poll` (imaplib) → `mail_ingest` → ticket."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection

from kefu.channels.imap import (
    ImapPollError,
    backoff_delay,
    imap_poll_forever,
    imap_poll_once,
    mail_addressing,
    quote_mailbox,
)
from kefu.channels.models import MailRecord
from kefu.config.cli import main
from kefu.tickets.models import Attachment, Ticket
from tests.channels.conftest import free_port
from tests.channels.imap_server import ImapServer, ImapState, decode_mailbox
from tests.channels.mails import PNG, mail_with_attachments, text_mail

pytestmark = pytest.mark.django_db(transaction=True)

USER = "support@acme.example"
PASSWORD = 'Pa55-"imap"\\secret-7f3a'  # quotes and a backslash: imaplib must quote it
ENV = "KEFU_TEST_IMAP_PASSWORD"
GBK_SUBJECT = "提现三天没到账"
GBK_BODY = "您好，我在钱包里提现 500 USDT，三天了还没有到账，请帮忙查询。"


@pytest.fixture
def imap() -> Iterator[ImapServer]:
    server = ImapServer(ImapState(user=USER, password=PASSWORD)).start()
    yield server
    server.stop()


def poll(server: ImapServer, **overrides: Any) -> int:
    account: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": server.port,
        "use_ssl": False,
        "user": USER,
        "password": PASSWORD,
        "timeout": 10,
    }
    return imap_poll_once(**{**account, **overrides})


def gbk_mail(message_id: str = "<gbk1@example.com>", **kwargs: Any) -> bytes:
    return text_mail(
        body=GBK_BODY, subject=GBK_SUBJECT, charset="gbk", message_id=message_id, **kwargs
    )


def attachment_mail(message_id: str = "<att1@example.com>") -> bytes:
    return mail_with_attachments(
        body="截图见附件。",
        subject="提现失败",
        message_id=message_id,
        files=[("截图.png", PNG, "image/png")],
    )


def test_unseen_mail_becomes_tickets_and_is_flagged_seen(platform, imap, caplog):
    caplog.set_level(logging.DEBUG)
    gbk = imap.state.add(gbk_mail())
    attached = imap.state.add(attachment_mail())
    read = imap.state.add(
        text_mail(body="old", subject="old", message_id="<r@x>"), flags=("\\Seen",)
    )

    assert poll(imap) == 2

    by_sender = {t.contact["email"]: t for t in Ticket.objects.all()}
    assert set(by_sender) == {"wang@example.com", "zhao@example.com"}
    ticket = by_sender["wang@example.com"]
    assert (ticket.subject, ticket.body, ticket.channel) == (GBK_SUBJECT, GBK_BODY, "email")
    assert ticket.platform == platform
    [png] = Attachment.objects.filter(ticket=by_sender["zhao@example.com"])
    assert (png.name, png.sha256) == ("截图.png", hashlib.sha256(PNG).hexdigest())
    assert imap.state.flags(gbk) == imap.state.flags(attached) == {"\\Seen"}
    assert imap.state.unseen() == []
    assert MailRecord.objects.filter(direction="in").count() == 2  # the read mail is untouched
    assert imap.state.flags(read) == {"\\Seen"}
    # Fetched with PEEK and flagged one by one, each only after its ingestion.
    assert imap.state.commands.count("UID FETCH") == imap.state.commands.count("UID STORE") == 2

    assert poll(imap) == 0  # the second poll finds nothing unseen
    assert Ticket.objects.count() == 2
    assert PASSWORD not in caplog.text


def test_a_mail_fetched_again_after_a_crash_before_the_flag_is_stored_once(platform, imap):
    uid = imap.state.add(gbk_mail())
    imap.state.drop_on.add("UID STORE")  # the connection dies after the ingestion committed

    with pytest.raises(ImapPollError) as failed:
        poll(imap)

    assert (failed.value.kind, failed.value.ingested) == ("network", 1)
    assert imap.state.unseen() == [uid]
    imap.state.drop_on.clear()

    assert poll(imap) == 1  # handed over again: the Message-ID dedupe makes it a no-op
    assert Ticket.objects.count() == 1
    assert MailRecord.objects.filter(direction="in").count() == 1
    assert imap.state.unseen() == []


def test_a_temporary_failure_leaves_the_mail_unseen_for_the_next_poll(platform, imap, caplog):
    good = imap.state.add(gbk_mail())
    bad = imap.state.add(attachment_mail(message_id="<refused-now@example.com>"))

    def database_refuses(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "mailrecord" in sql.lower() and "refused-now@example.com" in map(str, params or ()):
            raise OperationalError("could not write: the database is refusing (test)")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_refuses), pytest.raises(ImapPollError) as failed:
        poll(imap)

    assert (failed.value.kind, failed.value.ingested) == ("deferred", 1)
    assert "1 mail(s) could not be stored" in str(failed.value)
    assert imap.state.unseen() == [bad]
    assert imap.state.flags(good) == {"\\Seen"}
    assert [t.contact["email"] for t in Ticket.objects.all()] == ["wang@example.com"]
    assert "imap.ingest_failed" in caplog.text

    assert poll(imap) == 1  # the database is back
    assert Ticket.objects.count() == 2
    assert imap.state.unseen() == []


def test_a_mail_for_no_support_address_is_refused_for_good_and_flagged(platform, imap, caplog):
    uid = imap.state.add(text_mail(body="hi", subject="hi", to="someone@elsewhere.example"))

    assert poll(imap) == 0

    assert imap.state.flags(uid) == {"\\Seen"}  # not fetched again and again; left for a person
    assert Ticket.objects.count() == 0
    assert MailRecord.objects.count() == 0
    assert "imap.refused uid=1 reason=no_support_address" in caplog.text


def test_the_platform_is_found_from_delivered_to(platform, imap):
    raw = b"Delivered-To: acme@kefu.localhost\r\n" + text_mail(
        body="hello", subject="hi", to="list@lists.example"
    )
    imap.state.add(raw)

    assert poll(imap) == 1
    assert Ticket.objects.get().platform == platform


def test_with_a_platform_every_mail_is_for_it(platform, imap):
    imap.state.add(text_mail(body="hello", subject="hi", to="help@acme.example"))

    assert poll(imap, platform="acme") == 1
    assert Ticket.objects.get().platform == platform


def test_a_bounce_is_stored_but_never_answered(platform, imap):
    imap.state.add(b"Return-Path: <>\r\n" + text_mail(body="undeliverable", subject="x"))

    assert poll(imap) == 1
    assert MailRecord.objects.get(direction="in").outcome == "opened:auto"


def test_a_wrong_password_is_a_clear_error_and_nothing_is_read(platform, imap, caplog):
    caplog.set_level(logging.DEBUG)
    imap.state.add(gbk_mail())
    imap.state.echo_failed_login = True  # a careless server repeats the command in its answer
    wrong = "Wr0ng-password-9c1e"

    with pytest.raises(ImapPollError) as failed:
        poll(imap, password=wrong)

    assert failed.value.kind == "auth"
    message = str(failed.value)
    assert message.startswith(f"login refused for user '{USER}' on 127.0.0.1:")
    assert "AUTHENTICATIONFAILED" in message
    assert wrong not in message
    assert "***" in message
    assert wrong not in caplog.text
    assert Ticket.objects.count() == 0
    assert imap.state.unseen() == [1]
    assert "UID FETCH" not in imap.state.commands


def test_an_unreachable_server_is_a_network_error():
    with pytest.raises(ImapPollError) as failed:
        imap_poll_once(
            host="127.0.0.1",
            port=free_port(),
            use_ssl=False,
            user=USER,
            password=PASSWORD,
            timeout=5,
        )

    assert failed.value.kind == "network"
    assert PASSWORD not in str(failed.value)


def test_an_unknown_mailbox_is_a_mailbox_error(platform, imap):
    with pytest.raises(ImapPollError) as failed:
        poll(imap, mailbox="客服")

    assert failed.value.kind == "mailbox"
    assert "'客服'" in str(failed.value)


def test_a_chinese_mailbox_name_is_sent_in_modified_utf7(platform, imap):
    imap.state.mailboxes["客服/投诉"] = []
    imap.state.add(gbk_mail(), mailbox="客服/投诉")

    assert poll(imap, mailbox="客服/投诉") == 1
    assert quote_mailbox("客服 & Co") == '"&W6JnDQ- &- Co"'
    assert decode_mailbox("&W6JnDQ- &- Co") == "客服 & Co"


def test_the_loop_backs_off_on_failure_and_recovers(platform, imap, caplog):
    imap.state.add(gbk_mail())
    imap.state.users[USER] = "changed-by-the-provider"
    stop = threading.Event()
    account = {"host": "127.0.0.1", "port": imap.port, "use_ssl": False}
    loop = threading.Thread(
        target=imap_poll_forever,
        kwargs={
            "interval": 0.05,
            "stop": stop,
            "max_backoff": 0.2,
            "user": USER,
            "password": PASSWORD,
            "timeout": 5,
            **account,
        },
    )
    loop.start()
    try:
        deadline = time.monotonic() + 10
        while imap.state.logins.count(USER) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        imap.state.users[USER] = PASSWORD  # the operator fixed the password
        while imap.state.unseen() and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        loop.join(timeout=10)

    assert not loop.is_alive()
    assert imap.state.unseen() == []
    assert Ticket.objects.count() == 1
    assert "imap.poll_failed kind=auth failures=2" in caplog.text
    assert PASSWORD not in caplog.text


def test_backoff_doubles_up_to_a_cap():
    assert [backoff_delay(60, n) for n in range(6)] == [60, 60, 120, 240, 480, 900]
    assert backoff_delay(60, 50) == 900
    assert backoff_delay(3600, 3) == 3600  # never shorter than the interval


def test_mail_addressing_reads_the_delivery_headers():
    raw = (
        b"Return-Path: <wang@example.com>\r\nDelivered-To: Acme@Kefu.localhost\r\n"
        b"To: =?utf-8?b?5a6i5pyN?= <help@acme.example>, other@example.com\r\n"
        b"Cc: acme@kefu.localhost\r\nSubject: x\r\n\r\nTo: body@example.com\r\n"
    )

    assert mail_addressing(raw) == (
        ["acme@kefu.localhost", "help@acme.example", "other@example.com"],
        "wang@example.com",
    )


# --- the command ------------------------------------------------------------------------------


def cli(port: int, *extra: str) -> int:
    base = ["imap-poll", "--host", "127.0.0.1", "--port", str(port), "--no-ssl"]
    return main([*base, "--user", USER, "--password-env", ENV, "--once", *extra])


def test_the_command_polls_once(platform, imap, monkeypatch, capsys):
    monkeypatch.setenv(ENV, PASSWORD)
    imap.state.add(text_mail(body="hello", subject="hi", to="help@acme.example"))

    assert cli(imap.port, "--platform", "acme") == 0

    out, err = capsys.readouterr()
    assert "1 mail(s) stored" in out
    assert Ticket.objects.get().platform == platform
    assert PASSWORD not in out + err


def test_the_command_fails_on_a_wrong_password(platform, imap, monkeypatch, capsys):
    monkeypatch.setenv(ENV, "not-the-password-4b2d")
    imap.state.add(gbk_mail())

    assert cli(imap.port) == 1

    out, err = capsys.readouterr()
    assert "login refused" in err
    assert "not-the-password-4b2d" not in out + err
    assert Ticket.objects.count() == 0


def test_the_command_needs_the_password_variable(platform, monkeypatch, capsys):
    monkeypatch.delenv(ENV, raising=False)

    assert cli(free_port()) == 2
    assert f"environment variable {ENV} named by --password-env" in capsys.readouterr().err


def test_a_password_typed_as_the_variable_name_is_not_echoed(platform, capsys):
    typed = "hunter2-secret"
    argv = ["imap-poll", "--host", "h", "--user", USER, "--password-env", typed, "--once"]

    assert main(argv) == 2
    assert typed not in capsys.readouterr().err


def test_the_command_refuses_an_unknown_platform(platform, monkeypatch, capsys):
    monkeypatch.setenv(ENV, PASSWORD)

    assert cli(free_port(), "--platform", "nope") == 2
    assert "no active platform 'nope'" in capsys.readouterr().err
