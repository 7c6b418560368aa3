"""PDF: the text layer, page by page (pypdf, BSD-3-Clause; no AGPL library).

Each page's text is unwrapped into paragraphs: a line that ends in a hyphen followed by
a lower-case word is joined without it ("Alep-\\npo" → "Aleppo"), unless the page writes
that word with its hyphen elsewhere ("de-escalated" broken after "de-"); a line nearly as long as
the page's longer lines was wrapped and runs on into the next one with a space; a short
line ends its paragraph (the last line of a paragraph, a heading, a dateline). Pages are separated by a blank
line and each is a location, so a citation can say "p. 4". Refused by name: encrypted
(unless it opens with the empty password), no text layer (a scan: OCR is not done here),
corrupt, too many pages, and pages made of thousands of scattered fragments.
"""

from __future__ import annotations

import io
import re
from statistics import quantiles

from rag.readers import Extracted, Limits, Location, Unreadable


def _unwrap(page_text: str) -> str:
    """A page's lines → paragraphs separated by blank lines (one paragraph a line)."""
    lines = [" ".join(line.split()) for line in page_text.replace("\r", "\n").split("\n")]
    lengths = [len(line) for line in lines if line]
    if not lengths:
        return ""
    long_line = quantiles(lengths, n=4)[2] if len(lengths) >= 4 else max(lengths)
    paragraphs: list[str] = []
    last = ""  # the previous physical line, "" after a blank line
    for line in lines:
        if not line:
            last = ""
            continue
        prev = paragraphs[-1] if paragraphs else ""
        if not last:
            paragraphs.append(line)
        elif prev.endswith("-") and line[:1].islower() and len(prev) > 1 and prev[-2].isalpha():
            left, right = prev.split()[-1][:-1], line.split()[0]
            compound = f"{left}-{right}".lower() in page_text.replace("\n", " ").lower()
            paragraphs[-1] = prev + line if compound else prev[:-1] + line
        elif len(last) >= 0.7 * long_line:
            paragraphs[-1] = prev + " " + line
        else:
            paragraphs.append(line)
        last = line
    return "\n\n".join(paragraphs)


def _fragmented(text: str) -> bool:
    """Thousands of one- or two-letter pieces: characters placed one by one, not words."""
    tokens = text.split()
    return len(tokens) > 1000 and sum(len(t) <= 2 for t in tokens) / len(tokens) > 0.6


def _meta(reader) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        info = reader.metadata or {}
    except Exception:  # damaged info dictionary: the text is still usable
        return out
    for key, name in (("/Title", "title"), ("/Author", "author")):
        value = info.get(key)
        if value and str(value).strip():
            out[name] = str(value).strip()
    created = info.get("/CreationDate")
    if created and (m := re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(created))):
        out["date"] = "-".join(m.groups())
    return out


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        return b"%PDF-" in head[:1024]

    def read(self, data: bytes, limits: Limits) -> Extracted:
        from pypdf import PdfReader as Pdf
        from pypdf.errors import PdfReadError

        try:
            reader = Pdf(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0
                if not opened:
                    raise Unreadable("encrypted PDF (it needs a password)")
            pages = reader.pages
            if len(pages) > limits.max_pdf_pages:
                raise Unreadable(f"{len(pages):,} pages; the limit is {limits.max_pdf_pages:,}")
            texts = []
            for number, page in enumerate(pages, 1):
                raw = page.extract_text() or ""
                if _fragmented(raw):
                    raise Unreadable(f"page {number} is thousands of scattered text fragments, not readable text")
                texts.append(_unwrap(raw))
        except Unreadable:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError,
                RecursionError) as err:
            raise Unreadable(f"corrupt PDF ({type(err).__name__})") from None
        if not any(t.strip() for t in texts):
            raise Unreadable("no text layer (a scanned PDF? OCR is not done here)")
        parts, locations, cursor = [], [], 0
        for number, text in enumerate(texts, 1):
            if parts:
                parts.append("\n\n")
                cursor += 2
            parts.append(text)
            locations.append(Location(cursor, cursor + len(text), number, None))
            cursor += len(text)
        return Extracted("".join(parts), _meta(reader), tuple(locations), 0, "pdf")


READER = PdfReader()
