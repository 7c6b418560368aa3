"""Check a question before any work is done on it.

Empty, too long or carrying control characters: a `QuestionError` with one line that
says which, so the CLI and the UI can show it instead of failing somewhere deeper.
"""

from __future__ import annotations

import unicodedata

from rag.errors import QuestionError


def clean_question(question: object, max_chars: int = 2000) -> str:
    """The question with surrounding whitespace removed, or a QuestionError."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = question.strip()
    if not text:
        raise QuestionError("The question is empty.")
    if len(text) > max_chars:
        raise QuestionError(f"The question is {len(text):,} characters long; the limit is {max_chars:,}.")
    bad = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"]
    if bad:
        raise QuestionError(f"The question contains control characters (first: U+{ord(bad[0]):04X}).")
    # Invisible format characters (zero-width spaces, BOMs) come with copied text: drop them.
    text = " ".join("".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cs", "Co")).split())
    if not text:
        raise QuestionError("The question is empty.")
    return text
