"""The input files as pydantic models: the contract of SPEC section 2.

Only shape lives here (types, patterns, ranges, unknown fields). Anything that needs
context (another file, the service's locales, counting graphemes) is a rule in
``compiler.rules``. The JSON Schemas under schema/ are generated from these classes, so
an editor and the compiler accept exactly the same files at this level.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Discriminator, Field, StringConstraints, Tag

from .schedule import Freeze, Step, Strict, Timestamp

LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
APP_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# URLs and page paths are published to every client: printable ASCII only (RFC 3986
# characters, %XX escapes), a DNS host name (no user@, no IP literal, no localhost).
_URL_CHARS = r"([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TOP_LABEL = r"[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HTTPS_PATTERN = (rf"^https://({_LABEL}\.)+{_TOP_LABEL}(:[0-9]{{1,5}})?"
                 rf"([/?]{_URL_CHARS}*)?(#{_URL_CHARS}*)?$")
PAGE_PATTERN = rf"^[A-Za-z0-9_][A-Za-z0-9_./-]*(\?{_URL_CHARS}*)?$"
# One line, no control characters, and no bidi embeddings, overrides or isolates
# (U+202A-U+202E, U+2066-U+2069): they reorder what a reviewer reads in a diff. The marks
# RLM/LRM/ALM that Arabic and Hebrew text needs stay allowed.
TEXT_PATTERN = r"^[^\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
MAX_ITEMS_LIMIT = 50
# Limits that keep one file's cost and the published output bounded (docs/security.md).
MAX_SECTIONS = 50
MAX_SLIDES = 20
MAX_LOCALES = 100
MAX_FALLBACKS = 10
MAX_CATALOG = 5_000
MAX_TESTERS = 1_000
MAX_TEXT = 1_000
MAX_VERSION = 999_999_999
MAX_SCHEDULE = 20

Locale = Annotated[str, StringConstraints(pattern=LOCALE_PATTERN, max_length=35)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
AppId = Annotated[str, StringConstraints(pattern=APP_ID_PATTERN)]
HttpsUrl = Annotated[
    str,
    StringConstraints(pattern=HTTPS_PATTERN, max_length=2048),
    Field(examples=["https://cdn.example.com/c1.png"]),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
LocalizedText = Annotated[
    dict[Locale, Text],
    Field(
        min_length=1,
        max_length=MAX_LOCALES,
        json_schema_extra={"additionalProperties": False},
        description="Text per locale (BCP 47 tag -> string). Must contain the service's "
        "default_locale; every key must be one of the service's locales.",
        examples=[{"en-US": "Daily picks", "zh-CN": "每日精选"}],
    ),
]
MaxItems = Annotated[
    int,
    Field(strict=True, ge=1, le=MAX_ITEMS_LIMIT,
          description="How many mini programs the section shows."),
]


class ProgramStatus(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class MiniProgram(Strict):
    """A mini program that sections may recommend."""

    app_id: AppId = Field(description="Unique id of the mini program.",
                          examples=["3000000000000001"])
    name: LocalizedText
    icon: HttpsUrl
    status: ProgramStatus = Field(
        default=ProgramStatus.ONLINE,
        description="offline programs may not be added to a new Draft.")


class Catalog(Strict):
    """services/catalog.yaml: the mini programs that sections may recommend."""

    mini_programs: list[MiniProgram] = Field(max_length=MAX_CATALOG)


class Service(Strict):
    """services/<service>/service.yaml: locales and defaults of one mini service page."""

    id: Slug = Field(description="Slug; equals the folder name.", examples=["home"])
    default_locale: Locale = Field(examples=["en-US"])
    locales: list[Locale] = Field(min_length=1, max_length=MAX_LOCALES,
                                  examples=[["en-US", "zh-CN", "ar-SA"]])
    fallbacks: dict[Locale, Annotated[list[Locale], Field(max_length=MAX_FALLBACKS)]] = Field(
        default_factory=dict,
        max_length=MAX_LOCALES,
        json_schema_extra={"additionalProperties": False},
        description="Extra fallbacks per locale, tried before the CLDR parent chain.",
        examples=[{"zh-Hant-HK": ["zh-Hant-TW"]}],
    )


class MiniProgramLink(Strict):
    app_id: AppId
    page: Annotated[str, StringConstraints(pattern=PAGE_PATTERN, max_length=512)] | None = Field(
        default=None, description="Page path inside the mini program, with an optional query.",
        examples=["pages/index?from=carousel"])


class UrlLink(Strict):
    url: HttpsUrl


def link_kind(value: Any) -> str:
    """The tag of a link: ``url`` for ``{url: ...}``, else ``mini_program``."""
    if isinstance(value, dict) and "url" in value and "app_id" not in value:
        return "url"
    if isinstance(value, UrlLink):
        return "url"
    return "mini_program"


Link = Annotated[
    Annotated[MiniProgramLink, Tag("mini_program")] | Annotated[UrlLink, Tag("url")],
    Discriminator(link_kind),
    Field(description="A mini program ({app_id, page}) or an https URL ({url})."),
]


class Slide(Strict):
    image: HttpsUrl
    alt: LocalizedText | None = None
    link: Link | None = None
    start: Timestamp | None = Field(default=None, description="Shown from this time on.")
    end: Timestamp | None = Field(default=None, description="Shown until this time.")


class Carousel(Strict):
    """Fixed on the Mini Service home page; several images."""

    id: Slug
    type: Literal["carousel"]
    slides: list[Slide] = Field(min_length=1, max_length=MAX_SLIDES)


class Banner(Strict):
    """A badge on the super app's home page."""

    id: Slug
    type: Literal["banner"]
    image: HttpsUrl
    alt: LocalizedText | None = None
    link: Link | None = None


