"""The `rag` command: parse, call the library, print. Nothing else lives here.

Heavy libraries are imported inside the commands that need them, so `rag --help` and
`rag info` start fast. Every user error (a `RagError`, or a bad option) becomes one line
on stderr and a non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

try:  # typer >= 0.25 vendors click; older ones use the click package
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException, UsageError

from rag.config import Settings
from rag.errors import RagError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    help="Answer questions from your documents, offline, with a verified citation for every sentence.",
)

IndexOpt = Annotated[Optional[Path], typer.Option("--index", help="Index directory (default: index/ or RAG_PATHS__INDEX_DIR).")]
ModelOpt = Annotated[Optional[Path], typer.Option("--model", help="A GGUF model file (default: bundled SmolLM2-135M, or RAG_MODEL).")]
UrlOpt = Annotated[Optional[str], typer.Option("--llm-url", help="An OpenAI-compatible server, http://HOST:PORT/v1 (or RAG_LLM_URL).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
StoreOpt = Annotated[Optional[str], typer.Option(
    "--store", help="A PostgreSQL database to keep the index in, postgresql://… (or RAG_STORE); default: --index.")]


def _settings(index: Path | None = None, model: Path | None = None, llm_url: str | None = None,
              top_k: int | None = None, store: str | None = None) -> Settings:
    s = Settings()
    if store is not None:
        s = Settings.model_validate({**s.model_dump(), "store": store})  # checks the URL's form
    if index is not None:
        s.paths.index_dir = index
    if model is not None:
        s.model = model
    if llm_url is not None:
        s.llm_url = llm_url
    if top_k is not None:
        s.retrieval.top_k = top_k
    return s


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"rag {version('groundtruth-rag')}")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            typer.echo("rag (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
) -> None:
    """Answer questions from your documents, offline, with a verified citation for every sentence."""


def _err(message: str) -> None:
    typer.echo(f"rag: {message}", err=True)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders of documents: PDF, DOCX, HTML, Markdown, text (default: seeds/).")] = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    shard: Annotated[Optional[str], typer.Option(
        "--shard", help="I/N: ingest only share I of N of the files (each of N machines runs one share).")] = None,
    recreate: Annotated[bool, typer.Option(
        "--recreate", help="With --store: drop the store's tables and build them anew.")] = False,
) -> None:
    """Index documents (only new or changed files are embedded). Documents that came from
    elsewhere (other folders, uploads) are kept. Exit 2 if some files were skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rag.embedding import MiniLMEmbedder, export_onnx
    from rag.ingest import ingest_paths

    settings = _settings(index, store=store)
    share = _shard(shard) if shard else None
    if recreate and not settings.store:
        raise RagError("--recreate is for a --store; an index directory is rebuilt by deleting it.")
    roots = paths or [settings.paths.corpus]
    with Progress(
        TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=_stderr_console(),
    ) as bar:
        task = bar.add_task("embed", total=None)
        embedder = MiniLMEmbedder()
        result = ingest_paths(
            roots, settings.paths.index_dir, settings, embedder, on_wait=lambda m: _err(f"waiting: {m}"),
            shard=share, recreate=recreate, progress_total=lambda n: bar.update(task, total=n),
            progress=lambda n: bar.advance(task, n),
        )
    if settings.retrieval.onnx_encoder:
        export_onnx(embedder, settings.paths.cache_dir)  # once: later questions embed without torch
    if result.warning:
        _err(f"warning: {result.warning}")
    for skip in result.skipped:
        _err(f"skipped {skip.path}: {skip.reason}")
    for name in result.removed:
        typer.echo(f"removed {name} (no longer in {', '.join(map(str, roots))})")
    s = result.stats
    typer.echo(
        f"{_size(result.index)} in {result.seconds:.1f} s "
        f"({s.added} added, {s.updated} updated, {s.removed} removed, {s.unchanged} unchanged; "
        f"{s.chunks_embedded} chunks embedded) -> {_target(settings)}"
        + ("" if result.saved else " (already up to date)")
    )
    if result.skipped:
        raise typer.Exit(2)


