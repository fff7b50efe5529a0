"""The authoring commands' pure edits: round-trip YAML trees in, edited trees out."""
