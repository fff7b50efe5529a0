"""schema/client-spec/*.json: the cases every client must answer as ``resolve`` does.

Each file holds fixtures (a manifest and the exact text of every file it names, built by
the real compiler: client_fixtures.py) and cases: a fixture's name, a context
``{user_id, email, tester_token, locale, now}`` and the expected answer ``{channel,
version, path, locale, slides}`` (or null: nothing for this user; or ``{"error": ...}``).

The expectations are stated here, from the definitions, not by running ``resolve``:
channels from the bucket formula the vectors pin, locales from the table in
docs/rollout.md, slides from the windows as written. Written by ``minisvc schema`` and
checked by ``minisvc schema --check``; deterministic, so the same code gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from ..runtime.locales import client_data
from ..runtime.rollout import PUBLIC_TOKEN_KEY, bucket, tester_entry, tester_token, threshold
from . import client_fixtures as fx

NOW = "2026-11-05T00:00:00Z"
Case = dict[str, Any]


def context(user: str = "", email: str | None = None, token: str | None = None,
            locale: str = "en-US", now: str = NOW) -> dict[str, Any]:
    return {"user_id": user, "email": email, "tester_token": token, "locale": locale,
            "now": now}


def slides_at(now: str) -> list[str]:
    when = dt.datetime.fromisoformat(now)
    return [f"carousel-{i + 1}" for i, s in enumerate(fx.SLIDES) if s.shown(when)]


class Expect:
    """The expected answers of one file, read off its fixtures."""

    def __init__(self) -> None:
        self.fixtures = fx.fixtures()
        self.used: set[str] = set()

    def case(self, name: str, fixture: str, ctx: dict[str, Any],
             channel: str | None, locale: str = "en-US") -> Case:
        self.used.add(fixture)
        expected: Any = None
        if channel is not None:
            entry = self.fixtures[fixture]["manifest"][channel]
            expected = {"channel": channel, "version": entry["version"],
                        "path": entry["files"][locale]["path"], "locale": locale,
                        "slides": slides_at(ctx["now"])}
        return {"name": name, "fixture": fixture, "context": ctx, "expected": expected}

    def error(self, name: str, fixture: str, ctx: dict[str, Any], error: str) -> Case:
        self.used.add(fixture)
        return {"name": name, "fixture": fixture, "context": ctx, "expected": {"error": error}}


def user_where(test: Callable[[str], bool], prefix: str = "user-") -> str:
    """The first of user-0, user-1, ... that passes ``test``: found by the formula."""
    return next(f"{prefix}{i}" for i in range(10**7) if test(f"{prefix}{i}"))


def _in_bucket(group: str, number: int, user: str) -> bool:
    return bucket(group, user) == number


def _channels(e: Expect) -> Iterator[Case]:
    inside = user_where(lambda u: bucket("shop/v2", u) <= 2000)
    outside = user_where(lambda u: bucket("shop/v2", u) > 2000)
    yield e.case("signed-out user: Released", "shop", context(""), "released")
    yield e.case("signed-out user, nothing Released: nothing", "shop-releasing-only",
                 context(""), None)
    yield e.case("inside the ratio: Releasing", "shop", context(inside), "releasing")
    yield e.case("outside the ratio: Released", "shop", context(outside), "released")
    yield e.case("only Releasing, outside: nothing", "shop-releasing-only",
                 context(user_where(lambda u: bucket("shop/v1", u) > 1000)), None)
    yield e.case("only Releasing, inside: Releasing", "shop-releasing-only",
                 context(user_where(lambda u: bucket("shop/v1", u) <= 1000)), "releasing")
    yield e.case("nothing published: nothing", "shop-nothing", context(inside), None)
    yield e.case("tester (public key, by email): Testing", "shop",
                 context(outside, "alice@example.com"), "testing")
    yield e.case("tester inside the ratio: Testing wins", "shop",
                 context(inside, "bob@example.org"), "testing")
    yield e.case("tester email trimmed and lower-cased", "shop",
                 context(outside, "  Alice@Example.COM\t"), "testing")
    yield e.case("signed-out tester: Testing", "shop", context("", "bob@example.org"), "testing")
    yield e.case("an address not on the list: by bucket", "shop",
                 context(inside, "mallory@example.com"), "releasing")
    yield e.case("an empty email is no email", "shop", context(outside, ""), "released")


def _bucketing(e: Expect) -> Iterator[Case]:
    for ratio in fx.RATIOS:
        top = threshold(ratio)
        name = f"mini-{ratio}"
        at = user_where(partial(_in_bucket, "mini/v2", top))
        yield e.case(f"{ratio}%: bucket {top} is the last inside", name, context(at),
                     "releasing")
        if top < 10_000:
            past = user_where(partial(_in_bucket, "mini/v2", top + 1))
            yield e.case(f"{ratio}%: bucket {top + 1} is the first outside", name,
                         context(past), "released")
    early = user_where(lambda u: bucket("mini/v2", u) <= 100)
    later = user_where(lambda u: 500 < bucket("mini/v2", u) <= 2000)
    for ratio in [r for r in fx.RATIOS if r > 1]:
        yield e.case(f"raised to {ratio}%: a user of 1% keeps it", f"mini-{ratio}",
                     context(early), "releasing")
        yield e.case(f"raised to {ratio}%: a user who joined at 20%", f"mini-{ratio}",
                     context(later), "releasing" if ratio >= 20 else "released")
    for uid in ["用户-42", "José", "Jose\u0301", "😀", "👨‍👩‍👧‍👦", "مرحبا", "İstanbul",
                "9007199254740993", "42", " 42", "42 ", "a\u0000b", "user@host"]:
        inside = bucket("mini/v2", uid) <= threshold(50)
        yield e.case(f"50%: id {uid!r} (bucket {bucket('mini/v2', uid)})", "mini-50",
                     context(uid), "releasing" if inside else "released")
    yield e.error("an id with a lone surrogate has no UTF-8 form", "mini-50",
                  context("user-\ud800"), "user_id")
    own = user_where(lambda u: bucket("spring-promo", u) <= 2000 < bucket("mini/v2", u))
    other = user_where(lambda u: bucket("mini/v2", u) <= 2000 < bucket("spring-promo", u))
    yield e.case("group set in release.yaml: its buckets count", "mini-group", context(own),
                 "releasing")
    yield e.case("group set in release.yaml: the default group's do not", "mini-group",
                 context(other), "released")


LOCALES = [  # asked, served, why
    ("en-US", "en-US", "published"), ("en-AU", "en-001", "CLDR parent"),
    ("en-GB", "en-001", "CLDR parent"), ("EN_au", "en-001", "case and separator"),
    ("en", "en-US", "the default"), ("zh-Hant-MO", "zh-Hant-HK", "CLDR parent"),
    ("zh-MO", "zh-Hant-HK", "likely script, then CLDR parent"),
    ("zh-HK", "zh-Hant-HK", "likely script"), ("zh_hant_hk", "zh-Hant-HK", "case"),
    ("zh-TW", "zh-Hant-TW", "likely script"), ("zh-Hant", "zh-Hant-HK",
                                               "same language and script, manifest order"),
    ("zh-SG", "zh-CN", "same language and script"), ("zh", "zh-CN", "same language and script"),
    ("ar-EG", "ar-SA", "same language and script"), ("ar", "ar-SA", "same language and script"),
    ("iw-IL", "he-IL", "legacy code"), ("he", "he-IL", "same language and script"),
    ("in-ID", "id-ID", "legacy code"), ("pt-AO", "pt-PT", "CLDR parent"),
    ("pt", "pt-BR", "same language and script, manifest order"),
    ("es-MX", "es-419", "CLDR parent"), ("es-ES", "es-419", "same language and script"),
    ("fr-FR", "en-US", "a locale the service lacks: the default"),
    ("sr-Latn-RS", "en-US", "a locale the service lacks: the default"),
    ("", "en-US", "no preference"), ("../../etc/passwd", "en-US", "not a tag"),
]


def _locales(e: Expect) -> Iterator[Case]:
    for asked, served, why in LOCALES:
        yield e.case(f"{asked!r} -> {served} ({why})", "shop-released", context(locale=asked),
                     "released", served)
    for asked, served, why in [
            ("zh-Hant-MO", "zh-Hant-TW", "explicit fallback before the CLDR parent"),
            ("fr-CA", "pt-PT", "explicit fallback, any language"),
            ("zh-MO", "zh-Hant-HK", "fallbacks apply to the tag asked, not its likely form"),
            ("fr-FR", "en-US", "no fallback for this tag")]:
        yield e.case(f"{asked!r} -> {served} ({why})", "shop-hand-fallbacks",
                     context(locale=asked), "released", served)
    for asked, served, why in [  # v4's title lacks pt-BR and he-IL: it is not built in them
            ("pt-BR", "pt-PT", "the version lacks it: same language and script"),
            ("pt", "pt-PT", "the version lacks pt-BR: same language and script"),
            ("he-IL", "en-US", "the version lacks it: the default"),
            ("zh-TW", "zh-Hant-TW", "the version has it")]:
        yield e.case(f"{asked!r} -> {served} ({why})", "shop-partial",
                     context(locale=asked), "released", served)


SLIDE_TIMES = [  # now, the slides shown (by name)
    ("2026-09-30T23:59:59Z", ["always", "until-october"]),
    ("2026-10-01T00:00:00Z", ["always"]),
    ("2026-10-31T15:59:59Z", ["always"]),
    ("2026-10-31T16:00:00Z", ["always", "double-11"]),
    ("2026-11-01T00:00:00+08:00", ["always", "double-11"]),
    ("2026-11-05T12:00:00Z", ["always", "double-11", "one-second"]),
    ("2026-11-05T12:00:00.500Z", ["always", "double-11", "one-second"]),
    ("2026-11-05T12:00:01Z", ["always", "double-11"]),
    ("2026-11-11T15:59:59Z", ["always", "double-11"]),
    ("2026-11-12T00:00:00+08:00", ["always"]),
    ("2026-11-30T23:59:59Z", ["always"]),
    ("2026-12-01T00:00:00Z", ["always", "december"]),
]


def _slides(e: Expect) -> Iterator[Case]:
    names = [s.name for s in fx.SLIDES]
    for now, shown in SLIDE_TIMES:
        case = e.case(f"at {now}: {', '.join(shown)}", "shop-released", context(now=now),
                      "released")
        case["expected"]["slides"] = [f"carousel-{names.index(n) + 1}" for n in shown]
        yield case


def _testers(e: Expect) -> Iterator[Case]:
    key, public = fx.BACKEND_KEY, bytes.fromhex(PUBLIC_TOKEN_KEY)
    outside = user_where(lambda u: bucket("shop/v2", u) > 2000)
    yield e.case("backend key: a tester's email alone is not enough", "shop-keyed",
                 context(outside, "alice@example.com"), "released")
    yield e.case("backend key: the backend's token makes a tester", "shop-keyed",
                 context(outside, token=tester_token(key, "alice@example.com")), "testing")
    yield e.case("backend key: the backend normalizes before it signs", "shop-keyed",
                 context(outside, token=tester_token(key, " ALICE@example.com ")), "testing")
    yield e.case("backend key: a token made with the public key is no token", "shop-keyed",
                 context(outside, token=tester_token(public, "alice@example.com")), "released")
    yield e.case("backend key: the token of an address not on the list", "shop-keyed",
                 context(outside, token=tester_token(key, "mallory@example.com")), "released")
    yield e.case("backend key: signed-out tester with a token", "shop-keyed",
                 context("", token=tester_token(key, "bob@example.org")), "testing")
    yield e.case("public key: a token made with it works too", "shop",
                 context(outside, token=tester_token(public, "bob@example.org")), "testing")
    yield e.case("public key: the token wins over the email", "shop",
                 context(outside, "mallory@example.com", tester_token(public, "alice@example.com")),
                 "testing")


def _integrity(e: Expect) -> Iterator[Case]:
    yield e.error("a file whose bytes are not its sha256 is never shown", "mini-corrupt",
                  context("user-1"), "sha256")
    yield e.case("the same manifest's good file", "mini-1", context("user-1"),
                 "releasing" if bucket("mini/v2", "user-1") <= threshold(1) else "released")


FILES: dict[str, tuple[str, Callable[[Expect], Iterator[Case]]]] = {
    "channels": ("Who gets which channel: signed-out users, testers, the ratio.", _channels),
    "bucketing": ("Bucket boundaries at several ratios, raises that keep users, ids as "
                  "given (non-ASCII, NFC and NFD, emoji), the group.", _bucketing),
    "locales": ("Locale negotiation: CLDR parents, likely scripts, same language and "
                "script, legacy codes, explicit fallbacks, a locale the service lacks, "
                "a locale the version's title lacks (it is not published in it).",
                _locales),
    "slides": ("Carousel slide windows at their edges: shown from start, gone at end.",
               _slides),
    "testers": ("Tester privacy: tokens from the backend's key; the public key of a "
                "development build.", _testers),
    "integrity": ("A file that is not the one its manifest names is never shown.", _integrity),
}


def document(name: str) -> dict[str, Any]:
    about, cases_of = FILES[name]
    e = Expect()
    cases = list(cases_of(e))
    doc: dict[str, Any] = {"format": 2, "description": about + " See docs/rollout.md.",
                           "fixtures": {n: e.fixtures[n] for n in sorted(e.used)},
                           "cases": cases}
    if name == "testers":
        doc["tokens"] = token_vectors()
    return doc


def token_vectors() -> list[dict[str, str]]:
    """For backends: HMAC tokens and the entries a manifest lists for them."""
    rows = []
    for key in (fx.BACKEND_KEY, bytes.fromhex(PUBLIC_TOKEN_KEY)):
        for email in ("alice@example.com", " Alice@Example.COM ", "bob@example.org"):
            token = tester_token(key, email)
            salt = "00112233445566778899aabbccddeeff"
            rows.append({"key": key.hex(), "email": email, "token": token, "salt": salt,
                         "entry": tester_entry(salt, token)})
    return rows


def render_all() -> dict[str, bytes]:
    """``client-spec/<name>.json`` -> bytes: ASCII JSON (ids with lone surrogates need the
    escapes), two-space indent."""
    out = {f"client-spec/{name}.json": _dump(document(name)) for name in FILES}
    out["client-spec/cldr.json"] = _dump(client_data())
    return out


def _dump(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=True) + "\n").encode()
