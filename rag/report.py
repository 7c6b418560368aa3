"""`rag eval --report FILE.html`: one self-contained HTML page about a question-set run.

Accuracy per category, the answerability distribution of answerable against
unanswerable questions, the abstention trade-off (what each abstention threshold would
have cost: abstention on unanswerable vs false abstention on answerable, from the
answerability every answer recorded), a latency histogram, and every miss with its draft and
why sentences were dropped. Plots are matplotlib figures embedded as PNG data URIs: the
page fetches nothing and opens offline. matplotlib is imported only here.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path
from typing import Any


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _score(r: dict[str, Any]) -> float:
    """The score the assistant abstains on (answerability; support in results from before it existed)."""
    return r.get("answerability") or r.get("support", 0.0)


def sweep(results: list[dict[str, Any]], thresholds: list[float]) -> list[tuple[float, float, float]]:
    """(threshold, abstention on unanswerable, false abstention on answerable) if the
    assistant abstained whenever support fell below the threshold (on top of what it did)."""
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    out = []
    for t in thresholds:
        def abstains(r: dict[str, Any]) -> bool:
            return r["abstained"] or _score(r) < t

        out.append((t, sum(map(abstains, unanswerable)) / max(len(unanswerable), 1),
                    sum(map(abstains, answerable)) / max(len(answerable), 1)))
    return out


def _figures(results: list[dict[str, Any]]) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figs = {}
    fig, ax = plt.subplots(figsize=(6, 3.2))
    bins = [i / 10 for i in range(21)]
    ax.hist([_score(r) for r in results if r["answerable"]], bins=bins, alpha=0.6, label="answerable")
    ax.hist([_score(r) for r in results if not r["answerable"]], bins=bins, alpha=0.6, label="unanswerable")
    ax.set_xlabel("answerability (support + similarity)")
    ax.set_ylabel("questions")
    ax.legend()
    figs["support"] = _png(fig)
    plt.close(fig)

    points = sweep(results, [i / 10 for i in range(21)])
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label="abstention on unanswerable")
    ax.plot([p[0] for p in points], [p[2] for p in points], marker="o", label="false abstention on answerable")
    ax.set_xlabel("abstain below this answerability")
    ax.set_ylabel("rate")
    ax.legend()
    figs["tradeoff"] = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist([r["timings_ms"].get("total", 0.0) / 1000 for r in results], bins=20)
    ax.set_xlabel("seconds per answer")
    ax.set_ylabel("questions")
    figs["latency"] = _png(fig)
    plt.close(fig)
    return figs


def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v * 100:.1f}%"


def write_report(report: dict[str, Any], path: Path, title: str) -> None:
    """Write the HTML report of `report` (what `run_set` returns) to `path`."""
    s, results = report["summary"], report["results"]
    figs = _figures(results)
    rows = "".join(f"<tr><td>{escape(c)}</td><td>{p['correct']}/{p['questions']}</td></tr>"
                   for c, p in s.get("by_category", {}).items())
    summary = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in [
        ("questions", s["questions"]), ("answer accuracy", _pct(s["answer_accuracy"])),
        ("citation precision", _pct(s["citation_precision"])), ("abstention on unanswerable", _pct(s["abstention_rate"])),
        ("false abstention", _pct(s["false_abstention_rate"])), ("latency p50 / p95", f"{s['p50_ms']:.0f} / {s['p95_ms']:.0f} ms"),
        ("shown in the model's words", f"{s['model_words']['shown']} ({_pct(s['model_words']['accuracy'])} right)"),
        ("shown as quoted evidence", f"{s['quoted_evidence']['shown']} ({_pct(s['quoted_evidence']['accuracy'])} right)"),
    ])
    misses = "".join(
        f"<div class='miss'><b>{escape(r['id'])}</b> <i>{escape(r.get('category') or '')}</i> "
        f"{'(unanswerable)' if not r['answerable'] else ''}<br>Q: {escape(r['question'])}<br>"
        f"A: {escape(r['answer'])}<br><small>answerability {_score(r):.2f}; origin {escape(r.get('origin') or '')}; "
        f"draft: {escape(r.get('draft') or '–')}</small>"
        + "".join(f"<br><small>dropped: {escape(d)}</small>" for d in r.get("dropped", []))
        + "</div>"
        for r in results if not r["correct"]
    )
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:980px;margin:20px auto;padding:0 12px}}
table{{border-collapse:collapse}}td{{border:1px solid #ddd;padding:3px 8px}}.miss{{border-left:3px solid #f59e0b;
margin:8px 0;padding:4px 8px}}img{{max-width:100%}}</style></head><body>
<h1>{escape(title)}</h1><h2>Summary</h2><table>{summary}</table>
<h2>Accuracy per category</h2><table>{rows or '<tr><td>no categories in this set</td></tr>'}</table>
<h2>Answerability: answerable vs unanswerable</h2><img alt="support histogram" src="{figs['support']}">
<h2>Abstention trade-off</h2><img alt="threshold sweep" src="{figs['tradeoff']}">
<h2>Latency</h2><img alt="latency histogram" src="{figs['latency']}">
<h2>Misses ({sum(not r['correct'] for r in results)})</h2>{misses or '<p>none</p>'}
</body></html>"""
    path.write_text(page, encoding="utf-8")
