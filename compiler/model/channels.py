"""Channels: which version each audience of one service gets (SPEC section 6).

The lifecycle computes them from the record; the build and the manifest serve them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Releasing:
    version: int
    ratio: float
    group: str | None = None


@dataclass(frozen=True)
class Testing:
    version: int
    testers: tuple[str, ...]


@dataclass(frozen=True)
class Channels:
    """The versions users can get for one service (SPEC section 6)."""

    released: int | None = None
    releasing: Releasing | None = None
    testing: Testing | None = None

    def versions(self) -> list[int]:
        found = [self.released, self.releasing and self.releasing.version,
                 self.testing and self.testing.version]
        return sorted({v for v in found if v})
