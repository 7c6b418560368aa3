"""Answer latency on seeds/ with the models loaded: p50/p95 and where the time goes.

Runs the regression question set once to warm up, then once measured. Reports retrieve,
select, the model's time (choosing: reading the evidence sentences; writing: first token,
prompt tokens, tokens/s) and verify, and the share of time spent outside the model calls.
Baselines in the same run, on the questions that reached the model: the naive script's
warm prompt + generate, a plain llama.cpp chat completion of 24 tokens (the bundled GGUF,
loaded once) over (a) the 4 passages retrieved for the question (what the first script a
user writes puts in its prompt; 4 is LangChain's default) and (b) only the sentences our
answer cited (a lower bound: a naive script cannot know them).
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

from rag.answer import Answer  # noqa: E402
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
    answers = [assistant.ask(qa.question) for qa in questions]
    rows = [a.timings_ms for a in answers]
    total = [r["total"] for r in rows]
    generated = [r for r in rows if r.get("generate", 0) > 0]
    print(f"machine: {platform.machine()}, python {platform.python_version()}, generator {assistant.generator.id}")
    print(f"questions: {len(rows)} ({len(generated)} reached the model, {len(rows) - len(generated)} abstained before it)")
    print(f"total     p50 {statistics.median(total):7.0f} ms   p95 {pct(total, 0.95):7.0f} ms   (target p50 <= 1500 ms)")
    mode = "choose" if assistant.chooses() else "write"
    for key in ("retrieve", "select", "first_token", "generate", "verify"):
        if key == "first_token" and mode == "choose":
            continue
        vals = [r.get(key, 0.0) for r in (generated if key in ("first_token", "generate") else rows)]
        print(f"{key:9} p50 {statistics.median(vals):7.1f} ms   p95 {pct(vals, 0.95):7.1f} ms")
    if mode == "write":
        prompt = [r["prompt_tokens"] for r in generated]
        speed = [r["completion_tokens"] / max((r["generate"] - r["first_token"]) / 1000, 1e-6) for r in generated
                 if r.get("completion_tokens", 0) > 1]
        print(f"prompt tokens p50 {statistics.median(prompt):.0f}; generation p50 {statistics.median(speed):.1f} tokens/s")
    else:
        print("mode: choose (the model reads the evidence sentences and writes nothing; 'generate' is that reading)")
    passages, cited = naive_warm(assistant, answers)
    ours = statistics.median(r["total"] for r in rows if r.get("generate", 0) > 0)
    print(f"ours, answers that reached the model: p50 {ours:7.0f} ms")
    print(f"naive warm prompt+generate over 4 retrieved passages: p50 {passages:7.0f} ms: ours {ours / passages:.2f}x "
          f"(target <= 0.75x)")
    print(f"naive warm prompt+generate over only the cited sentences (lower bound): p50 {cited:7.0f} ms: "
          f"ours {ours / cited:.2f}x")
    # model calls: question+sentence embedding (inside retrieve/select) and generation; the rest is ours
    outside = sum(r["total"] - r.get("generate", 0.0) for r in rows)
    print(f"time outside generation: {100 * outside / sum(total):.1f}% of the total "
          f"(retrieve+select include the two embedding calls)")
    assistant.close()


def naive_warm(assistant: Assistant, answers: list[Answer], tokens: int = 24) -> tuple[float, float]:
    """p50 ms of a plain llama.cpp chat completion (the bundled GGUF, loaded once and warmed
    up) over the 4 best passages plus the question, and over only the sentences our answer
    cited plus the question, on the questions our assistant did not abstain on."""
    from llama_cpp import Llama

    from rag.llm import bundled_model_path, disable_extra_buffer_types

    disable_extra_buffer_types()
    llm = Llama(model_path=str(bundled_model_path()), n_ctx=2048, verbose=False, seed=0)
    def completion(prompt: str) -> float:
        t = time.perf_counter()
        llm.create_chat_completion(messages=[{"role": "user", "content": prompt}], max_tokens=tokens,
                                   temperature=0, top_k=1)
        return (time.perf_counter() - t) * 1000

    over_passages, over_cited = [], []
    state = assistant.refresh()
    for i, answer in enumerate(answers):
        q = answer.question
        if answer.abstained:
            continue
        found = state.retriever.search(q, 4, assistant.embedder.encode([q])[0])
        texts = [state.index.documents[p.chunk.source].text[p.chunk.start:p.chunk.end] for p in found]
        a = completion("\n\n".join(texts) + "\n\nQuestion: " + q)
        b = completion("\n".join(c.quote for c in answer.citations) + "\n\nQuestion: " + q)
        if i >= 3:  # the first ones warm it up
            over_passages.append(a)
            over_cited.append(b)
    llm.close()
    return statistics.median(over_passages), statistics.median(over_cited)


if __name__ == "__main__":
    main()
