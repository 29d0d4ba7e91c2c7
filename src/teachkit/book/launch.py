"""Launch buttons and notebook downloads for the book's chapters.

Every notebook page (a chapter with a ``kernelspec``) gets:

* a download: ``_sources/<docname>.ipynb``, the chapter as the build executed it (outputs
  included), opened by a one-line Markdown cell and an install cell
  (:func:`install_cell_source`) so that it runs outside the repository. The theme's
  download menu offers it in place of the ``.md`` source;
* launch buttons in the theme's style, when the book knows its GitHub repository. All
  three open the student notebook, the download notebook of the published (student)
  edition, from the site's branch (``gh-pages``): exercises without their solutions,
  with the outputs and charts of the build. Colab opens it from GitHub; Binder builds
  its environment from the repository's branch (``binder/``: teachkit, nbgitpuller) and
  nbgitpuller pulls the site's branch into a folder named as the repository; JupyterHub
  does the same with the hub's nbgitpuller.

The repository comes from ``$TEACHKIT_REPOSITORY`` (``owner/name`` or its GitHub URL),
else ``$GITHUB_REPOSITORY`` (which GitHub Actions sets), else ``repository.url`` in
``_config.yml``. Without one the book has no launch buttons, and the build says how to
turn them on. The Sphinx setting ``teachkit_launch`` (``_config.yml``, under
``sphinx: config:``) chooses the providers and their URLs; ``$TEACHKIT_JUPYTERHUB_URL``
sets the hub's URL and turns its button on.
"""

from __future__ import annotations

import json
import os
import re
import weakref
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from sphinx.errors import ConfigError
from sphinx.util import logging

from teachkit.book.downloads import _NOTEBOOK_PRIORITY, _is_notebook, _offer_notebook
from teachkit.book.downloads import PIP_SOURCE_ENV as PIP_SOURCE_ENV  # re-exported
from teachkit.book.downloads import download_notebook as download_notebook
from teachkit.book.downloads import install_cell_source as install_cell_source
from teachkit.book.downloads import intro_text as intro_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

REPOSITORY_ENV = "TEACHKIT_REPOSITORY"
ACTIONS_REPOSITORY_ENV = "GITHUB_REPOSITORY"  # set by GitHub Actions in every workflow run
HUB_ENV = "TEACHKIT_JUPYTERHUB_URL"
PROVIDERS = ("binder", "jupyterhub", "colab")  # in the order the menu lists them
DEFAULT_OPTIONS: dict[str, Any] = {
    "providers": ["binder", "colab"],
    "binderhub_url": "https://mybinder.org",
    "jupyterhub_url": "",
    "notebooks_branch": "gh-pages",
}
COLAB_URL = "https://colab.research.google.com"
DEFAULT_BRANCH = "main"
# Jupyter Book's own default repository.url: a book that does not set one "has" it
_JUPYTER_BOOK_DEFAULT_URL = "https://github.com/executablebooks/jupyter-book"
_BUTTONS = {  # provider -> (text, icon shipped by sphinx-book-theme)
    "binder": ("Binder", "_static/images/logo_binder.svg"),
    "jupyterhub": ("JupyterHub", "_static/images/logo_jupyterhub.svg"),
    "colab": ("Colab", "_static/images/logo_colab.png"),
}
_REPOSITORY = re.compile(r"(?:https://(?:www\.)?github\.com/)?([^/\s]+)/([^/\s]+?)(?:\.git)?/?")
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
# before sphinx-book-theme builds its download menu (501), which reads ipynb_source
_BUTTONS_PRIORITY = 550  # after it: edit the menu, add the launch menu
_SETTINGS: weakref.WeakKeyDictionary[Sphinx, LaunchSettings] = weakref.WeakKeyDictionary()

logger = logging.getLogger(__name__)


class LaunchConfigError(ConfigError):
    """The launch settings, or the repository they point at, are not usable."""


@dataclass(frozen=True)
class Repository:
    """A GitHub repository and the branch the launch links open."""

    owner: str
    name: str
    branch: str = DEFAULT_BRANCH

    @property
    def url(self) -> str:
        """The repository's web address."""
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def pip_source(self) -> str:
        """What ``pip install`` needs to install teachkit from this repository."""
        return f"git+{self.url}@{self.branch}"


