"""The PostgreSQL + pgvector store against a real server: the same rules and rankings as the
file store, one transaction per file, concurrent and killed writers, a server that goes
away and comes back, and the real pipeline giving the same answers on both stores."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest

from rag.chunking import chunk_text
from rag.config import Settings
from rag.documents import UPLOAD
from rag.errors import IndexInvalidError, IndexMissingError, NotIndexedError
from rag.index import load_index
from rag.ingest import add_files, ingest_paths, remove_documents, shard_of
from rag.store.files import FileStore
from rag.store.postgres import PgStore, StoreUnavailableError, _Pool
from tests.store.conftest import new_database

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FAKE = "fake/hash-bow"


def _settings(url: str, tmp_path: Path) -> Settings:
    s = Settings()
    s.paths.index_dir = tmp_path / "unused-index"
    s.store = url
    return s


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def consistent(url: str) -> dict[str, int]:
    """Check the store's invariants; chunks per document."""
    with psycopg.connect(url) as c:
        meta_chunks, meta_tokens = c.execute("SELECT chunks, bm25_tokens FROM rag_meta").fetchone()
        n, tokens = c.execute("SELECT count(*), coalesce(sum(bm25_len), 0) FROM rag_chunks").fetchone()
        assert (meta_chunks, meta_tokens) == (n, tokens), "the counters match the rows"
        assert c.execute("SELECT count(*) FROM (SELECT 1 FROM rag_chunks GROUP BY source, start_at "
                         "HAVING count(*) > 1) d").fetchone()[0] == 0, "no chunk is stored twice"
        for table in ("rag_postings", "rag_terms"):
            assert c.execute(f"SELECT count(*) FROM {table} t LEFT JOIN rag_chunks k ON k.id = t.chunk_id "
                             "WHERE k.id IS NULL").fetchone()[0] == 0, f"{table} names only existing chunks"
        assert c.execute("SELECT count(*) FROM rag_chunks k JOIN rag_documents d USING (source) "
                         "WHERE k.sha256 <> d.sha256").fetchone()[0] == 0, "every chunk is of its document's text"
        per_doc = dict(c.execute("SELECT d.source, count(k.id) FROM rag_documents d LEFT JOIN rag_chunks k "
                                 "USING (source) GROUP BY d.source").fetchall())
        texts = dict(c.execute("SELECT source, text FROM rag_documents").fetchall())
        starts = dict(c.execute("SELECT source, min(body_start) FROM rag_documents GROUP BY source").fetchall())
    s = Settings()
    for source, count in per_doc.items():
        expected = chunk_text(source, texts[source], s.chunking.max_chars, s.chunking.overlap_sentences, starts[source])
        assert count == len(expected), f"{source}: {count} chunks stored, {len(expected)} in the file"
    return per_doc


def test_ingest_update_remove_and_uploads_follow_the_file_store_rules(tmp_path, pg_url, fake_embedder):
    s = _settings(pg_url, tmp_path)
    with pytest.raises(IndexMissingError, match="rag ingest PATH --store"):
        PgStore.open(pg_url)
    other = _folder(tmp_path / "other", {"notes.md": "# Notes\n\nThe ferry to Kelmar leaves at noon.\n",
                                         "old.txt": "An old report about the Kelmar ferry and its captain."})
    first = ingest_paths([SEEDS], s.paths.index_dir, s, fake_embedder)
    assert (first.stats.added, first.saved) == (2, True)
    ingest_paths([other], s.paths.index_dir, s, fake_embedder)
    again = ingest_paths([SEEDS], s.paths.index_dir, s, fake_embedder)
    assert (again.stats.unchanged, again.stats.chunks_embedded, again.saved) == (2, 0, False)
    (other / "old.txt").unlink()
    (other / "notes.md").write_text("# Notes\n\nThe ferry to Kelmar now leaves at one.\n", encoding="utf-8")
    gone = ingest_paths([other], s.paths.index_dir, s, fake_embedder)
    assert gone.removed == ["old.txt"] and gone.stats.updated == 1
    store = PgStore.open(pg_url, FAKE)
    assert "leaves at one" in store.documents["notes.md"].text and "old.txt" not in store.documents

    upload = _folder(tmp_path / "gradio-tmp", {"harbour.md": "The harbour of Port Melvin was opened by Ilse Varga."})
    result, refused = add_files([(upload / "harbour.md", "harbour.md")], s.paths.index_dir, s, fake_embedder)
    assert result is not None and not refused
    (upload / "harbour.md").unlink()
    store = PgStore.open(pg_url, FAKE)
    assert store.documents["harbour.md"].origin == UPLOAD
    assert store.original("harbour.md") == b"The harbour of Port Melvin was opened by Ilse Varga."
    clash = _folder(tmp_path / "clash", {"harbour.md": "Another harbour."})
    skipped = ingest_paths([clash], s.paths.index_dir, s, fake_embedder).skipped
    assert [x.path for x in skipped] == ["harbour.md"] and "an upload" in skipped[0].reason
    with pytest.raises(NotIndexedError):
        remove_documents(["nope.txt"], s.paths.index_dir, s)
    assert remove_documents(["harbour.md"], s.paths.index_dir, s).removed == ["harbour.md"]
    assert set(consistent(pg_url)) == {p.name for p in SEEDS.iterdir()} | {"notes.md"}


