"""Relative time words → calendar dates, anchored on the document's own date.

A news report dated 2024-11-29 (a Friday) that says "the battles that started Wednesday"
means Wednesday 27 November 2024: the nearest Wednesday on or before the report's date.
"yesterday", "today", "tomorrow", "last/next <weekday>" resolve the same way; vague
expressions ("in recent weeks", "earlier this month") stay as the source wrote them.
The calendar arithmetic is python-dateutil's (relativedelta), not hand-written. Every
resolution says how it was derived, so a reader can check it against the cited words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EXPRESSION = re.compile(
    r"\b(?:(last|next|this past|this coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(yesterday|today|tonight|tomorrow)\b",
    re.I,
)


@dataclass(frozen=True)
class Resolved:
    """`expression` (text[start:end] of the sentence) means calendar day `day`."""

    expression: str
    start: int
    end: int
    day: date
    derived: str


def parse_date(value: str | None) -> date | None:
    """A document's date (ISO, as readers store it), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def spoken(day: date) -> str:
    """27 November 2024 (unambiguous in every locale)."""
    return f"{day.day} {day:%B %Y}"


def resolve(text: str, anchor: date) -> list[Resolved]:
    """Every weekday or day word in `text` with the calendar date it names, seen from a
    document dated `anchor`."""
    from dateutil.relativedelta import relativedelta, weekdays

    out = []
    for m in _EXPRESSION.finditer(text):
        modifier, weekday, word = (m.group(1) or "").lower(), (m.group(2) or "").lower(), (m.group(3) or "").lower()
        iso = anchor.isoformat()
        if weekday:
            wd = weekdays[_WEEKDAYS.index(weekday)]
            name = weekday.capitalize()
            if modifier in ("next", "this coming"):
                day = anchor + relativedelta(days=1, weekday=wd(+1))
                how = f"the {name} after the document's date, {iso}"
            elif modifier in ("last", "this past"):
                day = anchor + relativedelta(days=-1, weekday=wd(-1))
                how = f"the {name} before the document's date, {iso}"
            else:
                day = anchor + relativedelta(weekday=wd(-1))
                how = (f"the document's own date, {iso}, a {name}" if day == anchor
                       else f"the {name} before the document's date, {iso}")
        else:
            shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
            day = anchor + relativedelta(days=shift)
            how = {-1: "the day before", 0: "the day of", 1: "the day after"}[shift] + f" the document's date, {iso}"
        out.append(Resolved(m.group(0), m.start(), m.end(), day, how))
    return out


def has_relative_day(text: str) -> bool:
    return bool(_EXPRESSION.search(text))
