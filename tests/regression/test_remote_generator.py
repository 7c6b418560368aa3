"""The OpenAI-compatible backend against a real llama.cpp server on 127.0.0.1, serving the
bundled GGUF: answers and citations must match the local backend on the seed questions."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

from rag.config import Settings
from rag.llm import bundled_model_path

pytestmark = pytest.mark.regression
QUESTIONS = [
    "What was Hayat Tahrir al-Sham known as before 2017?",
    "Which town in Idlib province did the fighters advance on to secure supply lines to Aleppo?",
    "Who is the head of the Syrian Observatory for Human Rights?",
    "How many fighters were killed in the fighting?",
    "What is the name of the mayor of Aleppo?",
]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path_factory.mktemp("llm-server") / "server.log", "w+b")  # a pipe would fill up and block it
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.llm_server", "--model", str(bundled_model_path()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--seed", "0"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")[-2000:])
            time.sleep(0.5)
        else:
            raise RuntimeError("llama.cpp server did not start in 120 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_remote_backend_matches_local(server_url, assistant, seed_index_dir):
    from rag.assistant import Assistant

    s = Settings()
    s.paths.index_dir = seed_index_dir
    s.llm_url = server_url
    remote = Assistant(s, index=assistant.index, embedder=assistant.embedder)
    assert remote.generator.id.startswith("openai:") and not remote.chooses()  # a server's model writes
    w = Settings()
    w.generation.mode = "write"
    writer = Assistant(w, index=assistant.index, embedder=assistant.embedder, generator=assistant.generator)
    for q in QUESTIONS:
        local, far = writer.ask(q), remote.ask(q)
        assert far.abstained == local.abstained, q
        assert far.answer == local.answer, (q, far.draft, local.draft)
        assert [c.model_dump() for c in far.citations] == [c.model_dump() for c in local.citations]


def test_remote_streams_pieces(server_url):
    from rag.llm import OpenAICompatible

    pieces = list(OpenAICompatible(server_url).stream([{"role": "user", "content": "Count to five."}], 12, 0.0))
    assert len(pieces) > 1 and "".join(pieces).strip()


def test_unreachable_server_is_a_one_line_error():
    from rag.errors import ModelError
    from rag.llm import OpenAICompatible

    with pytest.raises(ModelError, match="Cannot reach"):
        list(OpenAICompatible("http://127.0.0.1:9/v1", timeout_s=2).stream([{"role": "user", "content": "x"}], 4, 0.0))
