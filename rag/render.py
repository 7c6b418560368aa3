"""HTML for the UI's sources panel: each citation highlighted inside its passage.

Everything shown comes from the index's own copy of each document (never from a path on
disk), and every piece of document text is HTML-escaped before it is marked up.
"""

from __future__ import annotations

from html import escape

from rag.answer import Answer
from rag.store import Store

CONTEXT_CHARS = 300


def _page_range(doc, start: int) -> tuple[int, int]:
    """The character range of the page holding `start` (the whole text for unpaged formats)."""
    for loc in doc.locations:
        if loc.page is not None and loc.holds(start):
            return loc.start, loc.end
    return 0, len(doc.text)


def _marked(text: str, start: int, end: int, context: int | None = CONTEXT_CHARS, floor: int = 0) -> str:
    """`text` around [start, end) – whole lines, about `context` chars each side (from
    `floor` on) – with the quote marked."""
    lo, hi = floor, len(text)
    if context is not None:
        lo = max(floor, text.rfind("\n", 0, max(0, start - context)) + 1)
        nl = text.find("\n", min(len(text), end + context))
        hi = len(text) if nl == -1 else nl
    before, quote, after = text[lo:start], text[start:end], text[end:hi]
    return (
        ("… " if lo > 0 else "") + escape(before) + f"<mark>{escape(quote)}</mark>" + escape(after)
        + (" …" if hi < len(text) else "")
    ).replace("\n", "<br>")


def sources_html(answer: Answer | None, index: Store) -> str:
    """Citations with their quotes highlighted in context; disagreements side by side."""
    if answer is None:
        return "<p class='rag-muted'>Ask a question: its sources appear here.</p>"
    parts: list[str] = []
    if answer.abstained:
        parts.append("<p class='rag-abstain'>No source answers this question, so nothing is cited.</p>")
    for c in answer.citations:
        doc = index.documents.get(c.source)
        if doc is None or (c.sha256 and doc.sha256 != c.sha256) or doc.text[c.start : c.end] != c.quote:
            # Offsets index the text the answer was made from; a changed file must not be mis-highlighted.
            why = "no longer indexed" if doc is None else "the file has changed since this answer; the quote as it was"
            parts.append(f"<div class='rag-cite' id='cite-{c.n}'><b>[{c.n}] {escape(c.source)}</b> ({why})<br>"
                         f"<mark>{escape(c.quote)}</mark></div>")
            continue
        page_lo, page_hi = _page_range(doc, c.start)
        meta = c.document or doc.metadata
        about = " · ".join(escape(meta[k]) for k in ("title", "date") if meta.get(k))
        full = "Show this page of the document" if c.page is not None else "Show in the full document"
        parts.append(
            f"<div class='rag-cite' id='cite-{c.n}'><div class='rag-cite-head'><b>[{c.n}]</b> "
            f"<span class='rag-file'>{escape(c.source)}</span>"
            + (f" <span class='rag-where'>{escape(c.locator)}</span>" if c.locator else "")
            + (f"<div class='rag-about'>{about}</div>" if about else "")
            + f"</div><div class='rag-context'>{_marked(doc.text, c.start, c.end)}</div>"
            f"<details><summary>{full}</summary>"
            f"<div class='rag-full'>{_marked(doc.text[:page_hi], c.start, c.end, None, page_lo)}</div></details></div>"
        )
    for agree, kind, items in ((False, "", answer.disagreements), (True, " rag-agree", answer.agreements)):
        for d in items:
            title = "The sources agree:" if agree else f"{d.title}:"
            columns = "".join(
                f"<div class='rag-claim{kind}'><span class='rag-file'>{escape(c.source)}</span><br>“{escape(c.quote)}”</div>"
                for c in d.claims
            )
            parts.append(f"<div class='rag-disagree'><b>{title}</b> {escape(d.topic)}?"
                         f"<div class='rag-claims'>{columns}</div></div>")
    return "".join(parts)


def passages_html(answer: Answer | None, index: Store) -> str:
    """The retrieved passages with their fused, dense and BM25 scores."""
    if answer is None or not answer.passages:
        return "<p class='rag-muted'>No passages yet.</p>"
    rows = []
    for i, p in enumerate(answer.passages, 1):
        doc = index.documents.get(p.source)
        current = doc is not None and (not p.sha256 or doc.sha256 == p.sha256)
        text = doc.text[p.start : p.end] if current else "(this file has changed or was removed since)"
        dense = "–" if p.dense is None else f"{p.dense:.3f}"
        bm25 = "–" if p.bm25 is None else f"{p.bm25:.2f}"
        rows.append(f"<tr><td>{i}</td><td>{escape(p.source)}</td><td>{p.score:.4f}</td><td>{dense}</td>"
                    f"<td>{bm25}</td><td>{escape(text[:400])}{'…' if len(text) > 400 else ''}</td></tr>")
    return ("<table class='rag-passages'><tr><th>#</th><th>file</th><th>fused</th><th>dense</th><th>BM25</th>"
            "<th>passage</th></tr>" + "".join(rows) + "</table>")


def chat_message(answer: Answer) -> str:
    """The verified answer as shown in the chat (markdown), with its sources listed under it."""
    read = f"<sub>Read as: {escape(answer.read_as)}</sub>\n\n" if answer.read_as else ""
    if answer.abstained:
        return f"{read}ℹ️ {answer.answer}"
    lines = [read + answer.answer, ""]
    lines += [f"<sub>[{c.n}] {escape(c.source)}</sub>  " for c in answer.citations]
    return "\n".join(lines).strip()