@dataclass(frozen=True)
class LaunchSettings:
    """Everything the launch links need, resolved and validated."""

    repository: Repository | None
    providers: tuple[str, ...]
    binderhub_url: str
    jupyterhub_url: str
    notebooks_branch: str
    path_to_book: str = ""


# -- resolving the settings ---------------------------------------------------------


def parse_repository(value: str, *, branch: str = DEFAULT_BRANCH, origin: str) -> Repository:
    """A GitHub repository from ``owner/name`` or ``https://github.com/owner/name``.

    ``origin`` names where ``value`` came from, for the error message.

    Examples
    --------
    >>> parse_repository("https://github.com/o/r.git", origin="x").url
    'https://github.com/o/r'
    """
    match = _REPOSITORY.fullmatch(value.strip())
    if match is None or not (_OWNER.fullmatch(match[1]) and _NAME.fullmatch(match[2])):
        raise LaunchConfigError(
            f"{origin} = {value!r} is not a GitHub repository: use 'owner/name' or "
            f"'https://github.com/owner/name', e.g. {REPOSITORY_ENV}=my-org/trusting-enemies "
            "(launch buttons and notebook installs need a repository on GitHub)"
        )
    if not is_branch_name(branch.strip()):
        raise LaunchConfigError(
            f"repository.branch = {branch!r} in _config.yml is not a branch name, e.g. 'main'"
        )
    return Repository(match[1], match[2], branch.strip())


_BAD_REF = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|//|@\{|^[/.-]|[/.]$|\.lock$|/\.")


def is_branch_name(value: str) -> bool:
    """Whether ``value`` is a valid git branch name (``git check-ref-format --branch``).

    Examples
    --------
    >>> is_branch_name("gh-pages"), is_branch_name("../../x"), is_branch_name("a b")
    (True, False, False)
    """
    return bool(value) and value != "@" and _BAD_REF.search(value) is None


def check_url(value: str, *, key: str, env: str | None = None) -> str:
    """``value`` without a trailing slash, if it is an http(s) URL with a host.

    It may have a path and a port (1-65535); not a query, a fragment, a user name
    or password, or any space or control character.
    """
    parts = urlsplit(value.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or more than 65535
        port_ok = False
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or "#" in value
        or "?" in value
        or parts.username is not None
        or parts.password is not None
        or not port_ok
        or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value.strip())
    ):
        where = f"teachkit_launch.{key}" + (f" (or ${env})" if env else "")
        raise LaunchConfigError(
            f"{where} = {value!r} is not a web address: give an http(s) URL with a host, "
            "perhaps a port and a path, and no query, fragment, credentials or spaces, "
            "e.g. 'https://hub.example.edu'"
        )
    return value.strip().rstrip("/")


