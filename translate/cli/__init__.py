"""The `translate` command line (see :mod:`translate.cli.main`)."""

from translate.cli.main import cli, main

__all__ = ["cli", "main"]
