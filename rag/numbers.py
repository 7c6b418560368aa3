"""Written numbers → digits, so figures are compared as values, not as words.

"Forty-five" must equal "45" and must not equal "five" (word by word it would be the
two figures 40 and 5, and "Five people were killed" would pass against "Forty-five
people were killed"). text2num (MIT, a maintained parser) turns compound number words
into digits; on top of it, a figure followed by a scale word ("1.5 million") becomes one
value, "a dozen" becomes 12, and thousands separators go ("45,000" == "45000").
Vague amounts ("dozens", "hundreds") stay words: they match themselves, never a figure.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER_WORD = re.compile(
    r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|trillion|dozen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b",
    re.I,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "dozen": 12}
_SCALED = re.compile(
    r"\b(\d+(?:,\d{3})*(?:\.\d+)?)\s+(thousand|million|billion|trillion|dozen|1000|1000000|1000000000)\b", re.I
)
_DOZEN = re.compile(r"\b(half a|a|one) dozen\b", re.I)
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b")


def _value(number: Decimal) -> str:
    """A canonical spelling of a value: 1500000 for 1.5e6, 2.5 for 2.50."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(match: re.Match[str]) -> str:
    try:
        base = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return match.group(0)
    word = match.group(2).lower()
    scale = _SCALES.get(word) or int(word)
    return _value(base * scale)


def canonical_numbers(text: str) -> str:
    """`text` with every written or grouped number as plain digits (not for display:
    offsets change)."""
    text = _DOZEN.sub(lambda m: "6" if m.group(1).lower() == "half a" else "12", text)
    if _NUMBER_WORD.search(text):
        from text_to_num import alpha2digit

        text = alpha2digit(text, "en", threshold=0)
    text = _SCALED.sub(_scaled, text)
    return _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)
