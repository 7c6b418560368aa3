"""Plain text and Markdown, in any common encoding.

UTF-8 first (with or without BOM; UTF-16 with a BOM). Then Windows-1252 (a superset
of Latin-1 for text), kept only when the result reads as Western text: few non-ASCII
characters, all of them letters or common typographic marks. Statistical detection
alone mis-reads short Western texts (charset-normalizer takes "naïve garçon" for cp1257,
"naļve garēon"); a Cyrillic, Greek, Central European or Japanese file decoded as cp1252
fails that test (too many non-ASCII characters, or symbols such as ³ or ¿ inside words),
and charset-normalizer names its encoding (UTF-16/32 without a BOM excluded: they would
contain NUL bytes). A decode it is not confident of is refused rather than shown as
mojibake. NUL bytes in a file that is not UTF-16/32 mean binary: refused.
The text is kept exactly as decoded, so offsets index it. A first line such as
`date 2024-11-29 BEIRUT, Lebanon -` is a header of metadata (date, place), not a
sentence: it becomes metadata and the body starts after it. Markdown headings (`# ...`)
become locations, so a quote can say which section it is in.
"""

from __future__ import annotations

import re

from rag.readers import Extracted, Limits, Location, Unreadable

_HEADER = re.compile(
    r"\A\s*(?:date\s*:?\s*)?(\d{4}-\d{2}-\d{2})"
    r"(?:\s+([A-Z][A-Za-z.'’ -]*?(?:,\s*[A-Z][A-Za-z.'’ -]*?)*))?"
    r"\s*(?:\(([A-Za-z][A-Za-z .&]{1,30})\))?\s*[-–—:]?\s*$"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


def decode(data: bytes) -> str:
    """Bytes → text, or Unreadable with the reason."""
    boms = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
    for bom, codec in boms.items():
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as err:
                raise Unreadable(f"not valid {codec} (byte {err.start})") from None
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_western(western):
        return western
    from charset_normalizer import from_bytes

    wide = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]
    best = from_bytes(data, cp_exclusion=wide).best()
    if best is None or best.chaos > 0.2:
        raise Unreadable("binary or undecodable (no text encoding fits)")
    return str(best)


_TYPOGRAPHY = set("‘’‚“”„–—…€•«»°£©®™§·×")


def _reads_western(text: str) -> bool:
    """True when a cp1252 decode looks like real Western text, not mojibake of another code page."""
    high = [c for c in text if ord(c) > 127]
    letters = sum(c.isalpha() for c in text) or 1
    if len(high) > 0.3 * letters:
        return False
    return all(c.isalpha() or c in _TYPOGRAPHY for c in high)


def _title_case(place: str) -> str:
    """'BEIRUT, Lebanon' → 'Beirut, Lebanon' (datelines shout the city)."""
    return ", ".join(p.strip().title() if p.strip().isupper() else p.strip() for p in place.split(","))


def header(text: str) -> tuple[dict[str, str], int]:
    """Metadata from a dateline header line among the first three lines (a title may come
    first), and where the body starts: after that line (0: no header)."""
    m, end, title = None, 0, None
    for i, line in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text)):
        if i == 3 or line.start() > 400:
            break
        if len(line.group(0)) <= 120 and (m := _HEADER.match(line.group(0))):
            end = line.end()
            break
        title = title or line.group(0).strip().lstrip("#").strip()
    if m is None:
        return {}, 0
    meta = {"date": m.group(1)}
    if title:
        meta["title"] = title
    if m.group(2) and m.group(2).strip(" -–—"):
        meta["place"] = _title_case(m.group(2).strip(" -–—"))
    if m.group(3):
        meta["agency"] = m.group(3).strip()
    return meta, end


_DATELINE = re.compile(
    r"^\s*(?:#[^\n]*\n+)?\s*([A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][A-Za-z.'’ -]+)?)\s*(?:\(([A-Za-z][A-Za-z .&]{1,30})\))?\s*[—–-]{1,2}\s+\S",
)


def dateline_span(text: str, start: int = 0) -> tuple[int, int] | None:
    """Where the opening dateline of `text[start:]` is (place and agency), or None."""
    m = _DATELINE.match(text[start : start + 400])
    if not m:
        return None
    end = start + (m.end(2) + 1 if m.group(2) else m.end(1))
    while end > start and text[end - 1].isspace():
        end -= 1
    return start + m.start(1), end


def dateline(text: str) -> dict[str, str]:
    """Place (and news agency) from an opening dateline: 'BEIRUT, Lebanon (AP) — ...'."""
    m = _DATELINE.match(text[:400])
    if not m:
        return {}
    out = {"place": _title_case(m.group(1).strip(" -–—"))}
    if m.group(2):
        out["agency"] = m.group(2).strip()
    return out


def headings(text: str, start: int = 0) -> tuple[Location, ...]:
    """Each Markdown section as a location under its heading."""
    found = [(m.start(), m.group(2).strip()) for m in _HEADING.finditer(text, start)]
    out = []
    for i, (at, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        out.append(Location(at, end, None, title))
    return tuple(out)


def _title(text: str, start: int) -> str | None:
    """A short first line without a full stop reads as a title."""
    first = next((line.strip() for line in text[start:].splitlines() if line.strip()), "")
    first = first.lstrip("#").strip()
    if first and len(first) <= 150 and not first.endswith((".", "?", "!", ":")):
        return first
    return None


class TextReader:
    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text")

    def sniff(self, head: bytes, suffix: str) -> bool:
        return True  # the last resort: decoding decides

    def read(self, data: bytes, limits: Limits) -> Extracted:
        text = decode(data)
        if not text.strip():
            raise Unreadable("empty file")
        _, body = header(text)  # the header's metadata itself is read for every format in rag.readers
        meta = {"title": title} if (title := _title(text, body)) else {}
        return Extracted(text, meta, headings(text, body), body, "markdown" if _HEADING.search(text) else "text")


READER = TextReader()