class Favorites(Strict):
    """The user's favorited mini programs, filled at run time."""

    id: Slug
    type: Literal["favorites"]
    name: LocalizedText
    max_items: MaxItems


class RecentlyUsed(Strict):
    """The user's recently used mini programs, filled at run time."""

    id: Slug
    type: Literal["recently_used"]
    name: LocalizedText
    max_items: MaxItems


class TextBadge(Strict):
    type: Literal["text"]
    text: LocalizedText = Field(description="At most 5 characters per locale.")


class BadgeStyle(enum.StrEnum):
    RED_DOT = "red_dot"
    NEW = "new"


class ImageBadge(Strict):
    type: Literal["image"]
    style: BadgeStyle


Badge = Annotated[TextBadge | ImageBadge, Field(discriminator="type")]


class SectionProgram(Strict):
    app_id: AppId
    badge: Badge | None = None


class Custom(Strict):
    """Recommends chosen mini programs, in display order."""

    id: Slug
    type: Literal["custom"]
    name: LocalizedText = Field(description="Default-locale name at most 50 characters.")
    max_items: MaxItems = Field(description="The console's 'Mini Program Number'.")
    mini_programs: list[SectionProgram] = Field(default_factory=list,
                                                max_length=MAX_ITEMS_LIMIT)


Section = Annotated[
    Carousel | Banner | Favorites | RecentlyUsed | Custom, Field(discriminator="type")
]
DEFAULT_SECTION_TYPES = ("carousel", "banner", "favorites", "recently_used")


class Version(Strict):
    """services/<service>/versions/<N>.yaml: the full content of version N."""

    title: LocalizedText
    sections: list[Section] = Field(max_length=MAX_SECTIONS,
                                    description="List order is display order.")


class Stage(enum.StrEnum):
    DRAFT = "draft"
    TESTING = "testing"
    RELEASING = "releasing"
    RELEASED = "released"


Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=254)]


class Release(Strict):
    """services/<service>/release.yaml: the lifecycle stage the operators ask for."""

    version: int = Field(strict=True, ge=1, le=MAX_VERSION,
                         description="The one version in flight.", examples=[5])
    stage: Stage
    testers: list[Email] = Field(default_factory=list, max_length=MAX_TESTERS,
                                 description="Pilot testers; required for testing.",
                                 examples=[["alice@example.com"]])
    ratio: float | None = Field(
        default=None, gt=0, le=100, strict=True,
        description="Grayscale percent while releasing (0.01..99.99); released is 100.",
        examples=[20])
    group: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./:-]{1,128}$")] | None = Field(
        default=None, description="Bucketing group; defaults to <service>/v<version>.")
    schedule: list[Step] = Field(
        default_factory=list, max_length=MAX_SCHEDULE,
        description="Ratio steps apply carries out once their time has come (stage "
        "releasing only); ratio 100 releases fully.")


INPUT_MODELS: dict[str, type[BaseModel]] = {
    "catalog": Catalog,
    "service": Service,
    "version": Version,
    "release": Release,
    "freeze": Freeze,
}
