"""SIGKILL a writer at every named step of a save: the index must load as the old version
before `CURRENT` is replaced and as the new one from then on, never broken. The writer
announces each step and stops at the chosen one, so the kill provably lands there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rag.index import load_index

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["tmp-created", "documents-written", "vectors-written", "version-renamed", "pointer-written",
         "current-replaced", "old-removed"]
PUBLISHED_FROM = STEPS.index("current-replaced")
SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.conftest import FakeEmbedder
    from rag.config import Settings
    import rag.index
    from rag.ingest import ingest_paths
    stop_at = sys.argv[3]

    def hook(step):
        print(step, flush=True)
        if step == stop_at:
            time.sleep(600)  # killed here

    rag.index.STEP_HOOK = hook
    ingest_paths([Path(sys.argv[1])], Path(sys.argv[2]), Settings(), FakeEmbedder())
    print("done", flush=True)
""").format(root=str(ROOT))


def _corpus(root: Path, files: int, tag: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        body = " ".join(f"Sentence {j} of file {i} mentions {tag} and Aleppo." for j in range(30))
        (root / f"{tag}{i:03d}.txt").write_text(body, encoding="utf-8")


def _kill_at(script: Path, corpus: Path, index: Path, step: str) -> list[str]:
    """Run a writer until it reports `step`, SIGKILL it there; the steps it reported."""
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(index), step],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    seen: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        seen.append(line.strip())
        if line.strip() == step:
            break
    assert proc.poll() is None, f"the writer ended before {step}: {proc.stderr.read() if proc.stderr else ''}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return seen


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_step_leaves_the_old_or_the_new_index(tmp_path, step):
    script = tmp_path / "ingest.py"
    script.write_text(SCRIPT)
    index = tmp_path / "index"
    _corpus(tmp_path / "old", 5, "old")
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "old"), str(index), "never"],
                          capture_output=True, text=True, cwd=ROOT)
    assert "done" in done.stdout, done.stderr
    old = set(load_index(index, "fake/hash-bow").documents)
    _corpus(tmp_path / "old", 5, "new")  # same folder gains five files: the new version has ten
    seen = _kill_at(script, tmp_path / "old", index, step)
    assert seen[-1] == step and seen == STEPS[: len(seen)]
    loaded = load_index(index, "fake/hash-bow")  # must never raise
    expected = old if STEPS.index(step) < PUBLISHED_FROM else old | {f"new{i:03d}.txt" for i in range(5)}
    assert set(loaded.documents) == expected
    assert loaded.faiss_index.ntotal == len(loaded.chunks)
    # the next writer is not blocked by the dead one (the OS released its lock) and cleans up after it
    finished = subprocess.run([sys.executable, str(script), str(tmp_path / "old"), str(index), "never"],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "done" in finished.stdout, finished.stderr
    assert len(load_index(index, "fake/hash-bow").documents) == 10
    assert not [p for p in index.iterdir() if p.name.startswith((".tmp-", ".CURRENT.tmp-"))]
