"""Paper by territory: US Letter where CLDR says so, A4 elsewhere; a bare language takes its likely territory."""

from __future__ import annotations

import pytest

from translate.export.paper import A4, LETTER, Paper, paper_for, territory


@pytest.mark.parametrize(("lang", "where", "paper"), [
    pytest.param("es", "ES", A4, id="es-spain"),
    pytest.param("en", "US", LETTER, id="en-us"),
    pytest.param("en-CA", "CA", LETTER, id="en-CA"),
    pytest.param("en_GB", "GB", A4, id="en-GB-underscore"),
    pytest.param("es-MX", "MX", LETTER, id="es-MX"),
    pytest.param("pt-BR", "BR", A4, id="pt-BR"),
    pytest.param("pt", "BR", A4, id="pt-likely-brazil"),
    pytest.param("fr", "FR", A4, id="fr"),
    pytest.param("sr-Latn", "RS", A4, id="script-without-territory"),
    pytest.param("es-419", "419", A4, id="region-not-a-country"),
    pytest.param("qq", None, A4, id="unknown"),
])
def test_paper_for(lang: str, where: str | None, paper: Paper) -> None:
    assert (territory(lang), paper_for(lang)) == (where, paper)


def test_sizes() -> None:
    assert (A4.width_mm, A4.height_mm, LETTER.width_mm, LETTER.height_mm) == (210, 297, 215.9, 279.4)
