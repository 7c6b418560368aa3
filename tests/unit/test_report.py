"""The eval report is one self-contained page: plots embedded, nothing fetched."""

from __future__ import annotations

import re

from rag.report import sweep, write_report


def _row(i, answerable, abstained, support, correct, category="dates"):
    return {"id": f"x{i}", "category": category, "question": f"Question {i}?", "answer": "An answer [1].",
            "answerable": answerable, "abstained": abstained, "support": support, "correct": correct,
            "timings_ms": {"total": 900.0 + i}, "origin": "evidence", "draft": "[1] Draft.", "dropped": ["x (why)"]}


def test_sweep_counts_what_each_threshold_would_abstain_on():
    rows = [_row(0, True, False, 0.9, True), _row(1, True, False, 0.4, True), _row(2, False, False, 0.3, False),
            _row(3, False, True, 0.8, True)]
    assert sweep(rows, [0.0, 0.5, 1.0]) == [(0.0, 0.5, 0.0), (0.5, 1.0, 0.5), (1.0, 1.0, 1.0)]


def test_report_is_self_contained(tmp_path):
    rows = [_row(i, i % 3 != 0, i % 3 == 0, i / 10, i != 4) for i in range(10)]
    summary = {"questions": 10, "answer_accuracy": 0.8, "citation_precision": 1.0, "abstention_rate": 1.0,
               "false_abstention_rate": 0.0, "p50_ms": 900.0, "p95_ms": 909.0,
               "model_words": {"shown": 2, "correct": 2, "accuracy": 1.0},
               "quoted_evidence": {"shown": 4, "correct": 3, "accuracy": 0.75},
               "by_category": {"dates": {"questions": 10, "correct": 9}}}
    out = tmp_path / "report.html"
    write_report({"summary": summary, "results": rows}, out, "test")
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and "dates" in html and "9/10" in html
    assert "Question 4?" in html and "dropped: x (why)" in html
    assert not re.search(r"(src|href)=[\"']https?://", html), "the report must not fetch anything"
