"""Real documents made by real tools, for the reader tests: PDFs from two producers
(reportlab's layout engine and matplotlib's PDF backend), DOCX from python-docx, and an
HTML news page with the boilerplate real pages carry (cookie banner, navigation,
related stories with their own facts and figures, footer, scripts and styles)."""

from __future__ import annotations

import html
from pathlib import Path

# Facts that appear only in the boilerplate of the HTML page: they must never be indexed.
BOILERPLATE_FACTS = {
    "cookie": "We use cookies from 47 partners to improve your experience.",
    "related": "Stock markets in Tokyo fell 12 percent as the yen surged.",
    "related2": "Port Melvin football club signed a striker for 80 million euros.",
    "footer": "Daily Courier newsroom, 14 Harbour Street, telephone 555-0100.",
}


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def write_pdf_reportlab(text: str, path: Path, title: str = "", author: str = "") -> None:
    """A flowing A5 document (several pages for a news article) via reportlab's platypus."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    doc = SimpleDocTemplate(str(path), pagesize=A5, title=title, author=author)
    doc.build([Paragraph(html.escape(p), style) for p in paragraphs(text)])


def write_pdf_matplotlib(text: str, path: Path) -> None:
    """The same text set line by line on pages by matplotlib's own PDF backend."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    lines: list[str] = []
    for p in paragraphs(text):
        lines.extend(textwrap.wrap(p, 80, break_on_hyphens=False))
        lines.append("")
    per_page = 48
    with PdfPages(str(path)) as pdf:
        for start in range(0, len(lines), per_page):
            fig = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[start : start + per_page]):
                fig.text(0.06, 0.95 - i * 0.019, line, fontsize=9, family="DejaVu Sans")
            pdf.savefig(fig)
            plt.close(fig)


def write_docx(text: str, path: Path, title: str = "", heading: str | None = None) -> None:
    import docx

    d = docx.Document()
    if title:
        d.core_properties.title = title
    d.core_properties.author = "Test Desk"
    if heading:
        d.add_heading(heading, level=1)
    for p in paragraphs(text):
        d.add_paragraph(p)
    d.save(str(path))


def write_news_page(text: str, path: Path, title: str, date: str = "2024-11-29") -> None:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    f = BOILERPLATE_FACTS
    path.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Daily Courier</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="Courier Staff"><meta property="article:published_time" content="{date}T09:00:00Z">
<link rel="canonical" href="https://courier.example/world/{path.stem}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{html.escape(title)}","datePublished":"{date}"}}</script>
<style>body {{ font-family: serif }} .promo {{ color: red }}</style>
<script>window.promo = "Subscribe today for 99 dollars a year";</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{f["cookie"]}</p><button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By Courier Staff</p>
<time datetime="{date}">{date}</time>
{body}
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/markets">{f["related"]}</a></li><li><a href="/football">{f["related2"]}</a></li></ul></aside>
</main>
<footer><p>{f["footer"]}</p><p>© 2024 Daily Courier. All rights reserved.</p></footer>
<script>document.querySelectorAll('a').forEach(a => a.dataset.track = 'yes');</script>
</body></html>
""", encoding="utf-8")
