"""A shared server needs a login: served on 127.0.0.2 (not the default address) the chat
refuses to start without a users file, and with one every API call and document needs a
login; `--read-only` has no upload or remove endpoint at all."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from rag.auth import add_user, authenticator, check_password, hash_password, needs_login, read_users, server_auth
from rag.config import Settings
from rag.errors import RagError

SEED_A = "000_ee80a3ed63ec8d71.txt"
HOST = "127.0.0.2"


def free_port(host: str = HOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def test_password_hashes_are_salted_and_checked(tmp_path):
    a, b = hash_password("correct horse"), hash_password("correct horse")
    assert a != b and "correct horse" not in a, "two hashes of one password differ (salt) and hide it"
    assert check_password("correct horse", a) and not check_password("correct hors", a)
    users = tmp_path / "users"
    assert add_user(users, "alice", "correct horse") and not add_user(users, "alice", "battery staple")
    check = authenticator(read_users(users))
    assert check("alice", "battery staple") and not check("alice", "correct horse") and not check("bob", "x")
    assert oct(users.stat().st_mode & 0o777) == "0o600"


def test_bad_users_files_and_hosts_fail_in_one_line(tmp_path):
    bad = tmp_path / "users"
    bad.write_text("alice:plaintext-password\n", encoding="utf-8")
    with pytest.raises(RagError, match=r"users:1 is not `name:hash`"):
        read_users(bad)
    with pytest.raises(RagError, match="at least 8"):
        add_user(tmp_path / "u2", "bob", "short")
    assert not needs_login("127.0.0.1") and not needs_login("localhost") and not needs_login("::1")
    assert needs_login("0.0.0.0") and needs_login(HOST) and needs_login("192.0.2.7")
    with pytest.raises(RagError, match="Refusing to serve on 0.0.0.0 without a login"):
        server_auth("0.0.0.0", None)
    assert server_auth("127.0.0.1", None) is None


def test_cli_refuses_a_shared_address_without_users_before_loading_models(tmp_path):
    rag = Path(sys.executable).with_name("rag")
    out = subprocess.run([str(rag), "ui", "--host", HOST, "--index", str(tmp_path / "none")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "without a login" in out.stderr, out.stderr
    out = subprocess.run([str(rag), "user", "add", "carol", "--users", str(tmp_path / "users"), "--password-stdin"],
                         input="long enough pw\n", capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and check_password("long enough pw", read_users(tmp_path / "users")["carol"])


@pytest.mark.regression
def test_shared_server_needs_login_and_read_only_has_no_uploads(seed_index_dir, tmp_path):
    from gradio_client import Client, handle_file

    from rag.assistant import Assistant
    from rag.ui.app import launch

    index_dir = tmp_path / "index"
    shutil.copytree(seed_index_dir, index_dir)
    users = tmp_path / "users"
    add_user(users, "alice", "correct horse")
    s = Settings()
    s.paths.index_dir = index_dir
    s.ui.users_file = users
    s.ui.read_only = True
    assistant = Assistant(s)
    port = free_port()
    demo = launch(assistant, host=HOST, port=port, block=False)
    url = f"http://{HOST}:{port}/"
    try:
        # Without a login: the API, the config and the document files are all refused.
        for path in ("gradio_api/info", "config", f"gradio_api/file={index_dir}/uploads/x"):
            r = httpx.get(url + path, timeout=30)
            assert r.status_code in (401, 403), (path, r.status_code)
        r = httpx.post(url + "gradio_api/call/ask", json={"data": ["What was HTS called before 2017?", 0]}, timeout=30)
        assert r.status_code in (401, 403), r.status_code
        with pytest.raises(Exception):
            Client(url, verbose=False, auth=("alice", "wrong password"))
        # With one: answers, and no way to upload or remove.
        c = Client(url, verbose=False, auth=("alice", "correct horse"), download_files=False)
        answer = c.predict("What was Hayat Tahrir al-Sham called before 2017?", 0, api_name="/ask")
        assert "Jabhat al-Nusra" in answer["answer"] and answer["citations"][0]["source"] == SEED_A
        doc = tmp_path / "planted.txt"
        doc.write_text("The planted fact is that the moon is made of basalt.\n", encoding="utf-8")
        for api, args in (("/upload", ([handle_file(str(doc))],)), ("/remove", ([SEED_A],))):
            with pytest.raises(Exception):
                c.predict(*args, api_name=api)
        assert sorted(assistant.refresh().index.documents) == sorted(
            p.name for p in (Path(__file__).resolve().parents[2] / "seeds").iterdir()), "the index is unchanged"
    finally:
        demo.close()
        assistant.close()
