"""Did you mean: the name a person most likely meant, among the names there are.

Every place a person types a name (a field, a section type, a stage, a section id, a
service, a locale) answers a miss with the closest real one. Case, ``_`` for ``-`` and
small typos (``costum``, ``tesing``) are what people get wrong; difflib's ratio judges
the typos.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def folded(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def closest(name: str, names: Iterable[str]) -> str | None:
    """The name of ``names`` that ``name`` most likely means, or None."""
    choices = list(dict.fromkeys(names))
    same = [n for n in choices if folded(n) == folded(name)]
    if same:
        return same[0]
    by_fold = {folded(n): n for n in choices}
    close = difflib.get_close_matches(folded(name), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def did_you_mean(name: str, names: Iterable[str]) -> str:
    """``did you mean "custom"?``, or "" when nothing is close."""
    match = closest(name, names)
    return f'did you mean "{match}"?' if match is not None and match != name else ""


def no_such(what: str, name: str, names: Iterable[str]) -> str:
    """``no service 'hom' (services: home, wallet); did you mean "home"?``"""
    listed = sorted(names)
    guess = did_you_mean(name, listed)
    return (f"no {what} {name!r} ({what}s: {', '.join(listed) or 'none'})"
            + (f"; {guess}" if guess else ""))
