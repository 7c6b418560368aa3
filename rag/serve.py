"""`rag serve`: keep the models and the index loaded, and answer `rag ask` over a Unix socket.

A cold `rag ask` spends most of its time loading: the ONNX encoder, spaCy, the GGUF.
While `rag serve` runs, `rag ask` only starts (no model library is imported), sends the
question and prints the answer the server's loaded assistant gives. The answer is the
same either way: the socket's name is a fingerprint of every setting that shapes an
answer (index, store, model, retrieval, evidence and generation settings), so `rag ask`
uses a server only if it was started with the same settings, and answers in its own
process otherwise, or when the server is gone. The socket lives in a directory of mode
700 under `paths.cache_dir`, so only the user who started the server can ask it.

Protocol: one JSON line each way. Request `{"question"}` (top-k and every other setting are
the server's own: they are in the socket's name); reply
`{"answer": Answer}` or `{"error": message, "exit_code": n}` for a user error.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import socketserver
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.errors import RagError

if TYPE_CHECKING:
    from rag.answer import Answer
    from rag.assistant import Assistant

CONNECT_TIMEOUT_S = 1.0
MAX_SOCKET_PATH = 107  # bytes in sockaddr_un.sun_path on Linux, less the final NUL


class ServerError(RagError):
    """The answer server cannot start (another one is running for the same settings)."""

    exit_code = 1


def fingerprint(settings: Settings) -> str:
    """A short hash of everything that shapes an answer; the index path is made absolute."""
    data = settings.model_dump(mode="json", exclude={"ui", "llm_api_key"})
    data["paths"]["index_dir"] = str(Path(settings.paths.index_dir).resolve())
    data["llm_api_key"] = hashlib.sha256(settings.llm_api_key.get_secret_value().encode()).hexdigest()
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


def socket_path(settings: Settings) -> Path:
    return Path(settings.paths.cache_dir) / "serve" / f"{fingerprint(settings)}.sock"


def ask_server(settings: Settings, question: str) -> "Answer | None":
    """The answer of a running `rag serve` with these settings, or None when there is none
    (the caller then answers in its own process). A user error the server reports (a bad
    question) is raised here as the same error."""
    path = socket_path(settings)
    if not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(CONNECT_TIMEOUT_S)
        conn.connect(str(path))
    except OSError:  # a stale socket from a server that was killed
        conn.close()
        return None
    with conn:
        conn.settimeout(settings.generation.timeout_s + 60)
        conn.sendall(json.dumps({"question": question}).encode() + b"\n")
        with conn.makefile("rb") as fh:
            line = fh.readline()
    if not line:
        return None  # the server stopped while answering: answer here instead
    reply = json.loads(line)
    if "error" in reply:
        err = RagError(reply["error"])
        err.exit_code = int(reply.get("exit_code", 1))
        raise err
    from rag.answer import Answer

    return Answer.model_validate(reply["answer"])


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline()
        if not line:
            return
        try:
            request = json.loads(line)
            answer = self.server.assistant.ask(str(request["question"]))  # type: ignore[attr-defined]
            reply: dict[str, Any] = {"answer": answer.model_dump(mode="json")}
        except RagError as err:
            reply = {"error": str(err), "exit_code": err.exit_code}
        except (ValueError, KeyError, TypeError) as err:
            reply = {"error": f"bad request to the answer server: {err}", "exit_code": 2}
        self.wfile.write(json.dumps(reply).encode() + b"\n")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, assistant: "Assistant") -> None:
        self.assistant = assistant
        super().__init__(str(path), _Handler)


def check_not_running(settings: Settings) -> Path:
    """This settings' socket path, free: a stale socket (its server was killed) is removed;
    a live one is a `ServerError` (checked before any model loads)."""
    path = socket_path(settings)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        raise ServerError(f"The socket path {path} is too long for this system; set RAG_PATHS__CACHE_DIR to a shorter path.")
    if path.exists():
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink(missing_ok=True)
        else:
            raise ServerError(f"An answer server with these settings is already running ({path}).")
        finally:
            probe.close()
    return path


def serve(settings: Settings, assistant: "Assistant", ready: "Any" = None) -> None:
    """Answer on this settings' socket until interrupted; the socket file is removed on exit."""
    path = check_not_running(settings)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    try:
        server = _Server(path, assistant)
    except OSError as err:  # the path's length was checked above; this is e.g. a directory it may not write
        raise ServerError(f"Cannot listen on {path}: {err.strerror or err}.")
    # A service manager stops servers with SIGTERM: leave through the `finally` below, like Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        os.chmod(path, 0o600)
        if ready is not None:
            ready(path)
        server.serve_forever(poll_interval=0.5)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        path.unlink(missing_ok=True)


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(0)
