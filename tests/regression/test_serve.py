"""`rag serve` keeps the models loaded and answers `rag ask`; the answer is the in-process one."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.config import Settings
from rag.serve import ask_server, socket_path
from tests.regression.test_pipeline import rag

pytestmark = pytest.mark.regression
RAG = str(Path(sys.executable).with_name("rag"))
QUESTIONS = ["What was Hayat Tahrir al-Sham called before 2017?", "What is the population of Aleppo?"]
CLIENT = """
import json, sys
from pathlib import Path
from rag.config import Settings
from rag.serve import ask_server
s = Settings()
s.paths.index_dir = Path(sys.argv[1])
a = ask_server(s, sys.argv[2])
heavy = [m for m in ("torch", "onnxruntime", "llama_cpp", "spacy", "faiss", "sentence_transformers") if m in sys.modules]
print(json.dumps({"answer": a and a.model_dump(mode="json"), "heavy": heavy}))
"""


def _settings(index: Path) -> Settings:
    s = Settings()
    s.paths.index_dir = index
    return s


@pytest.fixture(scope="module")
def server(seed_index_dir):
    path = socket_path(_settings(seed_index_dir))
    proc = subprocess.Popen([RAG, "serve", "--index", str(seed_index_dir)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(240):
            if path.exists():
                break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read())
            time.sleep(0.5)
        else:
            raise RuntimeError("rag serve did not start in 120 s")
        yield proc, path
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_client_gets_the_same_answer_without_loading_any_model(server, assistant, seed_index_dir):
    for q in QUESTIONS:
        out = subprocess.run([sys.executable, "-c", CLIENT, str(seed_index_dir), q], capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stderr
        got = json.loads(out.stdout)
        assert got["heavy"] == [], got["heavy"]
        here = assistant.ask(q)
        assert got["answer"]["answer"] == here.answer and got["answer"]["abstained"] == here.abstained
        assert got["answer"]["citations"] == [c.model_dump(mode="json") for c in here.citations]


def test_rag_ask_uses_the_server_and_keeps_errors(server, seed_index_dir):
    out = rag("ask", QUESTIONS[0], "--index", str(seed_index_dir), "--json")
    assert out.returncode == 0, out.stderr
    assert "Jabhat al-Nusra" in json.loads(out.stdout)["answer"]
    bad = rag("ask", "   ", "--index", str(seed_index_dir))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_other_settings_are_not_answered_by_this_server(server, seed_index_dir):
    other = _settings(seed_index_dir)
    other.retrieval.top_k = 3
    assert socket_path(other) != server[1]
    assert ask_server(other, QUESTIONS[0]) is None


def test_a_second_server_for_the_same_settings_refuses(server, seed_index_dir):
    out = rag("serve", "--index", str(seed_index_dir), timeout=120)
    assert out.returncode == 1 and "already running" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_stopping_removes_the_socket_and_a_stale_one_is_ignored(server, seed_index_dir):
    proc, path = server
    proc.terminate()
    proc.wait(timeout=30)
    assert not path.exists()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # what a killed server leaves behind
    stale.close()
    try:
        assert ask_server(_settings(seed_index_dir), QUESTIONS[0]) is None
    finally:
        path.unlink(missing_ok=True)
