"""Files → text, metadata and a map from character ranges to pages or headings.

One module per format, each behind the same small interface: `sniff(head, suffix)` says
whether the bytes are its format (content first: magic bytes, markup; the extension only
breaks ties), and `read(data, limits)` returns an `Extracted` or raises `Unreadable`
with the reason a user can act on. Adding a format means adding one module and one line
to `READERS`. Offsets in `locations` and `body_start` index `Extracted.text`, the text
every quote is cut from (`quote == text[start:end]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Unreadable(Exception):
    """A file this reader cannot use; `str(err)` is the reason, shown to the user by name."""


@dataclass(frozen=True)
class Location:
    """Characters [start, end) of the text are on `page` (1-based, paged formats) and/or
    under `heading` (the nearest heading above them)."""

    start: int
    end: int
    page: int | None = None
    heading: str | None = None

    def holds(self, offset: int) -> bool:
        """Whether character `offset` lies here (an empty range holds its own start)."""
        return self.start <= offset < max(self.end, self.start + 1)


def locations_to_rows(locations: "tuple[Location, ...]") -> list[list]:
    """Locations as JSON rows [start, end, page, heading] (how every store keeps them)."""
    return [[x.start, x.end, x.page, x.heading] for x in locations]


def locations_from_rows(rows: "list | None") -> "tuple[Location, ...]":
    """The inverse of `locations_to_rows`; nothing stored reads as no locations."""
    return tuple(Location(a, b, p, h) for a, b, p, h in rows or [])


@dataclass(frozen=True)
class Extracted:
    """What a reader made of a file."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)  # title, date, author, place, url
    locations: tuple[Location, ...] = ()
    body_start: int = 0  # text before it (a header line of metadata) is never indexed as body
    format: str = "text"


@dataclass(frozen=True)
class Limits:
    """Bounds that protect ingest from hostile files."""

    max_bytes: int = 20_000_000
    max_unpacked_bytes: int = 200_000_000  # a DOCX (ZIP) that unpacks to more is a zip bomb
    max_pdf_pages: int = 2_000


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def sniff(self, head: bytes, suffix: str) -> bool: ...

    def read(self, data: bytes, limits: Limits) -> Extracted: ...


def _readers() -> list[Reader]:
    from rag.readers import docx, html, pdf, text

    return [pdf.READER, docx.READER, html.READER, text.READER]  # most specific first; text takes the rest


def suffixes() -> tuple[str, ...]:
    """File name endings that a folder walk picks up."""
    return tuple(s for r in _readers() for s in r.suffixes)


def extract(data: bytes, name: str, limits: Limits) -> Extracted:
    """Read `data` (the bytes of file `name`) with the reader its content calls for.
    A known binary format's extension on other content, or binary content under a
    text extension, is refused: the name and the bytes disagree."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = data[:4096]
    readers = _readers()
    chosen = next(r for r in readers if r.sniff(head, suffix))
    claimed = next((r for r in readers if suffix in r.suffixes), None)
    if claimed is not None and claimed.name != chosen.name and claimed.name in ("pdf", "docx"):
        raise Unreadable(f"named {suffix} but the content is not {claimed.name.upper()} (looks like {chosen.name})")
    if claimed is not None and claimed.name == "text" and chosen.name in ("pdf", "docx"):
        raise Unreadable(f"named {suffix} but the content is {chosen.name.upper()}; rename it to .{chosen.name}")
    return _with_header(chosen.read(data, limits))


def _with_header(got: Extracted) -> Extracted:
    """Whatever the format, a first line such as `date 2024-11-29 BEIRUT, Lebanon -` is
    metadata (it wins over file properties, which date the file, not the article), and an
    opening dateline ('BEIRUT (AP) — ...') names the place."""
    from dataclasses import replace

    from rag.readers.text import dateline, header

    meta, body = header(got.text)
    if body and not got.text[body:].strip():
        raise Unreadable("no text besides its header line")
    merged = {**got.metadata, **{k: v for k, v in meta.items() if k != "title" or "title" not in got.metadata}}
    merged.update({k: v for k, v in dateline(got.text[body:]).items() if k not in merged})
    return replace(got, metadata=merged, body_start=max(body, got.body_start))
