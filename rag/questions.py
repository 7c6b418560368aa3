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


def previous_questions(history: Sequence[Any] | None, unanswered: str | None = None) -> list[str]:
    """The user's earlier questions, oldest first, from a history given as strings,
    (user, bot) pairs, or chat-message dicts / objects with `role` and `content`. A
    question whose reply contains `unanswered` (the abstention sentence) is left out: a
    follow-up must not inherit the words of a question the documents did not answer."""
    out: list[str] = []
    waiting = False  # the last question kept has not had its reply yet
    for turn in history or ():
        role, text = None, None
        if isinstance(turn, str):
            role, text = "user", turn
        elif isinstance(turn, dict):
            role, text = turn.get("role"), message_text(turn.get("content"))
        elif getattr(turn, "role", None) is not None:  # gradio ChatMessage and the like
            role, text = turn.role, message_text(getattr(turn, "content", None))
        elif isinstance(turn, (list, tuple)) and turn:
            question, reply = message_text(turn[0]), message_text(turn[1]) if len(turn) > 1 else None
            if question and question.strip() and not (unanswered and reply and unanswered in reply):
                out.append(question.strip())
            continue
        if role == "user" and text and text.strip():
            out.append(text.strip())
            waiting = True
        elif role == "assistant" and waiting:
            if unanswered and text and unanswered in text:
                out.pop()
            waiting = False
    return out
