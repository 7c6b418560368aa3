"""The torch-free question path: the ONNX export of the bundled MiniLM gives sentence-
transformers' vectors, the same answers, and `rag ask` on it never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from rag.config import Settings
from rag.embedding import MiniLMEmbedder, OnnxMiniLM, onnx_dir

pytestmark = pytest.mark.regression
QUESTION = "What was Hayat Tahrir al-Sham called before 2017?"


def test_onnx_vectors_equal_sentence_transformers(seed_index_dir, assistant):
    assert isinstance(assistant.embedder, OnnxMiniLM), "after an ingest, questions are embedded without torch"
    texts = [QUESTION, "x", "Die Kämpfe begannen am Mittwoch — 45.000 Menschen flohen. " * 40, "", "  spaced   out  "]
    onnx = OnnxMiniLM(onnx_dir(Settings().paths.cache_dir)).encode(texts)
    reference = MiniLMEmbedder().encode(texts)
    assert onnx.shape == reference.shape == (5, 384) and onnx.dtype == np.float32
    assert float(np.abs(onnx - reference).max()) < 1e-4
    # Batched and one at a time agree (padding must not leak into the mean).
    alone = np.vstack([OnnxMiniLM(onnx_dir(Settings().paths.cache_dir)).encode([t]) for t in texts])
    assert float(np.abs(alone - onnx).max()) < 1e-5


def test_same_answers_with_either_encoder(seed_index_dir, assistant):
    from rag.assistant import Assistant
    from rag.config import regression_set
    from rag.evaluation import load_set

    s = Settings()
    s.paths.index_dir = seed_index_dir
    with_torch = Assistant(s, embedder=MiniLMEmbedder(), generator=assistant.generator)
    for q in load_set(regression_set()):
        a, b = assistant.ask(q.question), with_torch.ask(q.question)
        assert (a.answer, [c.start for c in a.citations]) == (b.answer, [c.start for c in b.citations]), q.id


FAST = textwrap.dedent("""
    import json, sys
    from rag.cli import app
    try:
        app(["ask", sys.argv[1], "--index", sys.argv[2], "--json"], standalone_mode=False)
    finally:
        print(json.dumps({"torch": "torch" in sys.modules,
                          "sentence_transformers": "sentence_transformers" in sys.modules}))
""")


def test_rag_ask_imports_no_torch(seed_index_dir):
    out = subprocess.run([sys.executable, "-c", FAST, QUESTION, str(seed_index_dir)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    imported = json.loads(lines[-1])
    answer = json.loads("\n".join(lines[:-1]))
    assert "Jabhat al-Nusra" in answer["answer"]
    assert imported == {"torch": False, "sentence_transformers": False}, imported
