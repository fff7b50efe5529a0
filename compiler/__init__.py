"""minisvc: the Mini Service page as code. See README.md."""
