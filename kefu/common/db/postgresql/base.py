"""PostgreSQL with a health check that costs no round trip while the connection is quiet, and
a COMMIT that carries the transaction's batched inserts (`statements.atomic_batched`).

Django's `CONN_HEALTH_CHECKS` runs `SELECT 1` before the first statement of every request on a
persistent connection: a round trip that, on the hot paths, costs about as much CPU (client and
server, mostly waking each other up) as one of the request's own statements. A connection the
server has ended (restart, `pg_terminate_backend`, `idle_session_timeout`) has something to
read: the server's closing message, or end of file. So the socket is polled first, without
waiting; only when it is not quiet does Django's own check run (and close the connection if
`SELECT 1` fails, so the request reconnects). A connection that is quiet but dead without the
server saying so (a host gone, a cable cut) is not found by `SELECT 1` any sooner: it waits
for the same TCP timeout.

When a batch of inserts is still queued at COMMIT, it is sent with it. If nothing else of
the transaction has reached the server (psycopg sends BEGIN with a transaction's first
statement, so none was sent), the batch is the whole transaction: it goes alone, in
autocommit, as one statement, which PostgreSQL runs atomically (deferred foreign keys
checked at its end): one round trip, and no BEGIN or COMMIT to process. Otherwise the batch
and the COMMIT go in one pipeline. Either way an error of the batch (a unique index) is
raised by the commit, and Django's `atomic` rolls back and re-raises it, as for any error at
commit. See docs/adr/0005-*.md.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from django.db.backends.utils import debug_transaction
from psycopg.pq import TransactionStatus

IDLE = TransactionStatus.IDLE


class DatabaseWrapper(base.DatabaseWrapper):
    sends_batch_with_commit = True  # read by statements.atomic_batched

    def _commit(self) -> None:
        batch = getattr(self, "kefu_batch", None)
        # Detached before the commit: Django runs on_commit hooks before `atomic_batched`
        # ends, and an insert made by one must be written, not queued on a finished batch.
        self.kefu_batch = None
        if batch is None or not batch.parts or self.connection is None:
            super()._commit()
            return
        if self.connection.pgconn.transaction_status == IDLE:
            with self.wrap_database_errors:
                self.connection.autocommit = True
                try:
                    batch.send()()
                finally:
                    self.connection.autocommit = False
            return
        with debug_transaction(self, "COMMIT"), self.wrap_database_errors:
            with self.connection.pipeline():
                finish = batch.send()
                self.connection.commit()
            finish()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._socket_is_quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _socket_is_quiet(self) -> bool:
        """Idle between requests, with nothing sent by the server since the last answer."""
        connection = self.connection
        if connection.closed or connection.broken or connection.pgconn.transaction_status != IDLE:
            return False  # not idle: let Django's check decide
        poller = select.poll()
        poller.register(connection.pgconn.socket, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
