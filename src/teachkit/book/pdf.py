"""The book as PDFs, printed by Chromium from the built pages (``python3 dev.py pdf``).

Each page of the table of contents is printed with the book's print stylesheet
(``teachkit-print.css``: no sidebars or buttons, charts at page width with their
table, link targets shown) to ``_pdf/<page>.pdf`` in the built site, numbered
"page n of m"; the chapters are then merged into ``_pdf/book.pdf`` with an outline
(one bookmark per chapter, with its sections beneath) and page numbers running
through the whole book. Page numbers are stamped on afterwards, from a PDF of
numbers that Chromium prints too, so nothing but Chromium and pypdf is needed.

Build the site with ``TEACHKIT_PDF=1`` first (``dev.py pdf`` does): each
chapter's download menu then links to its PDF and the book's.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PDF_DIR = "_pdf"
BOOK_PDF = "book.pdf"
PDF_ENV = "TEACHKIT_PDF"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
_CHART_TIMEOUT_MS = 20000


@dataclass(frozen=True)
class Printed:
    """One page of the book printed to PDF (without page numbers yet)."""

    docname: str
    title: str
    pdf: bytes


def toc_pages(book: Path) -> list[str]:
    r"""The book's pages in reading order, from its ``_toc.yml`` (root first).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "_toc.yml").write_text(
    ...     "root: intro\nparts:\n- chapters:\n  - file: chapters/a\n    sections:\n"
    ...     "    - file: chapters/b\n")
    >>> toc_pages(folder)
    ['intro', 'chapters/a', 'chapters/b']
    """
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [str(toc["root"])]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(str(entry["file"]).removesuffix(".md").removesuffix(".ipynb"))
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return pages


def find_chromium() -> str:
    """The Chromium to print with: ``$TEACHKIT_CHROMIUM`` or one on the PATH."""
    explicit = os.environ.get("TEACHKIT_CHROMIUM")
    names = [explicit] if explicit else ["chromium", "chromium-browser", "google-chrome"]
    for name in names:
        found = shutil.which(name) if name else None
        if found:
            return found
    raise SystemExit(
        "teachkit.book.pdf: no Chromium found. Install it (Debian: apt-get install chromium) "
        "or set TEACHKIT_CHROMIUM to its path."
    )


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _print_page(page: Any, url: str) -> tuple[str, bytes]:
    """Load one page, draw its charts, open its details, and print it (title, PDF)."""
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")  # the book's script draws every chart for print
    charts = page.locator("div.teachkit-chart").count()
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('div.teachkit-chart svg').length >= n",
            arg=charts,
            timeout=_CHART_TIMEOUT_MS,
        )
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    title = page.evaluate(
        "() => (document.querySelector('article h1, main h1') || {}).textContent || document.title"
    )
    pdf = page.pdf(
        format="A4",
        margin=_MARGIN,
        print_background=True,
        outline=True,
        tagged=True,
    )
    return " ".join(str(title).replace("#", "").split()), pdf


def print_pages(html: Path, docnames: list[str]) -> list[Printed]:
    """Print every page with Chromium (headless, offline) in the given order."""
    from playwright.sync_api import sync_playwright

    printed = []
    with _serve(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context()
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        page = context.new_page()
        for docname in docnames:
            title, pdf = _print_page(page, f"{base}/{docname}.html")
            printed.append(Printed(docname, title, pdf))
            print(f"  printed {docname}.html", flush=True)
        numbers = _number_pages(page, sum(_count(p.pdf) for p in printed))
        browser.close()
    return [*printed, Printed("", "", numbers)]


def _count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _number_pages(page: Any, count: int) -> bytes:
    """A PDF of ``count`` A4 pages, each showing only its number at the foot."""
    sheets = "".join(f'<div class="sheet"><span>{n}</span></div>' for n in range(1, count + 1))
    page.emulate_media(media="print")
    page.set_content(
        "<style>@page{size:A4;margin:0}html,body{margin:0}"
        ".sheet{height:297mm;position:relative;page-break-after:always;"
        "font:9pt sans-serif;color:#333}"
        ".sheet span{position:absolute;bottom:8mm;width:100%;text-align:center}</style>" + sheets
    )
    return bytes(page.pdf(format="A4", margin={"top": "0", "bottom": "0"}))


def _stamp(writer: Any, numbers: Any, start: int = 0) -> None:
    """Lay page numbers (from the numbers PDF, from ``start`` + 1) over every page."""
    for index, target in enumerate(writer.pages):
        target.merge_page(numbers.pages[start + index])
        target.compress_content_streams()  # merging leaves the page's content uncompressed
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)


def write_pdfs(printed: list[Printed], out: Path) -> list[Path]:
    """Write each page's PDF and the whole book's, numbered, with an outline."""
    from pypdf import PdfReader, PdfWriter

    *pages, numbers_doc = printed
    numbers = PdfReader(io.BytesIO(numbers_doc.pdf))
    written = []
    book = PdfWriter()
    for item in pages:
        chapter = PdfWriter(clone_from=PdfReader(io.BytesIO(item.pdf)))
        chapter.add_metadata({"/Title": item.title})
        _stamp(chapter, numbers)
        path = out / f"{item.docname}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            chapter.write(handle)
        written.append(path)
        start = len(book.pages)
        book.append(PdfReader(io.BytesIO(item.pdf)), import_outline=False)
        book.add_outline_item(title=item.title, page_number=start)
    _stamp(book, numbers)
    book.add_metadata({"/Title": pages[0].title if pages else "The book"})
    book.page_mode = "/UseOutlines"
    path = out / BOOK_PDF
    with path.open("wb") as handle:
        book.write(handle)
    return [*written, path]


def main(argv: list[str] | None = None) -> int:
    """Print the built book (``HTML``, built from ``BOOK``) to PDFs in ``HTML/_pdf``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("html", type=Path, help="the built site (e.g. _build/html)")
    parser.add_argument("--book", type=Path, default=Path("."), help="folder of _toc.yml")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        parser.error(f"{args.html} holds no built book (no index.html): build it first")
    docnames = [d for d in toc_pages(args.book) if (args.html / f"{d}.html").is_file()]
    print(f"Printing {len(docnames)} pages with Chromium ...", flush=True)
    written = write_pdfs(print_pages(args.html, docnames), args.html / PDF_DIR)
    book = written[-1]
    pages = _count(book.read_bytes())
    print(f"Wrote {len(written) - 1} page PDFs and the book, {book} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
