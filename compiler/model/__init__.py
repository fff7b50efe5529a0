"""The data everything else shares: input and output models, findings, statuses, paths."""
