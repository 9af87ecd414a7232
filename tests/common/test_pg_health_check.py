"""PostgreSQL: the per-request health check polls the socket, and still finds an ended
connection (ADR 0005)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend"),
]


@pytest.fixture
def checked(settings):
    """The default connection with health checks on, as in production, fresh for the test."""
    connections.close_all()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.ensure_connection()
    yield connection
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connections.close_all()


def _start_request(conn) -> None:
    # What Django does at each request start for a persistent connection.
    conn.health_check_done = False


def test_a_quiet_connection_passes_without_a_statement(checked, monkeypatch):
    asked: list[bool] = []
    monkeypatch.setattr(checked, "is_usable", lambda: asked.append(True) or True)
    raw = checked.connection
    _start_request(checked)
    checked.close_if_health_check_failed()
    assert (checked.connection, checked.health_check_done, asked) == (raw, True, [])


def test_a_connection_inside_a_transaction_gets_the_full_check(checked, monkeypatch):
    asked: list[bool] = []
    monkeypatch.setattr(checked, "is_usable", lambda: asked.append(True) or True)
    checked.connection.execute("BEGIN")
    _start_request(checked)
    checked.close_if_health_check_failed()
    checked.connection.execute("ROLLBACK")
    assert asked == [True]


def test_a_connection_ended_by_the_server_is_closed_and_the_next_statement_reconnects(checked):
    old_pid = checked.connection.info.backend_pid
    with psycopg.connect(**checked.get_connection_params(), autocommit=True) as admin:
        # as a server restart does, and wait until that server process has gone
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [old_pid])
    _start_request(checked)
    checked.close_if_health_check_failed()
    assert checked.connection is None  # found and closed before any statement failed
    with checked.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid
