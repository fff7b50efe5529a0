"""The engine's YAML reader: :func:`fastload.parse`, remembered."""

from __future__ import annotations

from ..load import fastload, yamldoc
from ..model.findings import Finding
from .cache import Cache, content_hash


class CachedParser:
    """:func:`fastload.parse` that remembers each file's data by content hash in the
    cache, and the shared files' documents for the run (the catalog is read for the
    catalog unit and for the service units, and by ``check`` at base and head)."""

    def __init__(self, cache: Cache | None) -> None:
        self.cache = cache
        self.seen: dict[tuple[str, int, bytes], yamldoc.Document | Finding] = {}

    def __call__(self, file: str, raw: bytes) -> yamldoc.Document | Finding:
        if file.count("/") > 1:  # a service's file: read once per run, or twice by check
            return self._parse(file, raw)
        known = self.seen.get((file, len(raw), raw))
        if known is None:
            self.seen[(file, len(raw), raw)] = known = self._parse(file, raw)
        return known

    def _parse(self, file: str, raw: bytes) -> yamldoc.Document | Finding:
        key = self.cache.key("file", content_hash(raw)) if self.cache else ""
        if self.cache is not None:
            data = self.cache.get("files", key)
            if isinstance(data, dict):
                return fastload.LazyDocument(file=file, data=data, source=raw)
        parsed = fastload.parse(file, raw)
        if self.cache is not None and isinstance(parsed, yamldoc.Document):
            self.cache.put("files", key, parsed.data)
        return parsed
