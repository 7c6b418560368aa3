"""The `rag` command's errors and start-up cost, through the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.index import save_index, build_index
from rag.documents import load_documents

ROOT = Path(__file__).resolve().parents[2]
RAG = str(Path(sys.executable).with_name("rag"))
HEAVY = ("torch", "sentence_transformers", "llama_cpp", "gradio", "transformers", "faiss")


def rag(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([RAG, *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **env})


def one_line_error(out: subprocess.CompletedProcess) -> str:
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory) -> Path:
    from tests.conftest import FakeEmbedder

    index_dir = tmp_path_factory.mktemp("cli") / "index"
    docs, _ = load_documents([ROOT / "seeds"], 10**7)
    save_index(build_index(docs, FakeEmbedder(), max_chars=700, overlap=1, approximate_above=10**6)[0], index_dir)
    return index_dir


def test_empty_question(tmp_path):
    assert "empty" in one_line_error(rag("ask", "   ", "--index", str(tmp_path)))


def test_overlong_and_control_character_questions(tmp_path):
    assert "limit" in one_line_error(rag("ask", "x" * 2500, "--index", str(tmp_path)))
    assert "control" in one_line_error(rag("ask", "what\x07is", "--index", str(tmp_path)))


def test_missing_index_says_to_ingest(tmp_path):
    line = one_line_error(rag("ask", "What happened?", "--index", str(tmp_path / "none")))
    assert "rag ingest" in line


def test_index_of_another_embedder_is_refused(fake_index):
    line = one_line_error(rag("ask", "What happened?", "--index", str(fake_index)))
    assert "fake/hash-bow" in line and "rag ingest" in line


def test_missing_and_unreadable_model(fake_index, tmp_path):
    line = one_line_error(rag("ask", "What happened?", "--index", str(fake_index), "--model", str(tmp_path / "x.gguf")))
    assert "not found" in line
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model")
    assert "not a GGUF" in one_line_error(rag("ask", "What?", "--index", str(fake_index), "--model", str(junk)))


def test_unknown_option_and_bad_setting(fake_index):
    assert "--frobnicate" in one_line_error(rag("ask", "What?", "--frobnicate"))
    assert "configuration" in one_line_error(rag("info", "--index", str(fake_index), RAG_RETRIEVAL__TOP_K="0"))


def test_info_reports_and_imports_nothing_heavy(fake_index):
    out = rag("info", "--index", str(fake_index), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["files"] == 2 and data["embedder"] == "fake/hash-bow" and data["dimension"] == 64
    code = ("import sys; from rag.cli import main; sys.argv = ['rag', 'info', '--index', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY', [m for m in {HEAVY!r} if m in sys.modules])")
    probe = subprocess.run([sys.executable, "-c", code, str(fake_index)], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in probe.stdout, probe.stdout + probe.stderr


def test_help_lists_every_command():
    out = rag("--help")
    assert out.returncode == 0
    for command in ("ingest", "ask", "chat", "ui", "eval", "info"):
        assert command in out.stdout


def test_ingest_reports_skipped_files_with_exit_code_2(tmp_path):
    """Some files skipped, the rest indexed: exit 2, each skipped file named."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "c" / "good.txt").write_text("A good report about the Kelmar ferry.", encoding="utf-8")
    out = rag("ingest", str(tmp_path / "c"), "--index", str(tmp_path / "ix"))
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "skipped bad.txt" in out.stderr and "1 files" in out.stdout
    assert json.loads(rag("info", "--index", str(tmp_path / "ix"), "--json").stdout)["sources"] == ["good.txt"]


def test_ingest_with_no_usable_file_exits_1_in_one_line(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    out = rag("ingest", str(tmp_path / "c"), "--index", str(tmp_path / "ix"))
    assert out.returncode == 1 and "bad.txt" in one_line_error(out)
    assert not (tmp_path / "ix" / "CURRENT").exists()


def test_unknown_top_level_setting_names_the_valid_one(fake_index):
    line = one_line_error(rag("info", "--index", str(fake_index), RAG_TOP_K="3"))
    assert "RAG_TOP_K" in line and "RAG_RETRIEVAL__TOP_K" in line
    line = one_line_error(rag("info", "--index", str(fake_index), RAG_RETRIEVAL__TOPK="3"))
    assert "RAG_RETRIEVAL__TOPK" in line and "RAG_RETRIEVAL__TOP_K" in line


def test_remove_drops_a_document_and_refuses_unknown_names(tmp_path, fake_index):
    import shutil

    ix = tmp_path / "ix"
    shutil.copytree(fake_index, ix)
    out = rag("remove", "nope.txt", "--index", str(ix))
    assert out.returncode == 1 and "nope.txt" in one_line_error(out)
    name = json.loads(rag("info", "--index", str(ix), "--json").stdout)["sources"][0]
    out = rag("remove", name, "--index", str(ix))
    assert out.returncode == 0 and f"removed {name}" in out.stdout, out.stderr
    assert name not in json.loads(rag("info", "--index", str(ix), "--json").stdout)["sources"]
