"""`kefu serve` builds the granian command an operator expects."""

from __future__ import annotations

import pytest

from kefu.config.cli import _serve_argv, build_parser, default_threads


def _argv(monkeypatch: pytest.MonkeyPatch, url: str, *extra: str) -> list[str]:
    monkeypatch.setenv("DATABASE_URL", url)
    return _serve_argv(build_parser().parse_args(["serve", *extra]))


def _threads(argv: list[str]) -> str:
    return argv[argv.index("--blocking-threads") + 1]


def test_sqlite_serves_one_request_per_process_at_a_time(monkeypatch):
    assert _threads(_argv(monkeypatch, "sqlite:////tmp/kefu.sqlite3")) == "1"


def test_postgresql_overlaps_two_requests_per_process(monkeypatch):
    assert _threads(_argv(monkeypatch, "postgresql://kefu@db/kefu")) == "2"


def test_an_explicit_thread_count_wins(monkeypatch):
    assert _threads(_argv(monkeypatch, "postgresql://kefu@db/kefu", "--threads", "6")) == "6"


def test_the_default_database_is_sqlite():
    assert default_threads("") == 1


def test_workers_and_address_reach_granian(monkeypatch):
    argv = _argv(monkeypatch, "", "--workers", "3", "--port", "8123", "--host", "10.0.0.5")
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--port") + 1] == "8123"
    assert argv[argv.index("--host") + 1] == "10.0.0.5"
