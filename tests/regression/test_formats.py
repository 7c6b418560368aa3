"""The seeds as the documents users bring: each format alone (PDF, DOCX, HTML news page),
ingested with the real embedder and asked a fixed half of the regression set (every second
question; the whole set is asked in test_seed_qa) with the real model.
Answer accuracy must stay within 5 points of the plain-text run; PDF citations must name
the page the quote is on; the HTML page's boilerplate is never quoted or answered from."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.about import asked_field
from rag.config import Settings
from rag.evaluation import QA, load_set, run_set
from tests import fixtures_docs as fx

pytestmark = pytest.mark.regression
ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Questions about a document's own metadata (author, dateline) are left out: the test documents carry
# metadata the plain seeds do not (an HTML page's author), which changes what the right answer is.
# Every second question: the four runs of the whole set (text and three formats) took half the
# suite's time once the set passed 250 questions, and a fixed half still spans every category.
QUESTIONS = [q for q in load_set(ROOT / "tests" / "regression" / "seed_qa.jsonl")[::2] if asked_field(q.question) is None]


def _make(fmt: str, folder: Path) -> None:
    folder.mkdir(parents=True)
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        path = folder / f"{seed.stem}.{fmt}"
        if fmt == "pdf":
            fx.write_pdf_reportlab(text, path)
        elif fmt == "docx":
            fx.write_docx(text, path)
        else:
            fx.write_news_page(text, path, title="Syria: the battle for Aleppo")


def _renamed(fmt: str) -> list[QA]:
    return [QA(q.id, q.question, q.answers, [s.replace(".txt", f".{fmt}") for s in q.sources]) for q in QUESTIONS]


@pytest.fixture(scope="module")
def baseline(assistant) -> dict:
    return run_set(assistant.ask, QUESTIONS)["summary"]


@pytest.fixture(scope="module", params=["pdf", "docx", "html"])
def formatted(request, assistant, tmp_path_factory):
    from rag.assistant import Assistant
    from rag.ingest import ingest_paths

    fmt = request.param
    folder = tmp_path_factory.mktemp(fmt) / "corpus"
    _make(fmt, folder)
    s = Settings()
    s.paths.index_dir = folder.parent / "index"
    result = ingest_paths([folder], s.paths.index_dir, s, assistant.embedder)
    assert not result.skipped and len(result.index.documents) == len(SEEDS)
    return fmt, Assistant(s, embedder=assistant.embedder, generator=assistant.generator)


def test_regression_set_within_five_points_of_text(formatted, baseline):
    fmt, a = formatted
    report = run_set(a.ask, _renamed(fmt))
    summary = report["summary"]
    assert summary["answer_accuracy"] >= baseline["answer_accuracy"] - 0.05, (fmt, summary, baseline)
    assert summary["abstention_rate"] >= baseline["abstention_rate"], (fmt, summary, baseline)
    assert summary["citation_precision"] >= 0.95, (fmt, summary)
    for row in report["results"]:
        for c in row["citations"]:
            doc = a.index.documents[c["source"]]
            assert doc.text[c["start"] : c["end"]] == c["quote"]
            if row["origin"] != "metadata":  # an answer about the document cites its header on purpose
                assert c["start"] >= doc.body_start, "a header line was quoted as body text"
            if fmt == "pdf":
                page = next(loc for loc in doc.locations if loc.page == c["page"])
                assert page.start <= c["start"] and c["end"] <= page.end and c["locator"] == f"p. {c['page']}"
            for fact in fx.BOILERPLATE_FACTS.values():
                assert fact[:25] not in c["quote"]


@pytest.mark.parametrize("formatted", ["html"], indirect=True)  # only the HTML page carries boilerplate
def test_boilerplate_is_never_an_answer(formatted):
    fmt, a = formatted
    assert fmt == "html"
    for q in ["By what percentage did stock markets in Tokyo fall?",
              "How much did the Port Melvin football club pay for its new striker?",
              "What is the telephone number of the Daily Courier newsroom?",
              "How many partners use cookies on the site?"]:
        answer = a.ask(q)
        assert answer.abstained, (q, answer.answer)
