"""The browser chat (Gradio Blocks): layout and event wiring only; all logic is in `rag/`.

One `Assistant` serves every browser session. Gradio's queue orders requests and the
model's own lock keeps one generation at a time; each session keeps its own history and
answers in `gr.State`. Binds to 127.0.0.1 unless told otherwise (any other address needs a login), never makes a share
link, and sends no analytics.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from rag.answer import ABSTAIN_ANSWER, Answer  # noqa: E402
from rag.assistant import Assistant, Final, Token  # noqa: E402
from rag.auth import server_auth  # noqa: E402
from rag.documents import UPLOAD  # noqa: E402
from rag.errors import RagError  # noqa: E402
from rag.ingest import add_files, remove_documents  # noqa: E402
from rag.questions import previous_questions  # noqa: E402
from rag.readers import suffixes  # noqa: E402
from rag.render import chat_message, passages_html, sources_html  # noqa: E402

CSS = """
.rag-cite{border-left:3px solid #3b82f6;padding:4px 8px;margin:6px 0}
.rag-context{font-size:.9em;line-height:1.4}
.rag-full{max-height:300px;overflow:auto;font-size:.85em;background:#f8fafc;padding:6px}
.rag-file{font-family:monospace;font-weight:600;overflow-wrap:anywhere}
.rag-where{color:#1d4ed8;font-size:.9em}.rag-about{color:#4b5563;font-size:.85em}
.rag-claims{display:flex;flex-wrap:wrap;gap:8px}
.rag-claim{flex:1 1 180px;min-width:0;overflow-wrap:anywhere;border:1px solid #f59e0b;padding:6px;border-radius:6px}
.rag-claim.rag-agree{border-color:#10b981}
.rag-disagree{margin-top:10px}.rag-abstain{color:#92400e}.rag-muted{color:#6b7280}
.rag-passages td{vertical-align:top;font-size:.8em}
mark{background:#fde68a}
"""
EXAMPLES = [
    "What was Hayat Tahrir al-Sham called before 2017?",
    "How many fighters were killed in the fighting?",
    "What is the population of Aleppo?",
]


def build(assistant: Assistant) -> gr.Blocks:
    """The app for one loaded assistant (tests build it on a free port)."""
    write_lock = threading.Lock()  # one change at a time from this server; the index lock covers other processes
    read_only = assistant.settings.ui.read_only

    def names() -> list[str]:
        return sorted(assistant.refresh().index.documents)

    def files_md() -> str:
        docs = assistant.refresh().index.catalog()
        lines = [f"- `{n}`" + (" (uploaded)" if docs[n].origin == UPLOAD else "") for n in sorted(docs)]
        return f"**{len(docs)} indexed files**\n\n" + "\n".join(lines)

    def respond(message: str, history: list, answers: dict, top_k: int, show_passages: bool):
        history = list(history or [])
        answers = dict(answers or {})
        past = previous_questions(history, ABSTAIN_ANSWER)
        history.append({"role": "user", "content": message})
        history.append({"role": "assistant", "content": "_Reading the sources…_"})
        at = str(len(history) - 1)  # the answer is kept under its message's position in the chat
        yield "", history, answers, gr.update(), gr.update()
        try:
            draft = ""
            for event in assistant.stream(message, past, top_k=int(top_k)):
                if isinstance(event, Token):
                    draft += event.text
                    history[-1] = {"role": "assistant", "content": f"_Drafting (checking every sentence against its source)…_\n\n{draft}"}
                    yield "", history, answers, gr.update(), gr.update()
                elif isinstance(event, Final):
                    answer = event.answer
                    answers[at] = answer.model_dump()
                    history[-1] = {"role": "assistant", "content": chat_message(answer)}
                    yield ("", history, answers, sources_html(answer, assistant.index),
                           gr.update(value=passages_html(answer, assistant.index), visible=show_passages))
        except RagError as err:
            history[-1] = {"role": "assistant", "content": f"⚠️ {err}"}
            yield "", history, answers, sources_html(None, assistant.index), gr.update()

    def select_answer(answers: dict, evt: gr.SelectData):
        """Show the sources of the answer the user clicked (by its position in the chat)."""
        position = evt.index if isinstance(evt.index, int) else evt.index[0]
        found = (answers or {}).get(str(position))
        if found is None:
            return "<p class='rag-muted'>This message has no sources.</p>", gr.update()
        answer = Answer.model_validate(found)
        return sources_html(answer, assistant.index), passages_html(answer, assistant.index)

    def remove(chosen: list[str] | None):
        if not chosen:
            return "No file chosen.", files_md(), gr.update(choices=names())
        with write_lock:
            try:
                result = remove_documents(list(chosen), assistant.settings.paths.index_dir, assistant.settings)
            except RagError as err:
                return f"⚠️ {err}", files_md(), gr.update(choices=names())
            assistant.replace_index(result.index)
        return (f"🗑️ Removed {', '.join(f'`{n}`' for n in result.removed)}.", files_md(),
                gr.update(choices=names(), value=[]))

    def upload(paths: list[str] | None, progress: gr.Progress = gr.Progress()):
        if not paths:
            return "No file chosen.", files_md(), gr.update(choices=names())
        most = assistant.settings.ui.max_upload_files
        if len(paths) > most:
            return (f"⚠️ {len(paths)} files at once; this server takes at most {most} per upload. Nothing was added.",
                    files_md(), gr.update(choices=names()))
        state = {"done": 0, "total": 0}

        def total(n: int) -> None:
            state["total"] = n
            progress(0, desc=f"Embedding {n} chunks")

        def advance(n: int) -> None:
            state["done"] += n
            progress(state["done"] / max(state["total"], 1), desc=f"Embedded {state['done']}/{state['total']} chunks")

        with write_lock:
            try:
                result, refused = add_files([(Path(p), Path(p).name) for p in paths],
                                            assistant.settings.paths.index_dir, assistant.settings, assistant.embedder,
                                            held=assistant.index, progress_total=total, progress=advance)
            except RagError as err:
                return f"⚠️ {err}", files_md(), gr.update(choices=names())
            lines = [f"❌ `{s.path}` refused: {s.reason}. The index is unchanged by it." for s in refused]
            if result is not None:
                assistant.replace_index(result.index)
                s = result.stats
                lines.insert(0, f"✅ Indexed: {s.added} added, {s.updated} updated ({s.chunks_embedded} chunks embedded "
                                f"in {result.seconds:.1f} s). You can ask about them now; they are kept "
                                "in the index until you remove them.")
        return "\n\n".join(lines), files_md(), gr.update(choices=names())

    def toggle(show: bool):
        return gr.update(visible=show)

    def ask_api(question: str, top_k: int = 0) -> dict[str, Any]:
        """JSON API: the Answer object for one question (no history)."""
        return assistant.ask(question, top_k=int(top_k) or None).model_dump()

    with gr.Blocks(title="Grounded answers", analytics_enabled=False) as demo:
        answers = gr.State({})
        gr.Markdown("## Ask your documents\nEvery sentence is checked against the passage it cites. "
                    "When the documents do not say, you are told so.")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=460, elem_id="chat")
                    with gr.Row():
                        box = gr.Textbox(placeholder="Ask about the documents…", show_label=False, scale=5,
                                         elem_id="question")
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    gr.Examples(EXAMPLES, inputs=box)
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.HTML(sources_html(None, assistant.index), elem_id="sources")
                    with gr.Accordion("Retrieved passages", open=False):
                        passages = gr.HTML(passages_html(None, assistant.index), elem_id="passages")
        with gr.Tab("Documents"):
            if read_only:
                gr.Markdown("_This server is read-only: documents are added and removed by its administrator._")
            else:
                uploader = gr.File(label="Add documents (PDF, Word .docx, web pages .html, Markdown, text)",
                                   file_count="multiple", file_types=list(suffixes()),
                                   type="filepath")
                status = gr.Markdown()
            listing = gr.Markdown(files_md())
            if not read_only:
                with gr.Row():
                    # Custom values: another server or an ingest may have added documents since this page
                    # was built; unknown names are refused by remove_documents with the list of known ones.
                    to_remove = gr.Dropdown(names(), multiselect=True, label="Remove from the index", scale=4,
                                            elem_id="remove-choice", allow_custom_value=True)
                    remove_button = gr.Button("Remove", variant="stop", scale=1, elem_id="remove")
        with gr.Tab("Settings"):
            top_k = gr.Slider(1, 20, value=assistant.settings.retrieval.top_k, step=1, label="Passages retrieved")
            show = gr.Checkbox(True, label="Show retrieved passages")

        inputs = [box, chat, answers, top_k, show]
        outputs = [box, chat, answers, sources, passages]
        box.submit(respond, inputs, outputs, api_name="chat")
        send.click(respond, inputs, outputs, api_name=False)
        chat.select(select_answer, [answers], [sources, passages], api_name=False)
        if not read_only:  # read-only: the handlers do not exist, so the API cannot reach them either
            uploader.upload(upload, [uploader], [status, listing, to_remove], api_name="upload")
            remove_button.click(remove, [to_remove], [status, listing, to_remove], api_name="remove")
        show.change(toggle, [show], [passages], api_name=False)
        gr.api(ask_api, api_name="ask")
        if read_only:
            demo.load(files_md, None, [listing], api_name=False)
        else:
            demo.load(lambda: (files_md(), gr.update(choices=names())), None, [listing, to_remove], api_name=False)
    demo.queue(default_concurrency_limit=5)
    return demo


def launch(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> gr.Blocks:
    """Serve the app; prints its address. `block=False` returns at once (tests).

    On any address but 127.0.0.1 a users file is required (RagError otherwise): every
    page, API call and document file then needs a login."""
    auth = server_auth(host, assistant.settings.ui.users_file)
    demo = build(assistant)
    print(f"Chat UI on http://{host}:{port}", flush=True)
    # System fonts: the default theme would make every browser fetch Google Fonts.
    theme = gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    demo.launch(server_name=host, server_port=port, share=False, inbrowser=False, show_error=True,
                prevent_thread_lock=not block, quiet=True, css=CSS, theme=theme, footer_links=[],
                auth=auth, auth_message="Log in to ask the documents.",
                max_file_size=assistant.settings.limits.max_file_bytes)
    return demo
