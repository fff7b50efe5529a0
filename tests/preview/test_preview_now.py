"""preview --now T: each carousel slide says whether the app shows it at T."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def _page(run: Run, repo: Path, *now: str) -> str:
    result = run(repo, "preview", "home", "3", "--locale", "en-US", "--offline",
                 "--out", str(repo / "out"), *now)
    assert result.exit_code == 0, result.output
    return (repo / "out/home-v3.html").read_text(encoding="utf-8")


def test_slides_are_marked_shown_or_hidden_at_the_time_given(repo: Path, run: Run) -> None:
    during = _page(run, repo, "--now", "2026-12-05T12:00:00+08:00")
    after = _page(run, repo, "--now", "2026-12-24T12:00:00+08:00")
    assert "hidden at 2026-12-05" not in during and "shown at 2026-12-05T12:00:00+08:00" in during
    assert "hidden at 2026-12-24T12:00:00+08:00" in after
    assert "shown at" not in _page(run, repo) and "hidden at" not in _page(run, repo)


def test_a_time_without_an_offset_is_refused(repo: Path, run: Run) -> None:
    result = run(repo, "preview", "home", "--now", "2026-12-05T12:00:00")
    assert result.exit_code == 2 and "offset" in result.output
