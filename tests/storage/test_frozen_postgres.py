"""A PostgreSQL server that stops answering (SIGSTOP: its sockets stay open, its host still
acknowledges every packet) cannot freeze the bot: the statement is cut off, the store reports
the database unavailable, and it works again once the server does."""

from __future__ import annotations

import pytest

from bot.runtime import open_database
from bot.settings import load_settings
from storage.errors import StoreUnavailable
from storage.postgres import PostgresStore
from tests.fakes.own_postgres import OwnPostgres


def test_a_frozen_server_makes_the_store_unavailable_instead_of_hanging(
    own_postgres: OwnPostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.postgres.RECONNECT_EVERY", 0.0)  # real seconds, not the clock
    settings = load_settings(
        {}, DATABASE_URL=own_postgres.url, DATABASE_STATEMENT_TIMEOUT_SECONDS=0.5
    )
    store = open_database(settings)
    assert isinstance(store, PostgresStore)
    try:
        assert store.ping()
        assert store.conn.execute("SHOW statement_timeout").fetchone() == ("500ms",)
        own_postgres.freeze()
        with pytest.raises(StoreUnavailable):
            store.find_attempt("discord", "w", "m1")
        with pytest.raises(StoreUnavailable), store.transaction():
            store.find_attempt("discord", "w", "m1")
        own_postgres.thaw()
        assert store.find_attempt("discord", "w", "m1") is None  # reconnected
        assert store.conn.execute("SHOW statement_timeout").fetchone() == ("500ms",)
        settings_keepalive = store.conn.info.get_parameters()
        assert settings_keepalive["tcp_user_timeout"] == "15000"
    finally:
        store.close()
