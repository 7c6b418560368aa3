"""Nothing the user adds is lost: origins, kept uploads, removal, one writer at a time
(lock + compare-and-swap), and real concurrent writer processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from rag.documents import UPLOAD
from rag.errors import IndexBusyError, IndexConflictError, NotIndexedError
from rag.index import build_index, live_version_name, load_index, save_index
from rag.ingest import add_files, ingest_paths, remove_documents, uploads_dir
from rag.locking import writer_lock

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FAKE = "fake/hash-bow"


def _file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_of_one_folder_keeps_documents_from_elsewhere(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    other = tmp_path / "other"
    _file(other, "notes.md", "# Notes\n\nThe ferry to Kelmar leaves at noon.\n")
    _file(other, "old.txt", "An old report about the Kelmar ferry.")
    result = ingest_paths([other], ix, settings, fake_embedder)
    assert result.removed == []
    assert set(load_index(ix, FAKE).documents) == {p.name for p in SEEDS.glob("*.txt")} | {"notes.md", "old.txt"}
    (other / "old.txt").unlink()
    again = ingest_paths([SEEDS], ix, settings, fake_embedder)  # what `make run` does
    assert again.removed == [] and "old.txt" in load_index(ix, FAKE).documents
    gone = ingest_paths([other], ix, settings, fake_embedder)
    assert gone.removed == ["old.txt"] and gone.stats.removed == 1
    assert "old.txt" not in load_index(ix, FAKE).documents and "notes.md" in load_index(ix, FAKE).documents


def test_upload_is_kept_survives_ingest_and_is_removed_on_request(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    tmp_upload = _file(tmp_path / "gradio-tmp", "harbour.md", "The harbour of Port Melvin was opened by Ilse Varga.")
    result, refused = add_files([(tmp_upload, "harbour.md")], ix, settings, fake_embedder)
    assert result is not None and not refused
    tmp_upload.unlink()  # Gradio's temporary copy goes away
    kept = uploads_dir(ix) / "harbour.md"
    assert kept.read_text(encoding="utf-8").startswith("The harbour of Port Melvin")
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    loaded = load_index(ix, FAKE)
    assert loaded.documents["harbour.md"].origin == UPLOAD
    removed = remove_documents(["harbour.md"], ix, settings)
    assert removed.removed == ["harbour.md"] and not kept.exists()
    assert "harbour.md" not in load_index(ix, FAKE).documents


def test_a_damaged_index_is_rebuilt_with_the_kept_uploads(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    up = _file(tmp_path / "t", "memo.txt", "The memo names Ilse Varga as harbour master.")
    add_files([(up, "memo.txt")], ix, settings, fake_embedder)
    live = ix / live_version_name(ix)
    (live / "manifest.json").write_text("{broken")
    result = ingest_paths([SEEDS], ix, settings, fake_embedder)
    assert result.warning and "Rebuilding" in result.warning
    assert "memo.txt" in load_index(ix, FAKE).documents


def test_a_name_indexed_from_elsewhere_is_not_silently_replaced(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    clash = _file(tmp_path / "t", seed.name, "A different text under the same name.")
    result, refused = add_files([(clash, seed.name)], ix, settings, fake_embedder)
    assert result is None and refused and "already indexed" in refused[0].reason
    other = _file(tmp_path / "folder", seed.name, "Yet another text under that name.")
    out = ingest_paths([other.parent], ix, settings, fake_embedder)
    assert any(s.path == seed.name and "rag remove" in s.reason for s in out.skipped)
    assert load_index(ix, FAKE).documents[seed.name].text == seed.read_text(encoding="utf-8")


def test_a_moved_folder_takes_over_its_documents(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    old = tmp_path / "project" / "docs"
    _file(old, "a.txt", "The Kelmar ferry leaves at noon.")
    ingest_paths([old], ix, settings, fake_embedder)
    new = tmp_path / "moved" / "docs"
    new.parent.mkdir()
    old.rename(new)
    result = ingest_paths([new], ix, settings, fake_embedder)
    assert not result.skipped and result.removed == []
    assert load_index(ix, FAKE).documents["a.txt"].origin == str(new.resolve())


def test_removing_an_unknown_name_changes_nothing(settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    before = live_version_name(ix)
    with pytest.raises(NotIndexedError, match="nope.txt"):
        remove_documents(["nope.txt", sorted(p.name for p in SEEDS.glob("*.txt"))[0]], ix, settings)
    assert live_version_name(ix) == before and len(load_index(ix, FAKE).documents) == 2


def test_publishing_on_a_stale_base_is_refused(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    base = load_index(ix, FAKE)
    _file(tmp_path / "x", "x.txt", "Another writer's file about Kelmar.")
    ingest_paths([tmp_path / "x"], ix, settings, fake_embedder)  # another writer publishes meanwhile
    live = live_version_name(ix)
    stale, _ = build_index(list(base.documents.values()), fake_embedder, max_chars=700, overlap=1,
                           approximate_above=10**6, previous=base)
    with pytest.raises(IndexConflictError):
        save_index(stale, ix, expected=base.version)
    assert live_version_name(ix) == live and "x.txt" in load_index(ix, FAKE).documents
    assert len([p for p in ix.iterdir() if p.name.startswith("v-")]) == 2  # the refused version was not left


def test_a_second_writer_waits_with_a_message_or_fails_in_one_line(tmp_path):
    ix = tmp_path / "ix"
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with writer_lock(ix, 5):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    with pytest.raises(IndexBusyError) as err:
        with writer_lock(ix, 0.2):
            pass
    assert "\n" not in str(err.value) and "WRITER_WAIT_S" in str(err.value)
    said: list[str] = []
    threading.Timer(0.3, release.set).start()
    t0 = time.monotonic()
    with writer_lock(ix, 5, said.append):
        waited = time.monotonic() - t0
    t.join()
    assert said and "waiting" in said[0] and waited >= 0.2


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.conftest import FakeEmbedder
    from rag.config import Settings
    import rag.index
    from rag.ingest import add_files, ingest_paths
    rag.index.STEP_HOOK = lambda step: time.sleep(0.05)  # widen every window between steps
    s = Settings()
    mode, target, index = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    for _ in range(3):
        if mode == "ingest":
            ingest_paths([target], index, s, FakeEmbedder())
        else:
            add_files([(p, p.name) for p in sorted(target.iterdir())], index, s, FakeEmbedder())
        for p in target.iterdir():
            p.write_text(p.read_text() + " More.")
    print("done", flush=True)
""")


