"""Build step: compile the page-text catalogs (translate/locale/*/LC_MESSAGES/messages.po) to .mo files.

Everything else is in pyproject.toml. The .mo files are built, never committed: next to their .po, before the
package's files are copied, so a wheel holds them and an editable install (which reads the source tree) finds
them where translate.i18n looks.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    """build_py that first compiles the catalogs with translate.i18n.compile_catalogs (babel)."""

    def run(self) -> None:
        sys.path.insert(0, str(HERE))
        try:
            from translate.errors import TranslateError
            from translate.i18n import compile_catalogs
        finally:
            sys.path.remove(str(HERE))
        try:
            compile_catalogs(HERE / "translate" / "locale")
        except TranslateError as error:
            sys.exit(f"error: {error}")
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
