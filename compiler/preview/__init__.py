"""The multi-language preview: compiled documents -> one self-contained HTML page."""

from .page import Page, build_page
from .render import render

__all__ = ["Page", "build_page", "render"]
