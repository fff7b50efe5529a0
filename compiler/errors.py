"""The one error type a user can cause outside findings (a leaf: anyone may raise it)."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback and exits 1."""
