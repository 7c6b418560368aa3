"""Answer latency on seeds/ with the models loaded: p50/p95 and where the time goes.

Runs the regression question set once to warm up, then once measured. Reports retrieve,
select, the model's time (choosing: reading the evidence sentences; writing: first token,
prompt tokens, tokens/s) and verify, and the share of time spent outside the model calls.
Baseline in the same run: the naive script's warm prompt + generate (a plain llama.cpp
chat completion over the cited sentences and the question, 16 tokens, as in
benchmarks/cold_start.py), on the questions that reached the model.
Targets: p50 <= 1.5 s; outside the model <= 10%; warm p50 <= 0.75x the naive script's.
Usage: python benchmarks/latency.py [INDEX_DIR]   (default: index/, built by `make run`)
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.assistant import Assistant  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.evaluation import load_set  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * q))]


def main() -> None:
    settings = Settings()
    if len(sys.argv) > 1:
        settings.paths.index_dir = Path(sys.argv[1])
    assistant = Assistant(settings)
    questions = load_set(ROOT / "tests" / "regression" / "seed_qa.jsonl")
    for qa in questions[:3]:
        assistant.ask(qa.question)  # warm-up: loads both models, builds BM25 and IDF
    rows = [assistant.ask(qa.question).timings_ms for qa in questions]
    total = [r["total"] for r in rows]
    generated = [r for r in rows if r.get("generate", 0) > 0]
    print(f"machine: {platform.machine()}, python {platform.python_version()}, generator {assistant.generator.id}")
    print(f"questions: {len(rows)} ({len(generated)} reached the model, {len(rows) - len(generated)} abstained before it)")
    print(f"total     p50 {statistics.median(total):7.0f} ms   p95 {pct(total, 0.95):7.0f} ms   (target p50 <= 1500 ms)")
    for key in ("retrieve", "select", "first_token", "generate", "verify"):
        vals = [r.get(key, 0.0) for r in (generated if key in ("first_token", "generate") else rows)]
        print(f"{key:9} p50 {statistics.median(vals):7.1f} ms   p95 {pct(vals, 0.95):7.1f} ms")
    mode = "choose" if assistant.chooses() else "write"
    if mode == "write":
        prompt = [r["prompt_tokens"] for r in generated]
        speed = [r["completion_tokens"] / max((r["generate"] - r["first_token"]) / 1000, 1e-6) for r in generated
                 if r.get("completion_tokens", 0) > 1]
        print(f"prompt tokens p50 {statistics.median(prompt):.0f}; generation p50 {statistics.median(speed):.1f} tokens/s")
    else:
        print("mode: choose (the model reads the evidence sentences and writes nothing; 'generate' is that reading)")
    naive = naive_warm(assistant, [qa.question for qa in questions])
    ours = statistics.median(r["total"] for r in rows if r.get("generate", 0) > 0)
    print(f"naive script warm prompt+generate p50 {naive:7.0f} ms; ours (answers that reached the model) "
          f"p50 {ours:7.0f} ms: {ours / naive:.2f}x (target <= 0.75x)")
    # model calls: question+sentence embedding (inside retrieve/select) and generation; the rest is ours
    outside = sum(r["total"] - r["generate"] for r in rows)
    print(f"time outside generation: {100 * outside / sum(total):.1f}% of the total "
          f"(retrieve+select include the two embedding calls)")
    assistant.close()


def naive_warm(assistant: Assistant, questions: list[str], tokens: int = 16) -> float:
    """p50 ms of a plain llama.cpp chat completion (the bundled GGUF, loaded once and warmed
    up) over the sentences our answer cited plus the question: the warm part of the script
    a user would write first."""
    from llama_cpp import Llama

    from rag.llm import bundled_model_path, disable_extra_buffer_types

    disable_extra_buffer_types()
    llm = Llama(model_path=str(bundled_model_path()), n_ctx=2048, verbose=False, seed=0)
    times = []
    for i, q in enumerate(questions):
        answer = assistant.ask(q)
        if answer.abstained:
            continue
        prompt = "\n".join(c.quote for c in answer.citations) + "\n" + q
        t = time.perf_counter()
        llm.create_chat_completion(messages=[{"role": "user", "content": prompt}], max_tokens=tokens,
                                   temperature=0, top_k=1)
        if i >= 3:  # the first ones warm it up
            times.append((time.perf_counter() - t) * 1000)
    llm.close()
    return statistics.median(times)


if __name__ == "__main__":
    main()