def test_rankings_equal_the_file_store(tmp_path, pg_url, fake_embedder, settings):
    """BM25 in SQL and pgvector give the file store's passages and scores."""
    ingest_paths([SEEDS], settings.paths.index_dir, settings, fake_embedder)
    ingest_paths([SEEDS], settings.paths.index_dir, _settings(pg_url, tmp_path), fake_embedder)
    files, pg = FileStore(load_index(settings.paths.index_dir, FAKE)), PgStore.open(pg_url, FAKE)
    for query in ("Hayat Tahrir al-Sham before 2017", "how many fighters were killed", "Saraqab supply lines Aleppo",
                  "the the the", "Russian air strikes Idlib Idlib"):
        for kind in ("lexical", "dense"):
            arg = query if kind == "lexical" else fake_embedder.encode([query])[0]
            # Equal scores (this fake embedder ties often) may come in either order.
            a = sorted((-round(v, 4), files.chunk(k).source, files.chunk(k).start) for k, v in getattr(files, kind)(arg, 8))
            b = sorted((-round(v, 4), pg.chunk(k).source, pg.chunk(k).start) for k, v in getattr(pg, kind)(arg, 8))
            assert [x[0] for x in a] == [x[0] for x in b], (kind, query)
            cut = a[-1][0] if a else 0  # a tie at the cut-off may keep either of the tied
            assert [x for x in a if x[0] < cut] == [x for x in b if x[0] < cut], (kind, query)
            assert kind != "lexical" or a or query == "the the the", query
    terms = ["aleppo", "fighter", "saraqab", "nowhere-word"]
    (idf_a, unseen_a), (idf_b, unseen_b) = files.term_idf(terms), pg.term_idf(terms)
    assert idf_a == pytest.approx(idf_b) and unseen_a == pytest.approx(unseen_b) and "saraqab" in idf_a


def test_store_of_another_embedder_is_refused_with_the_fix(tmp_path, pg_url, fake_embedder):
    s = _settings(pg_url, tmp_path)
    ingest_paths([SEEDS], s.paths.index_dir, s, fake_embedder)
    with pytest.raises(IndexInvalidError, match="--recreate"):
        PgStore.open(pg_url, "other/embedder")

    class Other(type(fake_embedder)):
        id = "other/embedder"
        dim = 32

    with pytest.raises(IndexInvalidError, match="built with embedder 'fake/hash-bow'"):
        ingest_paths([SEEDS], s.paths.index_dir, s, Other())
    rebuilt = ingest_paths([SEEDS], s.paths.index_dir, s, Other(), recreate=True)
    assert rebuilt.stats.added == 2 and PgStore.open(pg_url, "other/embedder").dim == 32


def test_shards_split_a_folder_and_together_cover_it(tmp_path, pg_url, fake_embedder):
    folder = _folder(tmp_path / "many", {f"doc{i:02d}.txt": f"Report {i}: the bridge number {i} is blue." for i in range(12)})
    s = _settings(pg_url, tmp_path)
    one = ingest_paths([folder], s.paths.index_dir, s, fake_embedder, shard=(1, 3))
    assert 0 < one.stats.added < 12
    assert all(shard_of(n, 3) == 0 for n in PgStore.open(pg_url).names())
    for i in (2, 3):
        ingest_paths([folder], s.paths.index_dir, s, fake_embedder, shard=(i, 3))
    assert len(consistent(pg_url)) == 12
    # A shard's run never removes another shard's files.
    again = ingest_paths([folder], s.paths.index_dir, s, fake_embedder, shard=(2, 3))
    assert again.removed == [] and len(PgStore.open(pg_url).names()) == 12