def _options(raw: Any) -> dict[str, Any]:
    """``teachkit_launch`` merged over the defaults, keys and types checked."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise LaunchConfigError(
            f"teachkit_launch must be a mapping of settings (keys: {', '.join(DEFAULT_OPTIONS)}), "
            f"not {type(raw).__name__}"
        )
    unknown = sorted(str(k) for k in raw if k not in DEFAULT_OPTIONS)
    if unknown:
        raise LaunchConfigError(
            f"teachkit_launch has unknown key(s) {', '.join(map(repr, unknown))}: the valid keys "
            f"are {', '.join(DEFAULT_OPTIONS)}"
        )
    options = {**DEFAULT_OPTIONS, **raw}
    providers = options["providers"]
    if not isinstance(providers, list | tuple) or not all(isinstance(p, str) for p in providers):
        raise LaunchConfigError(
            f"teachkit_launch.providers must be a list of provider names, e.g. "
            f"[binder, colab] (valid: {', '.join(PROVIDERS)}), not {providers!r}"
        )
    for key in ("binderhub_url", "jupyterhub_url", "notebooks_branch"):
        if not isinstance(options[key], str):
            raise LaunchConfigError(f"teachkit_launch.{key} must be a string, not {options[key]!r}")
    return options


def resolve_settings(
    raw_options: Any,
    *,
    environ: Mapping[str, str],
    repository_url: str = "",
    branch: str = "",
    path_to_book: str = "",
) -> LaunchSettings:
    """Validate ``teachkit_launch`` and find the repository; raise LaunchConfigError if wrong.

    Parameters
    ----------
    raw_options : mapping or None
        The ``teachkit_launch`` setting.
    environ : mapping
        The environment (``TEACHKIT_REPOSITORY``, ``GITHUB_REPOSITORY``,
        ``TEACHKIT_JUPYTERHUB_URL``).
    repository_url, branch, path_to_book : str
        ``repository.url``, ``repository.branch`` and ``repository.path_to_book`` from
        ``_config.yml``.

    Returns
    -------
    LaunchSettings
    """
    options = _options(raw_options)
    providers = [p.strip().lower() for p in options["providers"]]
    unknown = [p for p in providers if p not in PROVIDERS]
    if unknown:
        raise LaunchConfigError(
            f"teachkit_launch.providers names unknown provider(s) "
            f"{', '.join(map(repr, unknown))}: the valid providers are {', '.join(PROVIDERS)}"
        )
    hub = (environ.get(HUB_ENV) or "").strip() or options["jupyterhub_url"].strip()
    if hub:
        hub = check_url(hub, key="jupyterhub_url", env=HUB_ENV)
        providers.append("jupyterhub")  # a hub URL turns its button on
    elif "jupyterhub" in providers:
        raise LaunchConfigError(
            "teachkit_launch.providers lists 'jupyterhub' but there is no hub URL (missing hub "
            f"URL): set teachkit_launch.jupyterhub_url in _config.yml or ${HUB_ENV}, e.g. "
            f"{HUB_ENV}=https://hub.example.edu, or take 'jupyterhub' out of the providers"
        )
    binderhub = options["binderhub_url"].strip()
    if "binder" in providers:
        binderhub = check_url(binderhub, key="binderhub_url")
    notebooks_branch = options["notebooks_branch"].strip()
    if not is_branch_name(notebooks_branch):
        raise LaunchConfigError(
            f"teachkit_launch.notebooks_branch = {notebooks_branch!r} is not a branch name: "
            "use the branch the site is published from, e.g. 'gh-pages'"
        )
    branch = branch.strip() or DEFAULT_BRANCH
    repository = None
    for origin, value in (
        (f"${REPOSITORY_ENV}", environ.get(REPOSITORY_ENV, "")),
        (f"${ACTIONS_REPOSITORY_ENV}", environ.get(ACTIONS_REPOSITORY_ENV, "")),
        ("repository.url in _config.yml", repository_url),
    ):
        if value.strip() and value.strip().rstrip("/") != _JUPYTER_BOOK_DEFAULT_URL:
            repository = parse_repository(value, branch=branch, origin=origin)
            break
    book = path_to_book.strip().strip("/")
    return LaunchSettings(
        repository=repository,
        providers=tuple(p for p in PROVIDERS if p in providers),
        binderhub_url=binderhub,
        jupyterhub_url=hub,
        notebooks_branch=notebooks_branch,
        path_to_book=f"{book}/" if book else "",
    )


# -- the links ----------------------------------------------------------------------


def launch_urls(settings: LaunchSettings, source: str, docname: str) -> dict[str, str]:
    """The launch link of each provider for one page, in menu order.

    Parameters
    ----------
    settings : LaunchSettings
    source : str
        The page's source file relative to the book, e.g. ``chapters/x.md`` (kept
        for callers; every provider opens the student notebook instead).
    docname : str
        The page's name, e.g. ``chapters/x``: every provider opens
        ``_sources/<docname>.ipynb`` from the site's branch.

    Examples
    --------
    >>> s = resolve_settings({}, environ={"TEACHKIT_REPOSITORY": "o/r"})
    >>> launch_urls(s, "chapters/x.md", "chapters/x")["colab"].split("/blob/")[1]
    'gh-pages/_sources/chapters/x.ipynb'
    """
    repo = settings.repository
    if repo is None:
        return {}
    notebook = f"_sources/{docname}.ipynb"
    urls = {}
    # nbgitpuller clones the site's branch into a folder named as the repository
    pull = {
        "repo": repo.url,
        "branch": settings.notebooks_branch,
        "urlpath": f"lab/tree/{repo.name}/{notebook}",
    }
    git_pull = f"git-pull?{urlencode(pull, safe='/')}"
    if "binder" in settings.providers:
        urls["binder"] = (
            f"{settings.binderhub_url}/v2/gh/{repo.owner}/{repo.name}/"
            f"{quote(repo.branch, safe='')}?{urlencode({'urlpath': git_pull})}"
        )
    if "jupyterhub" in settings.providers:
        urls["jupyterhub"] = f"{settings.jupyterhub_url}/hub/user-redirect/{git_pull}"
    if "colab" in settings.providers:
        urls["colab"] = (
            f"{COLAB_URL}/github/{repo.owner}/{repo.name}/blob/"
            f"{quote(settings.notebooks_branch)}/{quote(notebook)}"
        )
    return urls


def launch_group(urls: Mapping[str, str]) -> dict[str, Any]:
    """sphinx-book-theme's header menu entry for launch links (as its own menu is built)."""
    buttons = []
    for provider, url in urls.items():
        text, icon = _BUTTONS[provider]
        buttons.append(
            {
                "type": "link",
                "text": text,
                "tooltip": f"Open this chapter as a live notebook on {text}",
                "icon": icon,
                "url": url,
                "label": f"launch-{provider}-button",
            }
        )
    return {
        "type": "group",
        "tooltip": "Launch this chapter as a live notebook",
        "icon": "fas fa-rocket",
        "buttons": buttons,
        "label": "launch-buttons",
    }


