"""The `minisvc` command line: a table of commands, loaded only when one runs."""
