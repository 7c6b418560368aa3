"""Who may use a shared chat server: a users file of salted password hashes.

`rag ui` on an address other than loopback serves everyone who can reach it, so it
refuses to start without a users file. A line of the file is `name:scrypt$N$r$p$salt$hash`
(written by `rag user add`); passwords are never stored. scrypt is the standard library's
memory-hard key derivation, so no new dependency is needed, and comparisons are constant
time. The file is read once when the server starts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path
from typing import Callable

from rag.errors import RagError

_N, _R, _P = 2**14, 8, 1
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash of `password` with a fresh 16-byte salt."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (a hash from `hash_password`)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def read_users(path: Path) -> dict[str, str]:
    """name -> stored hash; a missing, unreadable or malformed file is a one-line RagError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise RagError(f"Cannot read the users file {path}: {err.strerror or err}.")
    users: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not _NAME.match(name) or not stored.startswith("scrypt$") or stored.count("$") != 5:
            raise RagError(f"{path}:{number} is not `name:hash` (add users with `rag user add NAME --users {path}`).")
        users[name] = stored
    if not users:
        raise RagError(f"The users file {path} names no user (add one with `rag user add NAME --users {path}`).")
    return users


def add_user(path: Path, name: str, password: str) -> bool:
    """Add `name` (or replace its password) in the users file; True if it was new.
    Written to a temporary file and renamed, readable by its owner only."""
    if not _NAME.match(name):
        raise RagError(f"User names are 1-64 letters, digits or . _ @ -, not {name!r}.")
    if len(password) < 8:
        raise RagError("The password must have at least 8 characters.")
    users = read_users(path) if path.is_file() and path.stat().st_size else {}
    new = name not in users
    users[name] = hash_password(password)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(f"{n}:{h}\n" for n, h in sorted(users.items())))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return new


def authenticator(users: dict[str, str]) -> Callable[[str, str], bool]:
    """The check Gradio calls with what the login form sent."""

    def check(name: str, password: str) -> bool:
        stored = users.get(name)
        # Unknown names cost a hash too, so timing does not tell which names exist.
        return check_password(password, stored or hash_password("", b"0" * 16)) and stored is not None

    return check


def needs_login(host: str) -> bool:
    """True for every address but this machine's own default one (127.0.0.1, ::1,
    localhost). Other loopback addresses (127.0.0.2) count as shared too: a server bound
    there on purpose is meant for someone else, and tests bind there to prove the rule."""
    return host.strip().lower().strip("[]") not in ("127.0.0.1", "::1", "localhost")


def server_auth(host: str, users_file: Path | None) -> Callable[[str, str], bool] | None:
    """The login check for a server on `host`: None (no login) only on 127.0.0.1 without a
    users file; a RagError when `host` needs a login and no users file is given."""
    if users_file is not None:
        return authenticator(read_users(users_file))
    if needs_login(host):
        raise RagError(f"Refusing to serve on {host} without a login: anyone who can reach it could read and change "
                       "the documents. Add users with `rag user add NAME --users FILE`, then start with "
                       "`--users FILE` (or RAG_UI__USERS_FILE); or serve on 127.0.0.1.")
    return None
