"""A real PostgreSQL 16 with pgvector (the `pgserver` wheel, from the test extras), started
once per session; each test gets a database of its own."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_count = itertools.count()


@contextmanager
def _data_dir() -> Iterator[Path]:
    """A data folder for a test server, outside pytest's base temp: as root, pgserver runs the
    server as another user, and any new pytest session (another run, a CI job) resets
    /tmp/pytest-of-root to mode 0700, which locks that user out of its own files mid-run."""
    folder = Path(tempfile.mkdtemp(prefix="rag-test-pg-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    import pgserver

    with _data_dir() as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        yield server
        from rag.store.postgres import _Pool

        _Pool.close_all()
        server.cleanup()


@pytest.fixture
def pg_data_dir() -> Iterator[Path]:
    """A folder of its own for a test that starts and stops its own server."""
    with _data_dir() as folder:
        yield folder


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
