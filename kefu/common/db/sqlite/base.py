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


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_lock_fd: int | None = None

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
