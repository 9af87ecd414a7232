"""Real protocols on loopback: an SMTP sink (aiosmtpd), `kefu smtpd` in-process, a Bot API
server and a webhook receiver (http.server in a thread). No mock objects."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from kefu.channels.smtpd import make_controller

# A real BIP39 test-vector phrase (valid checksum): the shield must never let it through.
SEED_PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db: None) -> None:
    cache.clear()  # the database cache outlives transactional tests


# --- SMTP ------------------------------------------------------------------------------------


class RecordingHandler:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for _f, _t, raw in self.envelopes]


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[RecordingHandler]:
    """Where Kefu's outgoing mail goes: Django's SMTP backend → this server."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.fixture
def kefu_smtpd(transactional_db: None) -> Iterator[int]:
    """`kefu smtpd` in-process on a free port; yields the port."""
    port = free_port()
    controller, handler = make_controller(host="127.0.0.1", port=port, threads=2)
    controller.start()
    yield port
    controller.stop()
    handler.close()


# --- HTTP servers ----------------------------------------------------------------------------


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpRecorder:
    url: str
    calls: list[Recorded] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in order, then 200
    files: dict[str, bytes] = field(default_factory=dict)  # served to GET by path


def _serve(reply: Any) -> tuple[ThreadingHTTPServer, HttpRecorder]:
    recorder = HttpRecorder(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            recorder.calls.append(Recorded(self.path, dict(self.headers.items()), body))
            status = recorder.statuses.pop(0) if recorder.statuses else 200
            payload = json.dumps(reply(status, body)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802
            recorder.calls.append(Recorded(self.path, dict(self.headers.items()), b""))
            data = recorder.files.get(self.path)
            self.send_response(200 if data is not None else 404)
            self.send_header("Content-Length", str(len(data or b"")))
            self.end_headers()
            self.wfile.write(data or b"")

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, recorder


@pytest.fixture
def bot_api(settings: Any) -> Iterator[HttpRecorder]:
    """A local server speaking the Telegram Bot API: records every call, answers ok.
    ``getFile`` answers the path ``media/<file_id>``; the file itself is served from
    ``files["/file/bot<token>/media/<file_id>"]`` (404 when a test put nothing there)."""

    def reply(status: int, body: bytes) -> dict[str, Any]:
        if status != 200:
            return {"ok": False, "error_code": status, "description": "test"}
        sent = json.loads(body or b"{}")
        if "file_id" in sent:
            return {
                "ok": True,
                "result": {"file_id": sent["file_id"], "file_path": f"media/{sent['file_id']}"},
            }
        return {"ok": True, "result": {"message_id": 1, "chat": {"id": sent.get("chat_id")}}}

    server, recorder = _serve(reply)
    settings.KEFU_TELEGRAM_API_BASE = recorder.url
    yield recorder
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook_receiver() -> Iterator[HttpRecorder]:
    server, recorder = _serve(lambda status, body: {"received": status == 200})
    yield recorder
    server.shutdown()
    server.server_close()
