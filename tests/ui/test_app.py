"""The browser chat, served for real on a free port: a gradio_client client, five concurrent
sessions, uploads, and a headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rag.config import Settings
from rag.index import current_version

pytestmark = pytest.mark.regression
SEED_A = "000_ee80a3ed63ec8d71.txt"
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """Its own copy of the seed index (uploads change it) and its own assistant."""
    from rag.assistant import Assistant
    from rag.ui.app import launch

    index_dir = tmp_path_factory.mktemp("ui") / "index"
    shutil.copytree(seed_index_dir, index_dir)
    s = Settings()
    s.paths.index_dir = index_dir
    assistant = Assistant(s)
    port = free_port()
    demo = launch(assistant, port=port, block=False)
    yield {"url": f"http://127.0.0.1:{port}/", "assistant": assistant, "index_dir": index_dir}
    demo.close()
    assistant.close()


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def test_client_gets_answer_and_citation(app):
    r = client(app["url"]).predict("What was Hayat Tahrir al-Sham called before 2017?", 0, api_name="/ask")
    assert "Jabhat al-Nusra" in r["answer"] and not r["abstained"]
    assert r["citations"] and r["citations"][0]["source"] == SEED_A


def test_abstention_is_an_answer_not_an_error(app):
    r = client(app["url"]).predict("What is the population of Aleppo?", 0, api_name="/ask")
    assert r["abstained"] and r["answer"] == "The documents do not answer this question."


def test_five_concurrent_sessions_get_their_own_answers(app):
    asks = {
        "What was Hayat Tahrir al-Sham known as before 2017?": "Jabhat al-Nusra",
        "Which town in Idlib province did the fighters advance on to secure supply lines to Aleppo?": "Saraqab",
        "Who is the head of the Syrian Observatory for Human Rights?": "Rami Abdurrahman",
        "Which war monitor reported the two car bombs?": "Syrian Observatory for Human Rights",
        "What is the population of Aleppo?": "do not answer",
    }

    def one(question: str) -> str:
        return client(app["url"]).predict(question, 0, api_name="/ask")["answer"]

    with ThreadPoolExecutor(max_workers=5) as pool:
        got = dict(zip(asks, pool.map(one, asks)))
    for question, expected in asks.items():
        assert expected in got[question], (question, got[question])


def test_upload_good_file_is_answerable_and_bad_file_is_refused(app, tmp_path):
    from gradio_client import handle_file

    c = client(app["url"])
    before = current_version(app["index_dir"]).name
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 binary junk")
    status, _, _ = c.predict([handle_file(str(bad))], api_name="/upload")
    assert "broken.txt" in status and "refused" in status
    assert current_version(app["index_dir"]).name == before, "a refused upload must not touch the index"

    good = tmp_path / "harbour.md"
    good.write_text("# Harbour report\n\nThe new harbour of Port Melvin was opened by mayor Ilse Varga in March. "
                    "It cost 12 million euros.\n", encoding="utf-8")
    status, listing, _ = c.predict([handle_file(str(good))], api_name="/upload")
    assert "Indexed" in status and "harbour.md" in listing
    assert current_version(app["index_dir"]).name != before
    r = c.predict("Who opened the new harbour of Port Melvin?", 0, api_name="/ask")
    assert "Ilse Varga" in r["answer"] and r["citations"][0]["source"] == "harbour.md"


def test_upload_of_more_files_than_allowed_adds_none(app, tmp_path):
    from gradio_client import handle_file

    files = []
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(f"The {name} note says the bridge is blue.\n", encoding="utf-8")
        files.append(handle_file(str(tmp_path / name)))
    before = current_version(app["index_dir"]).name
    limits = app["assistant"].settings.ui
    limits.max_upload_files = 1
    try:
        status, listing, _ = client(app["url"]).predict(files, api_name="/upload")
    finally:
        limits.max_upload_files = 20
    assert "at most 1" in status and "one.txt" not in listing
    assert current_version(app["index_dir"]).name == before


def test_upload_survives_make_runs_ingest_and_can_be_removed(app, tmp_path):
    """Upload, then what `make run` does (`rag ingest seeds`), then the upload is still
    answerable; removing it through the UI takes it out."""
    import subprocess
    import sys

    from gradio_client import handle_file

    c = client(app["url"])
    memo = tmp_path / "memo-kelmar.txt"
    memo.write_text("The Kelmar ferry was renamed Silver Heron by captain Odile Brandt in 2019.\n", encoding="utf-8")
    status, listing, _ = c.predict([handle_file(str(memo))], api_name="/upload")
    assert "Indexed" in status and "memo-kelmar.txt" in listing
    memo.unlink()
    rag = Path(sys.executable).with_name("rag")
    out = subprocess.run([str(rag), "ingest", str(ROOT / "seeds"), "--index", str(app["index_dir"])],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and " 0 removed" in out.stdout, out.stdout + out.stderr
    r = c.predict("Who renamed the Kelmar ferry?", 0, api_name="/ask")
    assert "Odile Brandt" in r["answer"] and r["citations"][0]["source"] == "memo-kelmar.txt", r
    status, listing, _ = c.predict(["memo-kelmar.txt"], api_name="/remove")
    assert "Removed" in status and "memo-kelmar.txt" not in listing
    r = c.predict("Who renamed the Kelmar ferry?", 0, api_name="/ask")
    assert "memo-kelmar.txt" not in {x["source"] for x in r["citations"]}


def test_concurrent_first_requests_load_one_model(seed_index_dir, tmp_path, monkeypatch):
    """Right after start, eight questions at once through the UI: one generator is made,
    every answer is right."""
    import rag.assistant
    from rag.assistant import Assistant
    from rag.ui.app import launch

    made = []
    real = rag.assistant.make_generator

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rag.assistant, "make_generator", counting)
    s = Settings()
    s.paths.index_dir = seed_index_dir
    assistant = Assistant(s)
    port = free_port()
    demo = launch(assistant, port=port, block=False)
    asks = {
        "What was Hayat Tahrir al-Sham known as before 2017?": "Jabhat al-Nusra",
        "Which town in Idlib province did the fighters advance on to secure supply lines to Aleppo?": "Saraqab",
        "Who is the head of the Syrian Observatory for Human Rights?": "Rami Abdurrahman",
        "Which war monitor reported the two car bombs?": "Syrian Observatory for Human Rights",
    }
    try:
        url = f"http://127.0.0.1:{port}/"
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda q: (q, client(url).predict(q, 0, api_name="/ask")["answer"]), list(asks) * 2))
        for question, answer in got:
            assert asks[question] in answer, (question, answer)
        assert len(made) == 1, f"{len(made)} generators were made"
    finally:
        demo.close()
        assistant.close()


def test_real_browser_asks_and_shows_sources(app, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium where apt-get runs as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(app["url"])
            page.locator("#question textarea").fill("What was Hayat Tahrir al-Sham called before 2017?")
            page.locator("#ask").click()
            page.locator("#sources mark").first.wait_for(timeout=120_000)
            chat_text = page.locator("#chat").inner_text()
            assert "Jabhat al-Nusra" in chat_text
            sources = page.locator("#sources")
            assert SEED_A in sources.inner_text()
            assert "Jabhat al-Nusra" in page.locator("#sources mark").first.inner_text()
            shot = tmp_path / "ui.png"  # the README's picture: a verified answer and its highlighted source
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if os.environ.get("UI_SCREENSHOT_TO"):
                shutil.copy(shot, os.environ["UI_SCREENSHOT_TO"])
            # a follow-up that needs the previous question (Gradio 6 sends history as lists of parts)
            page.locator("#question textarea").fill("And who is that group's leader?")
            page.locator("#ask").click()
            page.get_by_text("al-Jolani").first.wait_for(timeout=120_000)
            # an error in the chat, then clicking each message shows its own sources (or none)
            page.locator("#question textarea").fill("x" * 2100)
            page.locator("#ask").click()
            page.get_by_text("characters long").first.wait_for(timeout=60_000)
            page.locator("#chat").get_by_text("characters long").first.click()
            page.get_by_text("This message has no sources.").wait_for(timeout=30_000)
            page.locator("#chat").get_by_text("Jabhat al-Nusra").first.click()
            page.locator("#sources mark").first.wait_for(timeout=30_000)
            assert "Jabhat al-Nusra" in page.locator("#sources mark").first.inner_text()
            outside = [u for u in requested if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
            assert not outside, f"the page made network calls beyond this machine: {outside[:5]}"
        finally:
            browser.close()
