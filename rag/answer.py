"""The `Answer` object: what the CLI prints, the UI shows and `rag ask --json` emits.

Its field names are a public interface (see DESIGN.md); add fields, never rename them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

ABSTAIN_ANSWER = "The documents do not answer this question."


class Citation(BaseModel):
    n: int
    source: str
    start: int
    end: int
    quote: str
    sha256: str = ""  # of the document text the offsets index, so a later version is not mis-highlighted
    page: int | None = None  # 1-based, for paged formats (PDF)
    locator: str = ""  # readable place in the document: "p. 4", or the heading the quote sits under
    document: dict[str, str] = Field(default_factory=dict)  # title, date, author, place, url where known
    dates: list[dict[str, str]] = Field(default_factory=list)  # {"expression", "date", "derived"} for relative days


class Claim(BaseModel):
    source: str
    quote: str
    start: int | None = None
    end: int | None = None


class Disagreement(BaseModel):
    topic: str
    claims: list[Claim]
    # "figures": different (or, among agreements, the same) figures; "denial": a claim and its denial;
    # "framing": each source's own words on the subject of a "how do the reports describe …" question
    kind: str = "figures"

    @property
    def title(self) -> str:
        """How the CLI and the UI head this comparison."""
        return {"denial": "A claim and its denial", "framing": "Each source's own words"}.get(
            self.kind, "The sources disagree")


class PassageOut(BaseModel):
    source: str
    start: int
    end: int
    score: float
    dense: float | None = None
    bm25: float | None = None
    sha256: str = ""


class Answer(BaseModel):
    question: str
    answer: str
    read_as: str = ""  # the question as answered, when a misspelt word was read as the documents spell it
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    agreements: list[Disagreement] = Field(default_factory=list)  # where sources state the same figure
    passages: list[PassageOut] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    provenance: dict[str, str] = Field(default_factory=dict)
    support: float = 0.0  # how much of the question's rare-word weight the best evidence holds
    answerability: float = 0.0  # support + the best evidence's embedding similarity; abstained below a threshold
    draft: str = ""
    dropped: list[str] = Field(default_factory=list)
    origin: str = ""  # "model": the model's own verified words; "evidence": a quoted evidence sentence; "abstained"
