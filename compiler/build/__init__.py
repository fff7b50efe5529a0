"""Typed project + channels -> the runtime documents and the dist/ tree (pure)."""