# -- the download notebook ----------------------------------------------------------


def settings_for(app: Sphinx) -> LaunchSettings:
    """The launch settings resolved for this build."""
    return _SETTINGS[app]


def _configure(app: Sphinx, config: Config) -> None:
    theme = config.html_theme_options or {}
    settings = resolve_settings(
        config.teachkit_launch,
        environ=os.environ,
        repository_url=str(theme.get("repository_url") or ""),
        branch=str(theme.get("repository_branch") or ""),
        path_to_book=str(theme.get("path_to_docs") or ""),
    )
    _SETTINGS[app] = settings
    # an "html" setting: when the resolved links change, Sphinx rewrites every page
    config.teachkit_launch_resolved = json.dumps(asdict(settings), sort_keys=True)
    if settings.repository is None and settings.providers:
        logger.info(
            "teachkit: no launch buttons (%s), as the book does not know its GitHub "
            "repository: set %s=owner/name (GitHub Actions sets %s) or repository.url in "
            "_config.yml",
            ", ".join(settings.providers),
            REPOSITORY_ENV,
            ACTIONS_REPOSITORY_ENV,
        )


def _header_buttons(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Chapters download as .ipynb, not .md; add the launch menu in front."""
    buttons = context.get("header_buttons")
    if not isinstance(buttons, list) or not _is_notebook(app, pagename):
        return
    if context.get("ipynb_source"):
        for group in buttons:
            if group.get("label") == "download-buttons":
                group["buttons"] = [
                    b for b in group["buttons"] if b.get("label") != "download-source-button"
                ]
    source = Path(app.env.doc2path(pagename)).relative_to(app.srcdir).as_posix()
    urls = launch_urls(settings_for(app), source, pagename)
    if urls:
        buttons.insert(0, launch_group(urls))


def register(app: Sphinx) -> None:
    """Add launch buttons and notebook downloads to a Sphinx application."""
    app.add_config_value("teachkit_launch", {}, "html", [dict])
    app.add_config_value("teachkit_launch_resolved", "", "html", [str])
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _offer_notebook, priority=_NOTEBOOK_PRIORITY)
    app.connect("html-page-context", _header_buttons, priority=_BUTTONS_PRIORITY)
