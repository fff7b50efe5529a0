"""Rules that keep personal data out of the public output (dist/ is world-readable)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..model.findings import Finding, Loc, finding
from ..model.inputs import Banner, Carousel, Link, MiniProgramLink, UrlLink, Version
from ..model.paths import CATALOG
from .base import Context, rule
from .texts import iter_texts, version_example

# Bounded parts and a start that cannot follow a local-part character keep the search
# linear: an open-ended pattern took 30 ms on one 1,000-character text ("aaa...@").
EMAIL = regex.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


def _link(loc: Loc, link: Link | None) -> Iterator[tuple[Loc, str]]:
    if isinstance(link, UrlLink):
        yield (*loc, "url"), link.url
    elif isinstance(link, MiniProgramLink) and link.page:
        yield (*loc, "page"), link.page


def published(version: Version) -> Iterator[tuple[Loc, str]]:
    """Every string of a version that is copied into dist/ as written."""
    for loc, text in iter_texts(version):
        for locale, value in text.items():
            yield (*loc, locale), value
    for i, section in enumerate(version.sections):
        if isinstance(section, Banner):
            yield ("sections", i, "image"), section.image
            yield from _link(("sections", i, "link"), section.link)
        if isinstance(section, Carousel):
            for j, slide in enumerate(section.slides):
                yield ("sections", i, "slides", j, "image"), slide.image
                yield from _link(("sections", i, "slides", j, "link"), slide.link)


@rule("E240", "no-email-in-published-content", file="services/home/versions/9.yaml",
      bad=version_example("    name: {en-US: Ask alice@example.com}   # <-"),
      good=version_example())
def no_email_in_published_content(ctx: Context) -> Iterator[Finding]:
    """The page is public: an email address in it reaches every user and every mirror.

    Testers are the only addresses the files hold, and they are published hashed. The
    address itself is not repeated in the message, since CI logs are read widely too.
    """
    for tree, _service, number, version in ctx.versions():
        for loc, value in published(version):
            if EMAIL.search(value):
                yield finding(tree.version_file(number), loc, "E240",
                              "published text contains an email address",
                              "remove it; link to a contact page or mini program instead")
    catalog = ctx.project.catalog
    for i, program in enumerate(catalog.mini_programs if catalog else ()):
        values = [(("icon",), program.icon), *((("name", k), v) for k, v in program.name.items())]
        for loc, value in values:
            if EMAIL.search(value):
                yield finding(CATALOG, ("mini_programs", i, *loc), "E240",
                              "published text contains an email address",
                              "remove it; link to a contact page or mini program instead")
