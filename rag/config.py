"""One `Settings` object for every knob, read from `RAG_*` environment variables.

Nested groups keep related knobs together (`RAG_RETRIEVAL__TOP_K=8`); the two knobs
people set most have short names of their own (`RAG_MODEL`, `RAG_LLM_URL`). Every field
has a default, a type, a bound and a description; unknown keys are rejected so a typo
fails loudly instead of being ignored. This module imports nothing heavy.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_prompts_dir() -> Path:
    """The repository's prompts/ when running from a checkout; else the copy the wheel
    installs inside the package (rag/templates/)."""
    checkout = PROJECT_ROOT / "prompts"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "templates"


def regression_set() -> Path | None:
    """The seed regression set, which exists only in a checkout of the repository."""
    path = PROJECT_ROOT / "tests" / "regression" / "seed_qa.jsonl"
    return path if path.is_file() else None


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PathSettings(_Group):
    index_dir: Path = Field(Path("index"), description="Where `rag ingest` writes the index.")
    corpus: Path = Field(Path("seeds"), description="Default folder `rag ingest` reads.")
    prompts_dir: Path = Field(default_factory=default_prompts_dir, description="Prompt templates, one file per name.")
    cache_dir: Path = Field(
        default_factory=lambda: Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "groundtruth-rag",
        description="Derived files shared by every index: the ONNX export of the embedder.",
    )


class ChunkSettings(_Group):
    max_chars: int = Field(700, ge=100, le=20_000, description="Longest chunk, in characters.")
    overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated between neighbouring chunks.")


class LimitSettings(_Group):
    max_file_bytes: int = Field(20_000_000, ge=1, description="Files larger than this are skipped at ingest.")
    max_question_chars: int = Field(2_000, ge=10, le=100_000, description="Longest question accepted.")
    writer_wait_s: float = Field(
        600.0, ge=0, le=86_400, description="How long a writer waits for another writer of the same index."
    )


class RetrievalSettings(_Group):
    top_k: int = Field(6, ge=1, le=100, description="Passages kept after fusion (plus the best passage of each "
                                                      "other source within twice that rank).")
    candidates: int = Field(30, ge=1, le=1000, description="Results taken from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1, le=1000, description="Reciprocal-rank-fusion constant.")
    onnx_encoder: bool = Field(
        True, description="Embed questions with the ONNX export of the embedder (no torch) when `rag ingest` made it."
    )
    approximate_above: int = Field(
        200_000, ge=1, description="Index size above which FAISS switches to an approximate (HNSW) index."
    )


class EvidenceSettings(_Group):
    max_sentences: int = Field(3, ge=1, le=20, description="Evidence sentences put in the prompt.")
    min_answerability: float = Field(
        0.87, ge=0.0, le=2.0,
        description="Abstain below this answerability: the best evidence's share of the question's words plus its "
        "embedding similarity to the question (each 0 to 1).",
    )
    relevance_margin: float = Field(
        0.15, ge=0.0, le=1.0,
        description="A verified sentence must cite evidence scoring within this of the best evidence, or it is off-topic.",
    )
    trust_unknown_below: float = Field(
        0.0, ge=0.0, le=1.0,
        description="When the model says it does not know, abstain if support is below this; else quote the evidence.",
    )


class GenerationSettings(_Group):
    max_tokens: int = Field(64, ge=1, le=4096, description="Longest draft the model may write.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature; 0 is deterministic.")
    n_ctx: int = Field(2048, ge=256, le=131_072, description="Model context window, in tokens.")
    n_threads: int | None = Field(None, ge=1, le=256, description="CPU threads for llama.cpp (default: all).")
    prompt: str = Field("answer", description="Name of the prompt template in prompts/.")
    grammar: bool = Field(True, description="Constrain the draft with GBNF: a valid [n] first, one sentence.")
    timeout_s: float = Field(120.0, gt=0, description="Timeout for a remote generator request.")
    mode: Literal["auto", "choose", "write"] = Field(
        "auto",
        description="choose: the model picks the evidence sentence that answers (how likely each makes the "
        "question) and that sentence is quoted; write: the model writes a sentence, which is verified; "
        "auto: choose with the bundled small model, write with --model or --llm-url.",
    )
    choose_prompt: str = Field("choose", description="Prompt file in prompts/ that puts a passage before the question.")


class UiSettings(_Group):
    users_file: Path | None = Field(
        None, description="Users allowed to log in (`rag user add`); required to serve on any address but 127.0.0.1."
    )
    read_only: bool = Field(False, description="Serve the chat without uploads or removals.")
    max_upload_files: int = Field(20, ge=1, le=10_000, description="Most files one upload may add.")


class Settings(BaseSettings):
    """Everything configurable; construct once per process and pass it down."""

    model_config = SettingsConfigDict(env_prefix="RAG_", env_nested_delimiter="__", extra="forbid")

    model: Path | None = Field(None, description="A GGUF file to answer with (default: bundled SmolLM2-135M).")
    llm_url: str | None = Field(None, description="An OpenAI-compatible server (http://HOST:PORT/v1) to answer with.")
    store: str | None = Field(
        None, pattern=r"^postgres(ql)?://",
        description="A PostgreSQL database (postgresql://USER:PASS@HOST/DB) with pgvector to keep the index in, "
                    "shared by every process that names it; default: the index directory.",
    )
    llm_api_key: SecretStr = Field(SecretStr("none"), description="API key sent to the --llm-url server.")
    paths: PathSettings = PathSettings()
    chunking: ChunkSettings = ChunkSettings()
    limits: LimitSettings = LimitSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    evidence: EvidenceSettings = EvidenceSettings()
    generation: GenerationSettings = GenerationSettings()
    ui: UiSettings = UiSettings()

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_variables(cls, data: Any) -> Any:
        """pydantic-settings ignores environment variables that match no field, so a typo
        such as RAG_TOP_K would silently do nothing: refuse it, naming the valid one."""
        known = setting_names()
        unknown = sorted(k for k in os.environ if k.upper().startswith("RAG_") and k.upper() not in known)
        if unknown:
            raise ValueError(unknown_variable_message(unknown[0], known))
        return data


def setting_names(model: type[BaseModel] | None = None, prefix: str = "RAG_") -> set[str]:
    """Every environment variable name that sets a field, e.g. RAG_RETRIEVAL__TOP_K."""
    model = model or Settings
    names = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not issubclass(annotation, SecretStr):
            names |= setting_names(annotation, f"{prefix}{name.upper()}__")
        else:
            names.add(f"{prefix}{name.upper()}")
    return names


def unknown_variable_message(name: str, known: set[str]) -> str:
    """One line naming the unknown variable and the nearest valid one."""
    leaf = name.upper().rsplit("__", 1)[-1].removeprefix("RAG_")
    same_leaf = sorted(k for k in known if k.rsplit("__", 1)[-1].removeprefix("RAG_") == leaf)
    near = same_leaf or difflib.get_close_matches(name.upper(), sorted(known), n=1, cutoff=0.5)
    hint = f"; did you mean {near[0]}?" if near else ""
    return f"unknown setting {name}{hint}"
