"""Find mini programs in the catalog by name, as the console's search box did.

Pure. Names are compared after Unicode NFKC normalisation and case folding, with runs
of white space and punctuation collapsed to one space (so "top up" finds "Top-up" and
"pay & top up" finds "Pay & top up"): full-width Ｒｉｄｅ finds Ride, ß finds SS, and
a name matches in whichever locale the operator types it. Accents and Chinese script
variants are not folded: 打车 does not find 叫車, Hoa don does not find Hóa đơn.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.inputs import MiniProgram


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = "".join(c if c.isalnum() or unicodedata.category(c).startswith("M") else " "
                    for c in folded)
    return " ".join(words.split()) or " ".join(folded.split())


@dataclass(frozen=True)
class Hit:
    program: MiniProgram
    locale: str | None  # None: the query matched the app id
    text: str           # what matched
    exact: bool


def search(programs: Sequence[MiniProgram], query: str) -> list[Hit]:
    """Programs whose app id or a name (any locale) contains ``query``; exact ones first."""
    wanted = normalize(query)
    if not wanted:
        return []
    hits: list[Hit] = []
    for program in programs:
        found: Hit | None = None
        if wanted in normalize(program.app_id):
            found = Hit(program, None, program.app_id, normalize(program.app_id) == wanted)
        for locale, name in program.name.items():
            exact = normalize(name) == wanted
            if wanted in normalize(name) and (found is None or (exact and not found.exact)):
                found = Hit(program, locale, name, exact)
        if found is not None:
            hits.append(found)
    return sorted(hits, key=lambda h: not h.exact)


def resolve(programs: Sequence[MiniProgram], query: str) -> MiniProgram | list[Hit]:
    """The one program ``query`` means, or the hits to show (none, or several).

    An exact app id wins, then a single exact name, then a single partial match.
    """
    for program in programs:
        if program.app_id == query:
            return program
    hits = search(programs, query)
    exact = [h for h in hits if h.exact]
    if len(exact) == 1:
        return exact[0].program
    if len(hits) == 1:
        return hits[0].program
    return exact or hits


def display_name(program: MiniProgram, locale: str) -> str:
    return program.name.get(locale) or next(iter(program.name.values()), program.app_id)


def describe(hits: Sequence[Hit], locale: str) -> list[str]:
    """One line per hit: app id, status, name, and the locale that matched if another."""
    lines = []
    for hit in hits:
        name = display_name(hit.program, locale)
        also = f"  ({hit.locale}: {hit.text})" if hit.locale and hit.text != name else ""
        lines.append(f"{hit.program.app_id}  {hit.program.status.value:<7}  {name}{also}")
    return lines
