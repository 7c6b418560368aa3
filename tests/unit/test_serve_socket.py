"""Which server a `rag ask` may use: the socket name follows the settings that shape an answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.config import Settings
from rag.serve import ServerError, check_not_running, socket_path


def _settings(tmp_path: Path, index: Path) -> Settings:
    s = Settings()
    s.paths.cache_dir = tmp_path / "cache"
    s.paths.index_dir = index
    return s


def test_same_settings_same_socket_other_settings_another(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative, absolute = _settings(tmp_path, Path("index")), _settings(tmp_path, tmp_path / "index")
    assert socket_path(relative) == socket_path(absolute)  # the same index, however it is named
    for change in (lambda s: setattr(s.retrieval, "top_k", 3), lambda s: setattr(s.generation, "mode", "write"),
                   lambda s: setattr(s, "model", tmp_path / "big.gguf"), lambda s: setattr(s.paths, "index_dir", tmp_path / "other")):
        other = _settings(tmp_path, tmp_path / "index")
        change(other)
        assert socket_path(other) != socket_path(absolute)


def test_a_socket_path_too_long_is_one_clear_error(tmp_path: Path) -> None:
    s = _settings(tmp_path, tmp_path / "index")
    s.paths.cache_dir = tmp_path / ("d" * 120)
    with pytest.raises(ServerError, match="too long"):
        check_not_running(s)
    assert not os.path.exists(s.paths.cache_dir)
