"""minisvc: the Mini Service page as code. See README.md."""

__version__ = "0.2.0"
"""The one place the version is written: the wheel's metadata, `minisvc --version` and
the pin `minisvc init` writes all read it (docs/releasing.md)."""
