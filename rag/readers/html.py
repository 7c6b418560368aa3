"""Web pages (HTML/XHTML): the article's main text only (trafilatura, Apache-2.0).

Navigation, cookie banners, "related stories", footers, scripts and styles are left
out by trafilatura's main-content extraction (precision favoured over recall: a
sentence of boilerplate in the index is a wrong answer waiting to happen). The text is
kept as Markdown headings plus the words exactly as the page shows them (trafilatura's
escapes and emphasis markers undone), so headings become locations and quotes are clean. Title, author, date and
URL come from the page's meta tags, `<time>` and JSON-LD. A page whose main text is
only a few words (all boilerplate) is refused by name.
"""

from __future__ import annotations

import re

from rag.readers import Extracted, Limits, Unreadable
from rag.readers.text import headings

_MARKUP = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_STRONG = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_EMPHASIS = re.compile(r"(?<![\\*\w])\*(?=\S)(.+?)(?<=[^\s\\])\*(?![*\w])")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def plain(markdown: str) -> str:
    """trafilatura's Markdown with the words as the page shows them: emphasis markers
    dropped and escapes undone ("\\[the terrorists\\]" → "[the terrorists]"); the heading
    markers at line starts stay, they are what locates a quote."""
    text = _STRONG.sub(r"\1", markdown)
    text = _EMPHASIS.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)
MIN_WORDS = 25


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def sniff(self, head: bytes, suffix: str) -> bool:
        return bool(_MARKUP.search(head[:2048]))

    def read(self, data: bytes, limits: Limits) -> Extracted:
        import trafilatura

        try:
            text = trafilatura.extract(
                data, output_format="markdown", include_formatting=True, include_links=False, include_images=False,
                include_tables=True, include_comments=False, favor_precision=True,
            )
            meta = trafilatura.extract_metadata(data)
        except Exception as err:  # a parser failure on hostile markup is the file's problem
            raise Unreadable(f"unreadable HTML ({type(err).__name__})") from None
        text = plain(text) if text else text
        if not text or len(text.split()) < MIN_WORDS:
            raise Unreadable("no article text (the page is navigation or boilerplate only)")
        out: dict[str, str] = {}
        if meta is not None:
            for key in ("title", "author", "date", "url"):
                value = getattr(meta, key, None)
                if value and str(value).strip():
                    out[key] = str(value).strip()
        return Extracted(text, out, headings(text), 0, "html")


READER = HtmlReader()
