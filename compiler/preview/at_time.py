"""preview --now T: which carousel slides the app shows at T (start inclusive, end
exclusive, as :mod:`compiler.runtime` resolves them). T is a value from the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .page import Page, Slide


def at_time(page: Page, now: dt.datetime) -> Page:
    """``page`` with each slide's time line saying "shown at T" or "hidden at T"."""
    def seen(slide: Slide) -> Slide:
        start, end = (dt.datetime.fromisoformat(t) if t else None for t in slide.times)
        shown = (start is None or start <= now) and (end is None or now < end)
        said = f"{'shown' if shown else 'hidden'} at {now.isoformat()}"
        return replace(slide, window=f"{slide.window} \u00b7 {said}" if slide.window else said)

    phones = [replace(phone, sections=[replace(s, slides=[seen(x) for x in s.slides])
                                       for s in phone.sections]) for phone in page.phones]
    return replace(page, phones=phones)
