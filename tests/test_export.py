"""What the renderers share about a language: its name in itself."""

from __future__ import annotations

import pytest

from translate.export import language_name


@pytest.mark.parametrize(("lang", "name"), [
    pytest.param("es", "Español", id="es"),
    pytest.param("ca", "Català", id="ca"),
    pytest.param("gl", "Galego", id="gl"),
    pytest.param("pt", "Português", id="pt"),
    pytest.param("fr", "Français", id="fr"),
    pytest.param("it", "Italiano", id="it"),
    pytest.param("en", "English", id="en"),
    pytest.param("uk", "Українська", id="uk-cyrillic"),
    pytest.param("pt-BR", "Português (Brasil)", id="pt-BR-with-territory"),
    pytest.param("qq", "qq", id="unknown-code-as-is"),
])
def test_language_name_in_itself(lang: str, name: str) -> None:
    assert language_name(lang) == name
