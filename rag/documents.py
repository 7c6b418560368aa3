"""Read a corpus folder into `Document`s, skipping files that cannot be read.

Each file goes to the reader its content calls for (`rag.readers`: PDF, DOCX, HTML,
text/Markdown in any common encoding). The extracted text is what every offset
indexes (for a text file, the file's text exactly as decoded). A file that cannot be
read is not an error for the whole run: it is reported in `skipped` with the reason,
and the rest of the corpus is still indexed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from rag.readers import Limits, Location, Unreadable, extract, suffixes

UPLOAD = "upload"  # origin of documents added through the UI (kept in <index>/uploads/)


@dataclass(frozen=True)
class Document:
    """One source file: `source` is its path relative to the corpus root; `origin` is where
    it came from (the resolved folder or file it was ingested from, or `UPLOAD`), so that
    an ingest of one folder never removes documents that came from elsewhere."""

    source: str
    text: str
    sha256: str
    metadata: dict[str, str] = field(default_factory=dict)
    origin: str = ""
    locations: tuple[Location, ...] = ()  # character ranges → page / heading
    body_start: int = 0  # text before it is a header of metadata, never indexed as body
    format: str = "text"

    def reading(self) -> tuple:
        """What the reader made of the file besides its text: when this changes (a newer
        reader, say) the document is chunked again even though its text is the same."""
        return (self.body_start, self.format, self.locations, tuple(sorted(self.metadata.items())))

    def locate(self, start: int) -> tuple[int | None, str]:
        """The page and a readable locator ("p. 4", or the heading) of offset `start`."""
        page, heading = None, None
        for loc in self.locations:
            if loc.holds(start):
                page = loc.page if loc.page is not None else page
                heading = loc.heading or heading
        parts = ([f"p. {page}"] if page is not None else []) + ([heading] if heading else [])
        return page, ", ".join(parts)


@dataclass(frozen=True)
class Skipped:
    """A file left out of the index, and why."""

    path: str
    reason: str


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(
    path: Path, source: str, max_bytes: int, origin: str = ""
) -> tuple[Document | None, Skipped | None]:
    """Read one file with the reader its content calls for; never raises for a bad file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, Skipped(source, f"larger than the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as err:
        return None, Skipped(source, f"unreadable ({err.strerror or err})")
    if not data.strip():
        return None, Skipped(source, "empty file")
    try:
        got = extract(data, source, Limits(max_bytes=max_bytes))
    except Unreadable as err:
        return None, Skipped(source, str(err))
    doc = Document(source, got.text, sha256_text(got.text), dict(got.metadata), origin, got.locations,
                   got.body_start, got.format)
    return doc, None


def _candidates(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(suffixes()) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def origin_of(root: Path) -> str:
    """The origin recorded for documents read from `root` (absolute, symlinks resolved)."""
    return str(root.resolve())


def load_documents(paths: list[Path], max_bytes: int) -> tuple[list[Document], list[Skipped]]:
    """Load every .txt/.md file under `paths`; symlinks that leave a root are skipped."""
    docs: dict[str, Document] = {}
    skipped: list[Skipped] = []
    for root in paths:
        if not root.exists():
            skipped.append(Skipped(str(root), "no such file or folder"))
            continue
        base = root.parent if root.is_file() else root
        real_base = base.resolve()
        for path in _candidates(root):
            source = path.relative_to(base).as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(real_base):
                skipped.append(Skipped(source, "symlink that points outside the corpus"))
                continue
            doc, skip = read_document(path, source, max_bytes, origin_of(root))
            if skip:
                skipped.append(skip)
            elif doc:
                if doc.source in docs:
                    skipped.append(Skipped(source, "same file name already loaded from another folder"))
                    continue
                docs[doc.source] = doc
    return list(docs.values()), skipped