def test_concurrent_ingests_from_several_processes_neither_duplicate_nor_half_write(tmp_path, pg_url):
    """Five `rag ingest` processes at once on one store: two folders, the same folder twice,
    and a third folder split in two shards (as two machines would)."""
    a = _folder(tmp_path / "a", {f"a{i}.txt": f"Alpha note {i}. The red ferry sails on day {i}." for i in range(6)})
    b = _folder(tmp_path / "b", {f"b{i}.txt": f"Beta note {i}. The green train leaves at {i}." for i in range(6)})
    c = _folder(tmp_path / "c", {f"c{i}.txt": f"Gamma note {i}. The blue tram stops {i} times." for i in range(8)})
    rag = str(Path(sys.executable).with_name("rag"))
    runs = [[str(a)], [str(b)], [str(a)], [str(c), "--shard", "1/2"], [str(c), "--shard", "2/2"]]
    procs = [subprocess.Popen([rag, "ingest", *args, "--store", pg_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for args in runs]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, out + err
    per_doc = consistent(pg_url)
    assert set(per_doc) == {f"a{i}.txt" for i in range(6)} | {f"b{i}.txt" for i in range(6)} | {
        f"c{i}.txt" for i in range(8)}
    assert all(n == 1 for n in per_doc.values())


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    import rag.store.postgres as pg
    from rag.config import Settings
    from rag.ingest import ingest_paths
    from tests.conftest import FakeEmbedder
    seen = []
    def hook(step):
        if step == "postings-written":
            seen.append(step)
            if len(seen) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
    pg.STEP_HOOK = hook
    s = Settings()
    s.store = sys.argv[2]
    ingest_paths([Path(sys.argv[1])], Path("unused"), s, FakeEmbedder())
""")


def test_killed_ingest_leaves_no_partial_document(tmp_path, pg_url, fake_embedder):
    folder = _folder(tmp_path / "docs", {f"d{i}.txt": "First sentence here. " * 60 + f"Number {i}." for i in range(3)})
    out = subprocess.run([sys.executable, "-c", KILLER, str(folder), pg_url, str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == -9, out.stderr
    per_doc = consistent(pg_url)
    assert len(per_doc) == 1, f"only the file whose transaction committed is there: {per_doc}"
    done = ingest_paths([folder], Path("unused"), _settings(pg_url, tmp_path), fake_embedder)
    assert (done.stats.added, done.stats.unchanged) == (2, 1) and len(consistent(pg_url)) == 3


class _Echo:
    """Stands in for the model: cites evidence [1] with its own words (a unit-test fake)."""

    id = "fake/echo"

    def stream(self, messages, max_tokens, temperature, grammar=None, usage=None):
        yield "I don't know."

    def close(self) -> None:
        pass


def test_database_going_away_gives_one_line_and_questions_work_again(pg_data_dir, tmp_path, fake_embedder):
    import pgserver

    from rag.assistant import Assistant

    data = pg_data_dir
    server = pgserver.get_server(data, cleanup_mode="stop")
    url = new_database(server.get_uri())
    s = _settings(url, tmp_path)
    ingest_paths([SEEDS], s.paths.index_dir, s, fake_embedder)
    assistant = Assistant(s, embedder=fake_embedder, generator=_Echo())
    question = "What was Hayat Tahrir al-Sham called before 2017?"
    assert "Jabhat al-Nusra" in assistant.ask(question).answer
    server.cleanup()  # the database stops
    with pytest.raises(StoreUnavailableError, match=r"^The store .* is unreachable \(.*\); try again when it is back\.$"):
        assistant.ask(question)
    rag = str(Path(sys.executable).with_name("rag"))
    down = subprocess.run([rag, "info", "--store", url], capture_output=True, text=True, timeout=60)
    assert down.returncode == 5 and down.stderr.count("\n") == 1 and "unreachable" in down.stderr, down.stderr
    server = pgserver.get_server(data, cleanup_mode="stop")  # it comes back
    try:
        assert "Jabhat al-Nusra" in assistant.ask(question).answer
        up = subprocess.run([rag, "info", "--store", url, "--json"], capture_output=True, text=True, timeout=60)
        assert up.returncode == 0 and json.loads(up.stdout)["files"] == 2
    finally:
        _Pool.close_all()
        server.cleanup()


@pytest.mark.regression
def test_regression_set_gives_the_same_answers_on_both_stores(tmp_path, pg_url, assistant):
    """The real pipeline (MiniLM, pgvector, SQL BM25, SmolLM2) on every seed question:
    the same answer, citations and passages as the file store."""
    from rag.assistant import Assistant
    from rag.config import regression_set
    from rag.evaluation import load_set

    s = _settings(pg_url, tmp_path)
    ingest_paths([SEEDS], s.paths.index_dir, s, assistant.embedder)
    on_pg = Assistant(s, embedder=assistant.embedder, generator=assistant.generator)
    assert isinstance(on_pg.index, PgStore)
    for q in load_set(regression_set()):
        a, b = assistant.ask(q.question), on_pg.ask(q.question)
        assert b.answer == a.answer, q.id
        assert [(c.source, c.start, c.end) for c in b.citations] == [(c.source, c.start, c.end) for c in a.citations]
        assert [(p.source, p.start) for p in b.passages] == [(p.source, p.start) for p in a.passages], q.id


@pytest.mark.regression
def test_two_ui_servers_on_one_store_see_each_others_uploads(tmp_path, pg_url, assistant):
    from gradio_client import Client, handle_file

    from rag.assistant import Assistant
    from rag.ui.app import launch
    from tests.ui.test_app import free_port

    s = _settings(pg_url, tmp_path)
    ingest_paths([SEEDS], s.paths.index_dir, s, assistant.embedder)
    servers, urls = [], []
    for _ in range(2):
        one = Assistant(s, embedder=assistant.embedder, generator=assistant.generator)
        port = free_port()
        servers.append(launch(one, port=port, block=False))
        urls.append(f"http://127.0.0.1:{port}/")
    try:
        memo = _folder(tmp_path / "up", {"memo-kelmar.txt": "The Kelmar ferry was renamed Silver Heron by captain "
                                                            "Odile Brandt in 2019.\n"})
        status, _, _ = Client(urls[0], verbose=False).predict([handle_file(str(memo / "memo-kelmar.txt"))],
                                                             api_name="/upload")
        assert "Indexed" in status
        other = Client(urls[1], verbose=False, download_files=False)
        r = other.predict("Who renamed the Kelmar ferry?", 0, api_name="/ask")
        assert "Odile Brandt" in r["answer"] and r["citations"][0]["source"] == "memo-kelmar.txt", r
        status, listing, _ = other.predict(["memo-kelmar.txt"], api_name="/remove")
        assert "Removed" in status
        r = Client(urls[0], verbose=False, download_files=False).predict("Who renamed the Kelmar ferry?", 0,
                                                                          api_name="/ask")
        assert "memo-kelmar.txt" not in {c["source"] for c in r["citations"]}
    finally:
        for demo in servers:
            demo.close()


def test_a_document_replaced_between_search_and_read_is_skipped(tmp_path, pg_url, fake_embedder):
    from rag.retrieval import Retriever

    folder = _folder(tmp_path / "docs", {"a.txt": "The red ferry sails to Kelmar at noon.",
                                         "b.txt": "The red train leaves Kelmar at one."})
    s = _settings(pg_url, tmp_path)
    ingest_paths([folder], s.paths.index_dir, s, fake_embedder)
    store = PgStore.open(pg_url, FAKE)
    found = store.lexical("red Kelmar", 5)
    assert len(found) == 2
    (folder / "a.txt").write_text("The blue ferry now sails to Kelmar at two.", encoding="utf-8")
    ingest_paths([folder], s.paths.index_dir, s, fake_embedder)  # another writer, between search and read
    stale = next(k for k, _ in found if store._chunks[k][0] == "a.txt")
    with pytest.raises(KeyError):
        store.chunk(stale)
    passages = Retriever(store, fake_embedder).search("red Kelmar", 5)
    assert passages and all(p.chunk.text == store.documents[p.chunk.source].text[p.chunk.start:p.chunk.end]
                            for p in passages)
