"""Light pages: maths as MathML, a small icon set, the search index only when searching.

Registered by ``teachkit.book.sphinxext``. It

* renders ``$...$`` and ``$$...$$`` maths to MathML when the book is built
  (``latex2mathml``), which current browsers draw natively: no page loads MathJax;
* replaces the theme's 1.45 MB Font Awesome script with a stylesheet of the few
  icons the pages use (``vendor/icons/icons.css``, made by ``scripts/vendor_js.py``),
  and drops the theme's Font Awesome rules from its stylesheet;
* loads Sphinx's search index only on the search page (the theme loads it on
  every page for a search-as-you-type mode the book does not use);
* loads the theme's Bootstrap bundle only when a reader first reaches for a header menu
  or button (``teachkit-theme.js``);
* defers every external script but one, links ``basic.css`` directly (not through
  ``theme.css``'s ``@import``) and leaves out sphinx-thebe's and (on pages without
  its components) sphinx-design's files, so pages paint sooner;
* overrides two theme buttons whose accessible names did not contain their
  visible text (WCAG 2.5.3), gives every page's regions a landmark, turns empty
  table headers into plain cells, and gives each page a meta description;
* adds the print stylesheet (``teachkit-print.css``) and names each chapter's
  PDF, when ``python3 dev.py pdf`` built one, in its download menu.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent / "templates"
ICONS_CSS = "vendor/icons/icons.css"
PRINT_CSS = "teachkit-print.css"
PAGES_CSS = "teachkit-pages.css"
MATH_RENDERER = "teachkit_mathml"
# the theme's bundled Font Awesome (webpack): a 1.45 MB script that swaps <i> tags for SVGs
_FONTAWESOME_SCRIPT = re.compile(
    r'\s*<script defer src="[^"]*scripts/fontawesome\.js[^"]*"></script>'
)
# Sphinx's search tools and index, which the theme puts in every page's head
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)'
    r'[^"]*"></script>'
)
# the theme's Bootstrap bundle (81 KB): preloaded in the head, run at the end of the body
_BOOTSTRAP_PRELOAD = re.compile(
    r'\s*<link rel="preload" as="script" href="[^"]*scripts/bootstrap\.js[^"]*" />'
)
_BOOTSTRAP_SCRIPT = re.compile(r'<script defer src="([^"]*)scripts/bootstrap\.js([^"]*)"></script>')
THEME_LOADER = "teachkit-theme.js"
HIGHLIGHT_LOADER = "teachkit-highlight.js"
# the theme's theme.css holds only `@import "../basic.css"`: a request chained behind another
_THEME_IMPORT = re.compile(r'(<link href="[^"]*_static/)styles/theme\.css\?[^"]*(")')
# the Font Awesome part of the theme's stylesheet: from its licence banner to the last
# @font-face (its icon classes and fonts; the book's own icons.css replaces the few it uses)
_FA_BANNER = "/*!\n * Font Awesome Free"
# an inline literal of one word: Sphinx wraps the word in a span that only stops it wrapping
_ONE_WORD_LITERAL = re.compile(
    r'<code class="docutils literal notranslate"><span class="pre">([^<\s]*)</span></code>'
)
_EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(\s*(?:<p>\s*</p>)?\s*)</th>")
_RULE = re.compile(r"([^{}]*)\{[^{}]*\}")
_THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"

logger = logging.getLogger(__name__)


# -- maths ------------------------------------------------------------------------------


def latex_to_mathml(latex: str, *, display: bool = False) -> str:
    """MathML for a LaTeX formula (``display`` for a block), with its source as annotation.

    Examples
    --------
    >>> latex_to_mathml("w = 2/3")[:52]
    '<math xmlns="http://www.w3.org/1998/Math/MathML" dis'
    >>> "<mi>w</mi>" in latex_to_mathml("w = 2/3")
    True
    """
    from latex2mathml.converter import convert

    mathml = convert(latex.strip(), display="block" if display else "inline")
    source = html.escape(latex.strip())
    annotation = f'<annotation encoding="application/x-tex">{source}</annotation>'
    # wrap the body in <semantics> so copy-paste and assistive tools can reach the source
    head, _, body = mathml.partition(">")
    return f"{head}><semantics>{body.removesuffix('</math>')}{annotation}</semantics></math>"


def _mathml(node: nodes.Element, display: bool) -> str:
    try:
        return latex_to_mathml(node.astext(), display=display)
    except Exception as err:  # latex2mathml raises many kinds; each is a bad formula
        logger.warning(
            "this formula could not be turned into MathML (%s): %s",
            err,
            node.astext(),
            location=node,
            type="teachkit",
            subtype="math",
        )
        return f"<code>{html.escape(node.astext())}</code>"


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    """Inline maths as MathML."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_mathml(node, display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self: HTML5Translator, node: nodes.math_block) -> None:
    """Display maths as MathML, numbered like Sphinx's own renderers."""
    from sphinx.locale import _
    from sphinx.util.math import get_node_equation_number

    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    for part in (p for p in node.astext().split("\n\n") if p.strip()):
        self.body.append(_mathml(nodes.math_block(part, part, **node.attributes), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


# -- the page head and the theme ---------------------------------------------------------


def _configure(app: Sphinx, config: Config) -> None:
    import os

    from teachkit.book.pdf import PDF_ENV

    config.html_math_renderer = MATH_RENDERER
    if os.environ.get(PDF_ENV, "").strip() not in ("", "0"):
        config.teachkit_pdf = True
    # first, so the book's versions of theme components win over the theme's
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def light_head(head: str, pagename: str) -> str:
    """The theme's head without Font Awesome's script, and without search off the search page.

    The theme's ``theme.css``, which only imports Sphinx's ``basic.css``, is replaced
    by a link to ``basic.css`` itself (one request fewer before the first paint).

    Examples
    --------
    >>> head = ('<script defer src="_static/scripts/fontawesome.js?digest=1"></script>'
    ...         '<script src="searchindex.js"></script>')
    >>> light_head(head, "intro")
    ''
    >>> light_head(head, "search")
    '<script src="searchindex.js"></script>'
    >>> light_head('<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />', "x")
    '<link href="../_static/basic.css" rel="stylesheet" />'
    """
    head = _FONTAWESOME_SCRIPT.sub("", head)
    head = _BOOTSTRAP_PRELOAD.sub("", head)
    head = _THEME_IMPORT.sub(r"\1basic.css\2", head)
    if pagename != "search":
        head = _SEARCH_SCRIPTS.sub("", head)
    return head


def light_body(scripts: str) -> str:
    """The theme's closing scripts with Bootstrap fetched only when a reader needs it.

    ``teachkit-theme.js`` (next to the bundle's folder) loads the theme's Bootstrap bundle
    when a reader first points at, focuses or taps one of the header's menus or buttons,
    and does the one thing the bundle did for every reader: the "Back to top" button.

    Examples
    --------
    >>> body = light_body('<script defer src="_static/scripts/bootstrap.js?digest=1"></script>')
    >>> for part in body.split()[2:]:
    ...     print(part)
    src="_static/teachkit-theme.js"
    data-bootstrap="_static/scripts/bootstrap.js?digest=1"></script>
    """
    loader = rf'<script defer src="\1{THEME_LOADER}"'
    return _BOOTSTRAP_SCRIPT.sub(
        rf'{loader} data-bootstrap="\1scripts/bootstrap.js\2"></script>', scripts
    )


def sidebar_landmark(content: str) -> str:
    """Make the theme's primary sidebar a landmark, so its title and search are in one.

    axe's ``region`` rule: every part of a page is in a banner, navigation, main or sidebar.

    Examples
    --------
    >>> sidebar_landmark('<div id="pst-primary-sidebar" class="bd-sidebar">')
    '<div id="pst-primary-sidebar" role="complementary" aria-label="The book" class="bd-sidebar">'
    """
    return content.replace(
        '<div id="pst-primary-sidebar" ',
        '<div id="pst-primary-sidebar" role="complementary" aria-label="The book" ',
        1,
    )


def page_description(body: str, fallback: str, limit: int = 160) -> str:
    """A page's meta description: its first paragraph as plain text, cut at a word.

    Examples
    --------
    >>> page_description('<h1>T</h1><p>Leaders <em>meet</em> to judge.</p><p>More</p>', "Book")
    'Leaders meet to judge.'
    >>> page_description("", "Trusting Enemies")
    'Trusting Enemies'
    """
    for paragraph in re.findall(r"<p\b[^>]*>(.*?)</p>", body, re.DOTALL):
        plain = re.sub(r"<annotation\b.*?</annotation>|<[^>]+>", "", paragraph, flags=re.DOTALL)
        text = " ".join(html.unescape(plain).split())
        if len(text) >= 20 or (text and not fallback):
            if len(text) > limit:
                text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
            return text
    return fallback


def defer_scripts(scripts: list[Any]) -> list[Any]:
    """Let the page render before its scripts run: ``defer`` every external script.

    Deferred scripts still run in order, before ``DOMContentLoaded``.
    ``documentation_options.js`` stays as it was: an inline script in the head
    (``DOCUMENTATION_OPTIONS.pagename = ...``) needs it at once. The builder's
    script objects are shared by every page, so changed ones are copies.
    """
    deferred = []
    for script in scripts:
        attributes = getattr(script, "attributes", None)
        filename = str(getattr(script, "filename", "") or "")
        if (
            isinstance(attributes, dict)
            and filename
            and "documentation_options" not in filename
            and not {"async", "defer"} & set(attributes)
        ):
            script = type(script)(
                script.filename, priority=script.priority, **{**attributes, "defer": "defer"}
            )
        deferred.append(script)
    return deferred


def _named(asset: Any, name: str) -> bool:
    return str(getattr(asset, "filename", "") or "").split("?")[0].endswith("/" + name)


def drop_unused_assets(context: dict[str, Any], body: str) -> None:
    """Leave out stylesheets and scripts a page does not use (each one delays its first paint).

    sphinx-thebe's stylesheet (the book does not use thebe) goes from every page;
    sphinx-design's stylesheet and tab script from pages without its components; the
    toggle button's from pages with nothing to toggle; the copy button's from pages
    without code. Sphinx's search-term highlighting gives way, off the search page, to
    ``teachkit-highlight.js``, which fetches it on a page opened from the search results.
    """
    unused = ["sphinx-thebe.css"]
    if not re.search(r'class="[^"]*\bsd-', body):
        unused += ["sphinx-design.min.css", "design-tabs.js"]
    if not re.search(r'class="[^"]*\b(?:toggle|dropdown)\b', body):
        unused += ["togglebutton.css", "togglebutton.js"]
    if not re.search(r'class="[^"]*\bhighlight\b', body):
        unused += ["copybutton.css", "copybutton.js", "clipboard.min.js"]

    highlight = ["doctools.js", "sphinx_highlight.js"]

    def used(asset: Any) -> bool:
        filename = str(getattr(asset, "filename", "") or asset)
        return not any(filename.split("?")[0].endswith(name) for name in unused)

    for key in ("css_files", "script_files"):
        if isinstance(context.get(key), list):
            context[key] = [asset for asset in context[key] if used(asset)]
    scripts = context.get("script_files")
    if isinstance(scripts, list) and context.get("pagename") != "search":
        # search-term highlighting only on a page opened from the results (the search page
        # itself needs doctools.js for its own scripts)
        tools = [s for s in scripts if _named(s, highlight[0])]
        if tools:
            loader = re.sub(r"doctools\.js(\?.*)?$", HIGHLIGHT_LOADER, str(tools[0].filename))
            kept = [s for s in scripts if not any(_named(s, n) for n in highlight)]
            extra = {"defer": "defer"}
            context["script_files"] = [
                *kept,
                type(tools[0])(loader, priority=tools[0].priority, **extra),
            ]


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != "search" and isinstance(context.get("script_files"), list):
        # (the search page's search tools, loaded in order, need doctools.js at once)
        context["script_files"] = defer_scripts(context["script_files"])
    context["teachkit_light_head"] = light_head
    context["teachkit_light_body"] = light_body
    context["teachkit_sidebar_landmark"] = sidebar_landmark
    body = context.get("body")
    body = body if isinstance(body, str) else ""
    if "<th" in body:
        body = fill_empty_headers(body)
    context["body"] = body = one_word_literals(body)
    drop_unused_assets(context, body)
    book = str(app.config.html_title or app.config.project)
    page = html.unescape(re.sub(r"<[^>]+>", "", str(context.get("title", ""))))
    description = html.escape(page_description(body, f"{page}, in {book}" if page else book))
    context["metatags"] = (
        str(context.get("metatags", "")) + f'\n<meta name="description" content="{description}" />'
    )


def one_word_literals(body: str) -> str:
    """Inline literals of one word without the span Sphinx wraps the word in.

    The span (``span.pre``) only keeps the word from wrapping; ``teachkit-pages.css``
    does the same for ``code.literal.pre``, in 25 fewer characters a literal.

    Examples
    --------
    >>> sphinx = '<code class="docutils literal notranslate"><span class="pre">id</span></code>'
    >>> one_word_literals(sphinx)
    '<code class="docutils literal notranslate pre">id</code>'
    """
    return _ONE_WORD_LITERAL.sub(r'<code class="docutils literal notranslate pre">\1</code>', body)


def fill_empty_headers(body: str) -> str:
    """Give empty table header cells a visually hidden name (axe: ``empty-table-header``).

    Examples
    --------
    >>> fill_empty_headers('<tr><th class="head"><p></p></th><th>Year</th></tr>')
    '<tr><td class="head"><p></p></td><th>Year</th></tr>'
    """
    # an empty header names nothing: a plain cell says so to screen readers, and axe agrees
    return _EMPTY_TH.sub(r"<td\1>\2</td>", body)


def strip_theme_icons(css: str) -> str:
    """The theme's stylesheet without its Font Awesome section (icon classes and fonts).

    Examples
    --------
    >>> strip_theme_icons("a{}" + _FA_BANNER + " */.fa-x:before{content:'x'}"
    ...                   "@font-face{src:url(fa.woff2)}.fab{x:y}.fa-y:before{content:'y'}b{}")
    'a{}b{}'
    """
    start = css.find(_FA_BANNER)
    last_face = css.rfind("@font-face{")
    if start < 0 or last_face < start:
        return css
    end = css.find("}", last_face) + 1
    # the brand icons' classes follow the last font: skip every rule that styles .fa*
    while (rule := _RULE.match(css, end)) and rule.group(1).strip().startswith(".fa"):
        end = rule.end()
    return css[:start] + css[end:]


def _slim_theme_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / _THEME_CSS
    if path.is_file():
        css = path.read_text(encoding="utf-8")
        slim = strip_theme_icons(css)
        if slim != css:
            path.write_text(slim, encoding="utf-8")


def pdf_buttons(pdf_folder: str, pagename: str) -> list[dict[str, str]]:
    """The download menu's entries for a page's PDF and the book's (``dev.py pdf`` made them).

    Examples
    --------
    >>> [b["url"] for b in pdf_buttons("../_pdf", "chapters/x")]
    ['../_pdf/chapters/x.pdf', '../_pdf/book.pdf']
    """
    from teachkit.book.pdf import BOOK_PDF

    common = {"type": "link", "icon": "fas fa-file-pdf"}
    return [
        {
            **common,
            "url": f"{pdf_folder}/{pagename}.pdf",
            "text": "This page (.pdf)",
            "tooltip": "Download this page as a PDF",
            "label": "download-page-pdf-button",
        },
        {
            **common,
            "url": f"{pdf_folder}/{BOOK_PDF}",
            "text": "The book (.pdf)",
            "tooltip": "Download the whole book as a PDF",
            "label": "download-book-pdf-button",
        },
    ]


def _offer_pdfs(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """With ``TEACHKIT_PDF`` set, each page's download menu links to its PDF and the book's."""
    from teachkit.book.pdf import PDF_DIR

    buttons = context.get("header_buttons")
    if not app.config.teachkit_pdf or not isinstance(buttons, list):
        return
    for group in buttons:
        if group.get("label") == "download-buttons":
            kept = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
            folder = context["pathto"](PDF_DIR, 1)
            group["buttons"] = [*kept, *pdf_buttons(folder, pagename)]


def register(app: Sphinx) -> None:
    """Connect the light-page hooks to Sphinx (called from ``sphinxext.setup``)."""
    app.add_html_math_renderer(MATH_RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _configure)
    app.add_config_value("teachkit_pdf", False, "html", [bool])
    app.connect("html-page-context", _page_context)
    # after sphinx-book-theme (501) and teachkit.book.launch (550) have built the menu
    app.connect("html-page-context", _offer_pdfs, priority=560)
    app.connect("build-finished", _slim_theme_css)
    app.add_css_file(ICONS_CSS)
    app.add_css_file(PAGES_CSS)
    app.add_css_file(PRINT_CSS, media="print")
