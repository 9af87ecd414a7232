"""SQLite with a fair, sleep-free queue for writers.

SQLite lets one writer in at a time; the others poll with growing sleeps (1, 2, 5 … 100 ms)
until the lock frees, which under load leaves the CPU idle and stretches tail latency. Here a
writer first takes an exclusive `flock` on a file beside the database: the kernel wakes the
next waiter the moment the lock is released, so write transactions run back to back.
SQLite's own locking still guards the data; the file lock only orders the writers.
See docs/adr/0002-sqlite-wal-immediate.md.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base

# Checkpoints (copying the WAL back into the database file) run here, after the writer queue
# is released, instead of inside the COMMIT that crosses SQLite's 1,000-page threshold: there
# one commit in ~50 took 20 ms while every other writer waited behind it (docs/benchmarks.md).
CHECKPOINT_EVERY = 50  # transactions per connection; a PASSIVE checkpoint blocks no writer
# SQLite's own checkpoint stays as a safety net for writes made outside transactions (which
# never reach `_commit`), at a threshold the counted checkpoints keep the WAL well below.
AUTOCHECKPOINT_PAGES = 10_000


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_lock_fd: int | None = None
        self._commits_since_checkpoint = 0

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if self._writer_lock_path() is not None:
            connection.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        return connection

    def _writer_lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if name == ":memory:" or name.startswith("file:") or not name:
            return None
        return name + ".writer-lock"

    def _start_transaction_under_autocommit(self) -> None:
        path = self._writer_lock_path()
        if path is not None and self._writer_lock_fd is None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._writer_lock_fd = fd
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _release_writer_lock(self) -> None:
        if self._writer_lock_fd is not None:
            fd, self._writer_lock_fd = self._writer_lock_fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._release_writer_lock()
        self._commits_since_checkpoint += 1
        if self._commits_since_checkpoint >= CHECKPOINT_EVERY and self.connection is not None:
            self._commits_since_checkpoint = 0
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._release_writer_lock()
