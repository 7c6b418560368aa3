"""The package as a user gets it: sdist and wheel built from the repository, the wheel
installed into a fresh venv (CPU torch first, as the Makefile does), used from a folder
outside the repository. Slow (a few minutes: a real install), so it runs once per
`make test`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging
ROOT = Path(__file__).resolve().parents[2]
QUESTION = "What was Hayat Tahrir al-Sham called before 2017?"


def run(cmd: list[str], cwd: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("dist")
    out = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)], ROOT)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return {"wheel": next(dist.glob("*.whl")), "sdist": next(dist.glob("*.tar.gz"))}


def test_the_wheel_installs_only_rag_and_carries_its_templates(built):
    names = zipfile.ZipFile(built["wheel"]).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"rag"}, top
    assert "rag/templates/answer.txt" in names and "rag/ui/app.py" in names
    sdist = tarfile.open(built["sdist"]).getnames()
    assert any(n.endswith("/prompts/answer.txt") for n in sdist) and any(n.endswith("/ui/app.py") for n in sdist)


def test_installed_wheel_ingests_and_answers_outside_the_repository(built, tmp_path):
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    torch = run([*pip, "torch==2.13.0"], tmp_path)
    assert torch.returncode == 0, torch.stderr[-2000:]
    wheel = run([*pip, str(built["wheel"])], tmp_path)
    assert wheel.returncode == 0, wheel.stderr[-2000:]
    rag = str(venv / "bin" / "rag")
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "seeds", work / "docs")
    version = run([rag, "--version"], work)
    assert version.returncode == 0 and version.stdout.startswith("rag "), version.stderr
    ingest = run([rag, "ingest", "docs", "--index", "ix"], work)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    ask = run([rag, "ask", QUESTION, "--index", "ix", "--json"], work)
    assert ask.returncode == 0, ask.stderr[-2000:]
    answer = json.loads(ask.stdout)
    assert "Jabhat al-Nusra" in answer["answer"] and answer["citations"]
    assert answer["citations"][0]["source"] == "000_ee80a3ed63ec8d71.txt"
    assert str(ROOT) not in json.dumps(answer["provenance"])
    no_set = run([rag, "eval", "--index", "ix"], work)
    lines = [line for line in no_set.stderr.splitlines() if line.strip()]
    assert no_set.returncode == 1 and len(lines) == 1 and "question set" in lines[0], no_set.stderr
