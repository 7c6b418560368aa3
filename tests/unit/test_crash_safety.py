"""SIGKILL an ingest at many moments: the index must always load as the old or the new version."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from rag.index import load_index

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.conftest import FakeEmbedder
    from rag.config import Settings
    from rag.ingest import ingest_paths
    s = Settings()
    ingest_paths([Path(sys.argv[1])], Path(sys.argv[2]), s, FakeEmbedder())
    print("done", flush=True)
""").format(root=str(ROOT))


def _corpus(root: Path, files: int, tag: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        body = " ".join(f"Sentence {j} of file {i} mentions {tag} and Aleppo." for j in range(60))
        (root / f"doc{i:04d}.txt").write_text(body, encoding="utf-8")


def _run(script: Path, corpus: Path, index: Path, kill_after: float | None) -> bool:
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(index)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    if kill_after is None:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        return True
    time.sleep(kill_after)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    return proc.returncode == 0


def test_sigkill_during_ingest_never_breaks_the_index(tmp_path):
    script = tmp_path / "ingest.py"
    script.write_text(SCRIPT)
    index = tmp_path / "index"
    _corpus(tmp_path / "old", 40, "old")
    _run(script, tmp_path / "old", index, None)
    old_sources = set(load_index(index, "fake/hash-bow").documents)
    _corpus(tmp_path / "new", 160, "new")
    outcomes = []
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6, 3.0, 4.0):
        finished = _run(script, tmp_path / "new", index, delay)
        loaded = load_index(index, "fake/hash-bow")  # must never raise
        sources = set(loaded.documents)
        assert sources in (old_sources, {f"doc{i:04d}.txt" for i in range(160)})
        assert loaded.faiss_index.ntotal == len(loaded.chunks)
        outcomes.append(("new" if len(sources) == 160 else "old", finished))
        if len(sources) == 160:
            # start again from the old state so later kills hit a run that has work to do
            import shutil

            shutil.rmtree(index)
            _run(script, tmp_path / "old", index, None)
    leftovers = [p.name for p in index.iterdir() if p.name.startswith(".tmp-")]
    assert len(leftovers) <= 1  # at most the last killed run's temp dir; the next save removes it
    print("kill outcomes:", outcomes)
