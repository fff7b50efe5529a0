"""The preview's view model -> one self-contained HTML page (pure: data in, string out).

Jinja2 with autoescaping on for every variable: each string of the page (titles, names,
badges, URLs, locale tags) passes through MarkupSafe's escaping, so a title such as
``<script>`` shows as text. On top of that the page carries a Content-Security-Policy
that allows no script at all and images only from https (or none with ``--offline``), so
opening a preview can never run code or fetch anything but the configured images.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from .page import Page

_PACKAGE = __name__.rpartition(".")[0]  # compiler.preview here, minisvc.preview when installed
_BASE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; " \
    "form-action 'none'"


def policy(offline: bool) -> str:
    """The page's Content-Security-Policy: offline pages may load no image from anywhere."""
    return f"{_BASE_POLICY}; img-src {'data:' if offline else 'https: data:'}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["file_name"] = file_name
    env.filters["https"] = lambda url: isinstance(url, str) and url.startswith("https://")
    return env


def file_name(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or url


def render(page: Page) -> str:
    """The whole preview page; identical input gives identical output (no clock, no I/O)."""
    template = _environment().get_template("preview.html.j2")
    return template.render(page=page, csp=policy(page.offline))
