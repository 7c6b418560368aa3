"""Read a corpus folder into `Document`s, skipping files that cannot be text.

The text is kept exactly as decoded (no newline or whitespace normalisation) so that
character offsets computed later index the original file's text. A file that is not
usable text is not an error for the whole run: it is reported in `skipped` with the
reason, and the rest of the corpus is still indexed.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md")
UPLOAD = "upload"  # origin of documents added through the UI (kept in <index>/uploads/)
_DATE = re.compile(r"\bdate\s+(\d{4}-\d{2}-\d{2})\b")


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


@dataclass(frozen=True)
class Skipped:
    """A file left out of the index, and why."""

    path: str
    reason: str


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _metadata(text: str) -> dict[str, str]:
    """Title (first non-empty line) and dateline date when the article has one."""
    meta: dict[str, str] = {}
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first:
        meta["title"] = first[:120]
    if m := _DATE.search(text[:300]):
        meta["date"] = m.group(1)
    return meta


def decode(data: bytes, max_bytes: int) -> tuple[str | None, str | None]:
    """Return (text, None) for usable text, else (None, reason)."""
    if len(data) > max_bytes:
        return None, f"larger than the {max_bytes:,}-byte limit"
    if b"\x00" in data[:8192]:
        return None, "binary file"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, f"not valid UTF-8 (byte {err.start})"
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return None, "empty file"
    return text, None


def read_document(
    path: Path, source: str, max_bytes: int, origin: str = ""
) -> tuple[Document | None, Skipped | None]:
    """Read one file; never raises for a bad file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, Skipped(source, f"larger than the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as err:
        return None, Skipped(source, f"unreadable ({err.strerror or err})")
    text, reason = decode(data, max_bytes)
    if text is None:
        return None, Skipped(source, reason or "unusable")
    return Document(source, text, sha256_text(text), _metadata(text), origin), None


def _candidates(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
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