@app.command()
def remove(
    names: Annotated[list[str], typer.Argument(help="Indexed file names, as `rag info` lists them.")],
    index: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Remove documents from the index (uploaded copies included). No model is loaded."""
    from rag.ingest import remove_documents

    settings = _settings(index, store=store)
    result = remove_documents(names, settings.paths.index_dir, settings, on_wait=lambda m: _err(f"waiting: {m}"))
    for name in result.removed:
        typer.echo(f"removed {name}")
    typer.echo(f"{_size(result.index)} -> {_target(settings)}")


def _size(index) -> str:
    """'N files, M chunks' of a loaded index or a store."""
    chunks = index.chunk_count() if hasattr(index, "chunk_count") else len(index.chunks)
    return f"{len(index.documents)} files, {chunks} chunks"


def _target(settings: Settings) -> str:
    if settings.store:
        from rag.store.postgres import redact

        return redact(settings.store)
    return f"{settings.paths.index_dir}/"


def _shard(text: str) -> tuple[int, int]:
    i, sep, n = text.partition("/")
    if not (sep and i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n)):
        raise RagError(f"--shard takes I/N with 1 <= I <= N (e.g. 2/4), not {text!r}.")
    return int(i), int(n)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    index: IndexOpt = None,
    top_k: Annotated[Optional[int], typer.Option("--top-k", min=1, max=100, help="Passages to retrieve.")] = None,
    model: ModelOpt = None,
    llm_url: UrlOpt = None,
    as_json: JsonOpt = False,
    store: StoreOpt = None,
) -> None:
    """Answer one question from the index, with its sources."""
    from rag.questions import clean_question

    from rag.serve import ask_server

    settings = _settings(index, model, llm_url, top_k, store)
    clean_question(question, settings.limits.max_question_chars)
    answer = ask_server(settings, question)  # a running `rag serve` with these settings has everything loaded
    if answer is None:
        assistant = _assistant(settings)
        assistant.load_model_in_background()
        try:
            answer = assistant.ask(question)
        finally:
            assistant.close()
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(render_answer(answer))


@app.command()
def serve(
    index: IndexOpt = None,
    model: ModelOpt = None,
    llm_url: UrlOpt = None,
    store: StoreOpt = None,
) -> None:
    """Keep the models and the index loaded and answer `rag ask` (same settings) from them, until Ctrl+C."""
    from rag.serve import check_not_running
    from rag.serve import serve as run

    settings = _settings(index, model, llm_url, None, store)
    check_not_running(settings)
    assistant = _assistant(settings)
    assistant.warm_up()

    def ready(path: Path) -> None:
        _stderr_console().print(f"Answering `rag ask` for {_target(settings)} on {path}. Ctrl+C stops.")

    try:
        run(settings, assistant, ready)
    finally:
        assistant.close()


def _assistant(settings: Settings):
    from rag.assistant import Assistant
    from rag.index import read_manifest
    from rag.llm import check_model_file

    # fail fast, before any model loads
    if settings.store:
        from rag.store.postgres import PgStore

        PgStore.open(settings.store)
    else:
        read_manifest(settings.paths.index_dir)
    if settings.model is not None and not settings.llm_url:
        check_model_file(settings.model)
    return Assistant(settings)


def where(citation) -> str:
    """`file.pdf p. 4`, `page.html § Heading`, or the file name alone."""
    if citation.page is not None:
        return f"{citation.source} {citation.locator}"
    return f"{citation.source} \u00a7 {citation.locator}" if citation.locator else citation.source


def render_answer(answer) -> str:
    """Plain-text answer followed by each citation's file and quote."""
    lines = [f"(read as: {answer.read_as})", answer.answer] if answer.read_as else [answer.answer]
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [f"  [{c.n}] {where(c)}: \u201c{c.quote}\u201d" for c in answer.citations]
    for d in answer.disagreements:
        lines += ["", f"{d.title} ({d.topic}):"]
        lines += [f"  - {c.source}: \u201c{c.quote}\u201d" for c in d.claims]
    return "\n".join(lines)


@app.command()
def chat(index: IndexOpt = None, model: ModelOpt = None, llm_url: UrlOpt = None, store: StoreOpt = None) -> None:
    """Ask questions one after another in the terminal; follow-ups use the conversation."""
    assistant = _assistant(_settings(index, model, llm_url, store=store))
    history: list[str] = []
    try:
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                break
            if question in {"exit", "quit"}:
                break
            if not question:
                continue
            try:
                answer = assistant.ask(question, history)
            except RagError as err:
                _err(str(err))
                continue
            if not answer.abstained:  # a follow-up must not inherit an unanswered question's words
                history.append(question)
            typer.echo(render_answer(answer) + "\n")
    finally:
        assistant.close()


@app.command()
def ui(
    index: IndexOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 7860,
    model: ModelOpt = None,
    llm_url: UrlOpt = None,
    users: Annotated[Optional[Path], typer.Option(
        "--users", help="Users file (`rag user add`); required on any address but 127.0.0.1.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="No uploads or removals from the browser.")] = False,
    store: StoreOpt = None,
) -> None:
    """Start the chat in the browser (http://HOST:PORT). Any address but 127.0.0.1 needs a
    users file: every page, API call and document then requires a login."""
    from rag.auth import server_auth

    settings = _settings(index, model, llm_url, store=store)
    if users is not None:
        settings.ui.users_file = users
    if read_only:
        settings.ui.read_only = True
    server_auth(host, settings.ui.users_file)  # refuse before loading any model
    from rag.ui.app import launch

    launch(_assistant(settings), host=host, port=port)


user_app = typer.Typer(no_args_is_help=True, help="Manage who may log in to `rag ui`.")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    users: Annotated[Path, typer.Option("--users", help="Users file to add to (created if missing).")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from standard input instead of asking.")] = False,
) -> None:
    """Add a user (or set a new password); only a salted scrypt hash is stored."""
    from rag.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    new = add_user(users, name, password)
    typer.echo(f"{'added' if new else 'updated'} {name} in {users}")


@app.command(name="eval")
def evaluate(
    question_set: Annotated[Optional[Path], typer.Argument(help="A .jsonl question set (default: the regression set).")] = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    llm_url: UrlOpt = None,
    as_json: JsonOpt = False,
    report_path: Annotated[Optional[Path], typer.Option("--report", help="Also write a self-contained HTML report here.")] = None,
    store: StoreOpt = None,
) -> None:
    """Run a question set with the models loaded once and print accuracy, citation precision, abstention."""
    from rich.progress import Progress

    from rag.config import regression_set
    from rag.evaluation import load_set, run_set

    question_set = question_set or regression_set()
    if question_set is None:
        raise RagError("No question set given: `rag eval SET.jsonl` (one JSON object a line: id, question, answers, "
                       "sources; the seed regression set is tests/regression/seed_qa.jsonl in the repository).")
    questions = load_set(question_set)
    assistant = _assistant(_settings(index, model, llm_url, store=store))
    try:
        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("questions", total=len(questions))
            report = run_set(assistant.ask, questions, progress=lambda: bar.advance(task))
    finally:
        assistant.close()
    if report_path is not None:
        from rag.report import write_report

        try:
            write_report(report, report_path, f"rag eval: {question_set.name}")
        except OSError as err:
            raise RagError(f"Cannot write the report to {report_path}: {err.strerror or err}")
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print_summary(report["summary"])
    if report_path is not None:
        typer.echo(f"report: {report_path}")


def print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{v * 100:.1f}%"

    table = Table(title=f"{summary['questions']} questions ({summary['answerable']} answerable, {summary['unanswerable']} unanswerable)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("answer accuracy (answerable)", pct(summary["answer_accuracy"]))
    table.add_row("overall accuracy (incl. abstentions)", pct(summary["accuracy"]))
    table.add_row("citation precision", pct(summary["citation_precision"]))
    table.add_row("abstention on unanswerable", pct(summary["abstention_rate"]))
    table.add_row("false abstention on answerable", pct(summary["false_abstention_rate"]))
    table.add_row("latency p50 / p95", f"{summary['p50_ms']:.0f} / {summary['p95_ms']:.0f} ms")
    for key, label in (("model_words", "shown in the model's own words"), ("quoted_evidence", "shown as quoted evidence")):
        part = summary[key]
        table.add_row(f"answers {label}", f"{part['shown']} ({pct(part['accuracy'])} right)")
    for category, part in summary.get("by_category", {}).items():
        table.add_row(f"category {category}", f"{part['correct']}/{part['questions']} right")
    Console().print(table)


@app.command()
def info(index: IndexOpt = None, as_json: JsonOpt = False, store: StoreOpt = None) -> None:
    """Describe the index: files, chunks, embedder, dimension, format, size, last update."""
    from rag.index import info as index_info

    settings = _settings(index, store=store)
    if settings.store:
        from rag.store.postgres import PgStore

        data = PgStore.open(settings.store).info()
    else:
        data = index_info(settings.paths.index_dir)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    for key in ("index", "files", "chunks", "embedder", "dimension", "format_version", "vector_index", "updated"):
        typer.echo(f"{key:15} {data[key]}")
    typer.echo(f"{'size':15} {data['size_bytes'] / 1024:.1f} KiB")
    for source in data["sources"]:
        origin = data["origins"].get(source)
        typer.echo(f"  {source}" + (f"  (from {origin})" if origin else ""))
        meta = data["metadata"].get(source) or {}
        shown = ", ".join(f"{k}: {meta[k]}" for k in ("title", "date", "author", "place", "url") if meta.get(k))
        if shown:
            typer.echo(f"      {data['formats'].get(source, 'text')}; {shown}")


def main() -> None:
    """Console entry point: one-line errors, meaningful exit codes."""
    try:
        result = app(standalone_mode=False)
    except UsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # bare `rag`: show the help, as --help does
            typer.echo(err.format_message())
            sys.exit(0)
        _err(err.format_message().replace("\n", " "))
        sys.exit(2)
    except ClickException as err:
        _err(err.format_message().replace("\n", " "))
        sys.exit(err.exit_code or 1)
    except typer.Abort:
        _err("aborted")
        sys.exit(130)
    except RagError as err:
        _err(str(err))
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as err:
        # pydantic settings errors (bad RAG_* values) are the user's to fix, not a crash
        from pydantic import ValidationError

        if isinstance(err, ValidationError):
            first = err.errors()[0]
            where = ".".join(map(str, first["loc"]))
            _err(f"invalid configuration: {where + ': ' if where else ''}{first['msg'].removeprefix('Value error, ')}")
            sys.exit(2)
        raise
    if isinstance(result, int) and result:
        sys.exit(result)


if __name__ == "__main__":
    main()
