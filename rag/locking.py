"""One writer at a time per index directory.

Every read-modify-write of an index (an ingest, an upload, a removal) holds an exclusive
lock on `<index>/.writer.lock` from reading the live version to publishing the new one,
so two writers can never build from the same base and drop each other's documents. The
lock is an OS file lock (filelock → flock): a writer killed with SIGKILL releases it with
its process, so a crash never leaves the index locked. Readers never take it: they read
whatever complete version `CURRENT` names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.errors import IndexBusyError

LOCK_NAME = ".writer.lock"


@contextmanager
def writer_lock(index_dir: Path, wait_s: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's writer lock. If another writer has it, say so through `on_wait`
    and wait up to `wait_s` seconds, then fail with one line (IndexBusyError)."""
    from filelock import FileLock, Timeout

    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"another process is writing to {index_dir}/; waiting up to {wait_s:.0f} s for it to finish")
        try:
            lock.acquire(timeout=wait_s)
        except Timeout:
            raise IndexBusyError(
                f"Index {index_dir}/ is being written by another process and stayed busy for {wait_s:.0f} s; "
                "try again when it has finished (RAG_LIMITS__WRITER_WAIT_S sets the wait)."
            ) from None
    try:
        _write_owner(index_dir)
        yield
    finally:
        lock.release()


def _write_owner(index_dir: Path) -> None:
    """Leave the holder's pid beside the lock, for people looking at a busy index."""
    try:
        (index_dir / ".writer.pid").write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        pass
