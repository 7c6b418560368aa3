"""Run a question set through an `Assistant` and score it (used by `rag eval` and the tests).

Format (DESIGN.md): one JSON object a line, `{"id", "question", "answers", "sources"}`.
Every element of `answers` must appear in the answer (case-insensitive); an element that
is a list is satisfied by any of its strings; empty `answers` means the right response
is to abstain. An answer counts as correct only if it also stays within 80 words.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.answer import Answer
from rag.errors import RagError

MAX_WORDS = 80


@dataclass(frozen=True)
class QA:
    id: str
    question: str
    answers: list[Any]
    sources: list[str]
    category: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_set(path: Path) -> list[QA]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise RagError(f"Cannot read question set {path}: {err.strerror or err}")
    out = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            out.append(QA(str(raw["id"]), raw["question"], list(raw.get("answers", [])), list(raw.get("sources", [])),
                          str(raw.get("category", ""))))
        except (ValueError, KeyError, TypeError):
            raise RagError(f"{path}:{no}: not a question-set line (need id, question, answers, sources).")
    if not out:
        raise RagError(f"Question set {path} is empty.")
    return out


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def contains_answers(answer: str, required: list[Any]) -> bool:
    text = _fold(answer)
    for item in required:
        options = item if isinstance(item, list) else [item]
        if not any(_fold(o) in text for o in options):
            return False
    return True


def score(qa: QA, answer: Answer) -> dict[str, Any]:
    """Per-question verdicts; `correct` means right answer (or right abstention)."""
    words = len(answer.answer.split())
    cited = sorted({c.source for c in answer.citations})
    if qa.answerable:
        correct = (not answer.abstained) and words <= MAX_WORDS and contains_answers(answer.answer, qa.answers)
    else:
        correct = answer.abstained
    gold_cited = [s for s in cited if s in qa.sources] if qa.sources else []
    return {
        "correct": correct,
        "words": words,
        "cited_sources": cited,
        "citation_precision": (len(gold_cited) / len(cited)) if (cited and qa.sources) else None,
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    precisions = [r["citation_precision"] for r in rows if r["citation_precision"] is not None]

    def rate(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], bool]) -> float | None:
        return round(sum(map(key, items)) / len(items), 4) if items else None

    shown = [r for r in answerable if not r["abstained"]]

    def by_origin(origin: str) -> dict[str, Any]:
        rows_of = [r for r in shown if r.get("origin") == origin]
        return {"shown": len(rows_of), "correct": sum(r["correct"] for r in rows_of),
                "accuracy": rate(rows_of, lambda r: r["correct"])}

    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "accuracy": rate(rows, lambda r: r["correct"]),
        "answer_accuracy": rate(answerable, lambda r: r["correct"]),
        "citation_precision": round(sum(precisions) / len(precisions), 4) if precisions else None,
        "abstention_rate": rate(unanswerable, lambda r: r["abstained"]),
        "false_abstention_rate": rate(answerable, lambda r: r["abstained"]),
        "p50_ms": _percentile([r["timings_ms"].get("total", 0.0) for r in rows], 50),
        "p95_ms": _percentile([r["timings_ms"].get("total", 0.0) for r in rows], 95),
        # On answerable questions: answers in the model's own verified words vs quoted evidence.
        "model_words": by_origin("model"),
        "quoted_evidence": by_origin("evidence"),
        "by_category": {
            c: {"questions": len(of), "correct": sum(r["correct"] for r in of)}
            for c in sorted({r.get("category", "") for r in rows} - {""})
            for of in [[r for r in rows if r.get("category") == c]]
        },
    }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 2)


def run_set(
    ask: Callable[[str], Answer], questions: Iterable[QA], progress: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Ask every question; returns `{"summary": ..., "results": [Answer JSON + id + verdicts]}`."""
    results = []
    for qa in questions:
        answer = ask(qa.question)
        row = {"id": qa.id, "category": qa.category, **answer.model_dump(), "answerable": qa.answerable,
               **score(qa, answer)}
        results.append(row)
        if progress:
            progress()
    return {"summary": summarize(results), "results": results}
