"""Findings, plans and semantic diffs -> text, JSON, GitHub annotations, Markdown (pure)."""
