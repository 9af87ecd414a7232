"""On SQLite the WAL is copied back after the writer queue is released, every N commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction

from kefu.common.db.sqlite.base import CHECKPOINT_EVERY
from kefu.common.models import IdempotencyRecord

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write-ahead log"),
]


def _record(key: str) -> None:
    with transaction.atomic():  # a transaction, as every service writes
        IdempotencyRecord.objects.create(scope="ckpt", key=key, status_code=1, response={})


def _in_main_file(marker: str) -> bool:
    return marker.encode() in Path(connection.settings_dict["NAME"]).read_bytes()


def test_commits_stay_in_the_wal_until_the_checkpoint_then_reach_the_database_file():
    connection.ensure_connection()
    connection._commits_since_checkpoint = 0
    for index in range(CHECKPOINT_EVERY - 1):
        _record(f"marker-{index:04d}")
    assert not _in_main_file("marker-0000")  # SQLite's own threshold is far away
    _record("marker-last")
    assert _in_main_file("marker-0000")
    assert _in_main_file("marker-last")
