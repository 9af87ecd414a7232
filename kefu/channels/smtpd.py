"""`kefu smtpd`: an SMTP listener (aiosmtpd) that turns support mail into tickets.

Unknown recipients are refused at RCPT (550). The ORM is synchronous, so each lookup and each
ingestion runs on a small thread pool beside aiosmtpd's event loop; a failure answers 451 so
the sending MTA keeps the mail and retries (never a lost complaint).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from aiosmtpd.controller import Controller
from django.db import connections

from kefu.common.errors import NotFound

if TYPE_CHECKING:
    from kefu.platforms.models import Platform

log = logging.getLogger("kefu.smtpd")
# aiosmtpd logs every command with the addresses at INFO; keep that out of our logs.
logging.getLogger("mail.log").setLevel(logging.WARNING)
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


def _checked_connections() -> None:
    """Each pool thread keeps its connection between mails (a reconnect per mail would cost
    more than the mail); one that failed or fails its health check is dropped."""
    for conn in connections.all(initialized_only=True):
        if conn.errors_occurred:
            conn.close()
        else:
            conn.close_if_health_check_failed()


def _platform_for(address: str) -> Platform | None:
    from kefu.channels.services.mail_in import mail_platform_for

    _checked_connections()
    return mail_platform_for(address)


def _ingest(
    raw: bytes, recipients: list[str], envelope_from: str | None, platform: Platform | None
) -> str:
    from kefu.channels.services.mail_in import mail_ingest

    _checked_connections()
    outcome = mail_ingest(
        raw=raw, recipients=recipients, envelope_from=envelope_from, platform=platform
    )
    return outcome.reference or outcome.status


class KefuHandler:
    def __init__(self, *, threads: int = 4) -> None:
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kefu-smtp")

    async def _run(self, func: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, func, *args)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        try:
            platform = await self._run(_platform_for, address)
        except Exception:  # noqa: BLE001 - a database hiccup must not bounce mail for good
            log.exception("smtpd.rcpt_failed")
            return "451 4.3.0 Temporary failure, please try again later"
        if platform is None:
            return "550 5.1.1 No such support address here"
        if not envelope.rcpt_tos:
            envelope.kefu_platform = platform  # the first accepted recipient's platform decides
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            result = await self._run(
                _ingest,
                raw,
                list(envelope.rcpt_tos),
                envelope.mail_from,
                getattr(envelope, "kefu_platform", None),
            )
        except NotFound:
            return "550 5.1.1 No such support address here"
        except Exception:  # noqa: BLE001 - answer 451 so the sender retries; never lose mail
            log.exception("smtpd.ingest_failed")
            return "451 4.3.0 Temporary failure, please try again later"
        return f"250 OK {result}"

    def close(self) -> None:
        """Close each pool thread's database connection, then the pool."""
        barrier = threading.Barrier(self.threads)

        def close_connection() -> None:
            connections.close_all()
            try:
                barrier.wait(timeout=5)  # holds each thread until all ran: one task per thread
            except threading.BrokenBarrierError:
                pass

        for _ in range(self.threads):
            self._executor.submit(close_connection)
        self._executor.shutdown(wait=True)


def make_controller(
    *, host: str, port: int, threads: int = 4, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Controller, KefuHandler]:
    handler = KefuHandler(threads=threads)
    controller = Controller(
        handler,
        hostname=host,
        port=port,
        data_size_limit=max_bytes,
        decode_data=False,
        enable_SMTPUTF8=True,
        ident="Kefu ESMTP",
    )
    return controller, handler


def serve(*, host: str, port: int, threads: int, stop: threading.Event) -> None:
    controller, handler = make_controller(host=host, port=port, threads=threads)
    controller.start()
    log.info("smtpd.listening host=%s port=%s", host, port)
    try:
        stop.wait()
    finally:
        controller.stop()
        handler.close()
