"""Check a question before any work is done on it.

Empty, too long or carrying control characters: a `QuestionError` with one line that
says which, so the CLI and the UI can show it instead of failing somewhere deeper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

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


def message_text(content: Any) -> str | None:
    """The text of one chat message's content, in any shape a chat front end sends it:
    a string; Gradio 6's list of parts (`[{"type": "text", "text": ...}]`); one part as a
    dict; or None when it holds no text (a file, an image)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        text = content.get("text")
        if isinstance(text, str) and content.get("type", "text") == "text":
            return text
        return None
    if isinstance(content, (list, tuple)):
        texts = [t for t in map(message_text, content) if t]
        return " ".join(texts) if texts else None
    return None


def previous_questions(history: Sequence[Any] | None) -> list[str]:
    """The user's earlier questions, oldest first, from a history given as strings,
    (user, bot) pairs, or chat-message dicts / objects with `role` and `content`."""
    out = []
    for turn in history or ():
        text = None
        if isinstance(turn, str):
            text = turn
        elif isinstance(turn, dict):
            if turn.get("role") == "user":
                text = message_text(turn.get("content"))
        elif getattr(turn, "role", None) is not None:  # gradio ChatMessage and the like
            if turn.role == "user":
                text = message_text(getattr(turn, "content", None))
        elif isinstance(turn, (list, tuple)) and turn:
            text = message_text(turn[0])
        if text and text.strip():
            out.append(text.strip())
    return out
