"""The workspace every command starts from: inputs, the lifecycle record, cache, units."""
