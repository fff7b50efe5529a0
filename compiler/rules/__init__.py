"""The semantic rules (E2xx, W2xx). Importing this package registers all of them."""

from . import privacy, programs, release, sections, services, texts  # noqa: F401  (registration)
from .base import RULES, Context, Rule, run

__all__ = ["RULES", "Context", "Rule", "run"]