def _writers(tmp_path: Path, jobs: list[tuple[str, Path]], index: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    procs = [subprocess.Popen([sys.executable, str(script), mode, str(folder), str(index)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for mode, folder in jobs]
    seen = set()
    while any(p.poll() is None for p in procs):
        if live_version_name(index):
            seen.add(load_index(index, FAKE).version)  # readers never block and never see a broken index
        time.sleep(0.02)
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0 and "done" in out, err
    assert len(seen) >= 2


def test_two_concurrent_ingests_keep_both_folders(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    a = tmp_path / "a"
    b = tmp_path / "b"
    for i in range(4):
        _file(a, f"a{i}.txt", f"Report {i} from folder A about the Kelmar ferry. " * 20)
        _file(b, f"b{i}.txt", f"Report {i} from folder B about the Druskin bridge. " * 20)
    _writers(tmp_path, [("ingest", a), ("ingest", b)], ix)
    loaded = load_index(ix, FAKE)
    assert {f"a{i}.txt" for i in range(4)} | {f"b{i}.txt" for i in range(4)} <= set(loaded.documents)
    assert all(loaded.documents[f"a{i}.txt"].text.endswith("More. More.") for i in range(4))
    assert len(loaded.documents) == 10 and loaded.faiss_index.ntotal == len(loaded.chunks)


def test_an_ingest_and_an_upload_at_once_keep_both(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    a = tmp_path / "a"
    up = tmp_path / "up"
    for i in range(3):
        _file(a, f"a{i}.txt", f"Folder report {i} on the Kelmar ferry. " * 20)
        _file(up, f"u{i}.md", f"Uploaded memo {i} on the Valdora station. " * 20)
    _writers(tmp_path, [("ingest", a), ("upload", up)], ix)
    loaded = load_index(ix, FAKE)
    assert {f"a{i}.txt" for i in range(3)} | {f"u{i}.md" for i in range(3)} <= set(loaded.documents)
    assert {loaded.documents[f"u{i}.md"].origin for i in range(3)} == {UPLOAD}
    assert sorted(p.name for p in uploads_dir(ix).iterdir()) == [f"u{i}.md" for i in range(3)]
    manifest = json.loads((ix / live_version_name(ix) / "manifest.json").read_text())
    assert set(manifest["files"]) == set(loaded.documents)
