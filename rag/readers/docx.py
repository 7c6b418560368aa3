"""Word (.docx): paragraphs, headings and tables in document order (python-docx, MIT).

A DOCX is a ZIP: before anything is unpacked, its declared sizes are checked, and one
that would unpack to more than `Limits.max_unpacked_bytes` (or over 100 times its own
size) is refused as a zip bomb. Paragraphs with a Heading or Title style become headings,
so a quote can say which section it sits under. Title, author and creation date come
from the document's core properties.
"""

from __future__ import annotations

import io
import zipfile

from rag.readers import Extracted, Limits, Location, Unreadable


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable("corrupt DOCX (not a readable ZIP archive)") from None
    if "word/document.xml" not in names:
        raise Unreadable("corrupt DOCX (no word/document.xml inside)")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked_bytes or unpacked > 100 * max(len(data), 1) + 10_000_000:
        raise Unreadable(f"unpacks to {unpacked:,} bytes from {len(data):,}: refused as a zip bomb")


def _blocks(document):
    """Paragraphs and table cells' paragraphs, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _is_heading(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.startswith("Heading") or style == "Title"


class DocxReader:
    name = "docx"
    suffixes = (".docx",)

    def sniff(self, head: bytes, suffix: str) -> bool:
        zipped = head.startswith(b"PK\x03\x04")
        return zipped and (b"word/" in head or b"[Content_Types].xml" in head or suffix == ".docx")

    def read(self, data: bytes, limits: Limits) -> Extracted:
        _check_zip(data, limits)
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
            paragraphs = [(p.text.strip(), _is_heading(p)) for p in _blocks(document)]
            props = document.core_properties
        except Unreadable:
            raise
        except Exception as err:  # python-docx raises many kinds on damaged parts
            raise Unreadable(f"corrupt DOCX ({type(err).__name__})") from None
        parts: list[str] = []
        headings: list[tuple[int, str]] = []
        cursor = 0
        for text, heading in paragraphs:
            if not text:
                continue
            if parts:
                parts.append("\n\n")
                cursor += 2
            if heading:
                headings.append((cursor, text))
            parts.append(text)
            cursor += len(text)
        full = "".join(parts)
        if not full.strip():
            raise Unreadable("no text in the document")
        locations = tuple(
            Location(at, headings[i + 1][0] if i + 1 < len(headings) else len(full), None, title)
            for i, (at, title) in enumerate(headings)
        )
        meta: dict[str, str] = {}
        if props.title:
            meta["title"] = props.title.strip()
        elif headings:
            meta["title"] = headings[0][1]
        if props.author:
            meta["author"] = props.author.strip()
        if props.created:
            meta["date"] = props.created.date().isoformat()
        return Extracted(full, meta, locations, 0, "docx")


READER = DocxReader()
