"""Bytes -> typed project (pure): YAML with positions, the fast path, pydantic shapes."""
