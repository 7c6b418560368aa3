"""A real PostgreSQL 16 with pgvector (the `pgserver` wheel, from the test extras), started
once per session; each test gets a database of its own."""

from __future__ import annotations

import itertools

import pytest

_count = itertools.count()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory):
    import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    from rag.store.postgres import _Pool

    _Pool.close_all()
    server.cleanup()


def new_database(base: str) -> str:
    """A fresh, empty database on the server of `base`; its URL."""
    import psycopg

    name = f"t{next(_count)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return base.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture
def pg_url(pg_server) -> str:
    return new_database(pg_server.get_uri())
