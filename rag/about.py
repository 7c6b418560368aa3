"""Questions about a document itself: where it was filed, when it was published, who
wrote it. Their answers are the document's metadata (its dateline header, an opening
dateline, HTML meta tags, PDF/DOCX properties), not a sentence of its body.

The document asked about is the most relevant one that has the metadata asked for (in
the order retrieval ranks the documents). The answer cites the words the metadata came
from (the header line, or the dateline) so `quote == text[start:end]` still holds; when
it came from file properties with no words in the text, the citation quotes nothing and
its locator says "document properties".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.dates import parse_date, spoken
from rag.documents import Document

_DOC = r"(?:report|article|story|document|piece|dispatch|news item|this|it)"
_WHERE = re.compile(
    r"^(?:from )?where\b.*\b(?:filed|datelined)\b"
    r"|^(?:from |in )?(?:which|what) (?:city|town|place|country|location)\b.*\b" + _DOC + r"\b.*\bfiled\b"
    r"|^(?:from )?where\b.*\b" + _DOC + r"\b.*\b(?:written|reported from|based|come from|published)\b"
    r"|\bdatelined?\b", re.I)
_WHEN = re.compile(
    r"^(?:when|on what date|what date|which date|what day)\b.*\b" + _DOC + r"\b.*\b"
    r"(?:published|filed|written|dated|released|posted|issued)\b"
    r"|\b(?:publication|release) date\b.*\b" + _DOC + r"\b"
    r"|\bdate of (?:the |this )?(?:report|article|story|document)\b", re.I)
_WHO = re.compile(r"^who (?:wrote|authored|filed)\b.*\b" + _DOC + r"\b|\b(?:author|byline) of (?:the |this )?" + _DOC,
                  re.I)


@dataclass(frozen=True)
class AboutAnswer:
    """A sentence answering from one document's metadata, and the span it cites."""

    source: str
    text: str
    start: int
    end: int


FIELD_NAMES = {"place": "place of filing (dateline)", "date": "date", "author": "author (byline)"}


def asked_field(question: str) -> str | None:
    """Which metadata the question asks for: "place", "date", "author", or None."""
    q = question.strip()
    if _WHERE.search(q):
        return "place"
    if _WHEN.search(q):
        return "date"
    if _WHO.search(q):
        return "author"
    return None


def _span(doc: Document, field: str) -> tuple[int, int]:
    """Where in the text the metadata `field` was read from, or (0, 0) when nowhere."""
    if field in ("date", "place") and doc.body_start:
        head = doc.text[: doc.body_start]
        start = len(head) - len(head.lstrip())
        end = len(head.rstrip())
        if field != "place" or doc.metadata.get("place", "").split(",")[0].lower() in head.lower():
            return start, end
    if field == "place":
        from rag.readers.text import dateline_span

        found = dateline_span(doc.text, doc.body_start)
        if found:
            return found
    return 0, 0


def answer_about(question: str, ranked_sources: list[str], documents: dict[str, Document]) -> AboutAnswer | None:
    """The metadata answer to `question`, or None when it is not about a document's
    metadata or no relevant document has the field asked for."""
    field = asked_field(question)
    if field is None:
        return None
    for source in dict.fromkeys(ranked_sources):
        doc = documents.get(source)
        if doc is None or not doc.metadata.get(field):
            continue
        meta = doc.metadata
        if field == "place":
            agency = f" ({meta['agency']})" if meta.get("agency") else ""
            text = f"{source} was filed from {meta['place']}{agency}"
            if day := parse_date(meta.get("date")):
                text += f" on {spoken(day)}"
        elif field == "date":
            day = parse_date(meta["date"])
            text = f"{source} is dated {spoken(day) if day else meta['date']}"
            if meta.get("place"):
                text += f", filed from {meta['place']}"
        else:
            text = f"{source} is by {meta['author']}"
        start, end = _span(doc, field)
        return AboutAnswer(source, text, start, end)
    return None
