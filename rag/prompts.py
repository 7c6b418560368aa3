"""Prompt templates live in `prompts/NAME.txt`, never inside Python files.

A template has a `### system` and a `### user` section with `{evidence}` and
`{question}` placeholders; evidence lines are rendered here, one `[n] text` a
line, so every backend gets the same chat messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.errors import RagError
from rag.evidence import Evidence


@dataclass(frozen=True)
class Template:
    name: str
    system: str
    user: str

    def messages(self, question: str, evidence: list[Evidence]) -> list[dict[str, str]]:
        # File names are left out: the model needs the words, and names cost ~15 tokens each.
        lines = "\n".join(f"[{e.n}] {_flat(e.text)}" for e in evidence)
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user.format(evidence=lines, question=_flat(question))},
        ]


def _flat(text: str) -> str:
    """One line, and no text that could close the evidence block early."""
    return " ".join(text.split()).replace("</evidence>", "</ evidence>").replace("<evidence>", "< evidence>")


@dataclass(frozen=True)
class PassagePrompt:
    """A passage put before a question, for scoring how likely the passage makes the question."""

    name: str
    text: str

    def context(self, passage: str) -> str:
        return self.text.replace("{passage}", _flat(passage))


@lru_cache(maxsize=32)
def load_passage_prompt(prompts_dir: Path, name: str) -> PassagePrompt:
    path = prompts_dir / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as err:
        raise RagError(f"Cannot read prompt {path}: {err.strerror or err}")
    if "{passage}" not in text:
        raise RagError(f"Prompt {path} needs a {{passage}} placeholder.")
    return PassagePrompt(name, text)


@lru_cache(maxsize=32)
def load_template(prompts_dir: Path, name: str) -> Template:
    path = prompts_dir / f"{name}.txt"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        names = sorted(p.stem for p in prompts_dir.glob("*.txt"))
        raise RagError(f"No prompt template {name!r} in {prompts_dir}/ (have: {', '.join(names) or 'none'}).")
    sections: dict[str, list[str]] = {}
    current = None
    for line in raw.splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            sections[current] = []
        elif current:
            sections[current].append(line)
    if "system" not in sections or "user" not in sections:
        raise RagError(f"Prompt template {path} needs '### system' and '### user' sections.")
    return Template(name, "\n".join(sections["system"]).strip(), "\n".join(sections["user"]).strip())
