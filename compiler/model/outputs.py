"""The runtime output (one locale file, one manifest) as models, for its JSON Schema.

``compiler.build.compile`` builds plain dicts; these classes describe them for client teams,
and the tests validate every built file against the generated schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutLink(Out):
    type: Literal["mini_program", "url"]
    app_id: str | None = None
    page: str | None = None
    url: str | None = None


class OutSlide(Out):
    id: str = Field(description="The carousel's id and the slide's position, e.g. carousel-2")
    image: str
    alt: str | None = None
    link: OutLink | None = None
    start: str | None = Field(default=None, description="UTC, e.g. 2026-10-31T16:00:00Z; "
                              "shown from this instant on")
    end: str | None = Field(default=None, description="UTC; no longer shown at this instant")


class OutBadge(Out):
    type: Literal["text", "image"]
    text: str | None = None
    style: Literal["red_dot", "new"] | None = None


class OutProgram(Out):
    app_id: str
    name: str = Field(description="From the catalog, resolved for this locale.")
    icon: str
    badge: OutBadge | None = None


class OutCarousel(Out):
    id: str
    type: Literal["carousel"]
    slides: list[OutSlide]


class OutBanner(Out):
    id: str
    type: Literal["banner"]
    image: str
    alt: str | None = None
    link: OutLink | None = None


class OutUserSection(Out):
    """Favorites and recently used: the app fills them from the user's own data."""

    id: str
    type: Literal["favorites", "recently_used"]
    name: str
    max_items: int


class OutCustom(Out):
    id: str
    type: Literal["custom"]
    name: str
    max_items: int
    mini_programs: list[OutProgram]


class Runtime(Out):
    """One compiled (version, locale) file: every string already resolved."""

    format: Literal[2]
    service: str
    version: int
    locale: str
    dir: Literal["ltr", "rtl"]
    title: str
    sections: list[Annotated[OutCarousel | OutBanner | OutUserSection | OutCustom,
                             Field(discriminator="type")]]


class FileRef(Out):
    path: str = Field(description="Relative to the manifest, content-addressed: "
                      "v<N>/<locale>.<first 32 hex digits of sha256>.json",
                      pattern=r"^v[1-9][0-9]*/[A-Za-z0-9-]+\.[0-9a-f]{32}\.json$")
    sha256: str = Field(pattern="^[0-9a-f]{64}$")


class Channel(Out):
    version: int
    files: dict[str, FileRef] = Field(description="Per published locale.")


class ReleasingChannel(Channel):
    ratio: float = Field(gt=0, lt=100, description="Percent of users, see docs/rollout.md")
    group: str = Field(description="Bucketing group, see docs/rollout.md")


class TestingChannel(Channel):
    salt: str
    testers: list[str] = Field(description="sha256(salt + ':' + tester token), hex; the token "
                               "is HMAC-SHA256(key, trimmed lower-case email), hex")
    public_token_key: str | None = Field(
        pattern="^[0-9a-f]{64}$",
        description="null: only the super app's backend holds the key and issues tokens; "
                    "else the key itself (a development build): anyone can make tokens")


class Manifest(Out):
    """Which version a user gets: tester -> testing; in bucket -> releasing; else released."""

    format: Literal[2]
    service: str
    default_locale: str
    locales: list[str]
    fallbacks: dict[str, list[str]]
    released: Channel | None
    releasing: ReleasingChannel | None
    testing: TestingChannel | None
