"""One module per subcommand: a plain function taking parsed options, returning an exit code."""
