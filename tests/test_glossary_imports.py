"""Importing a TBX or CSV glossary: the new YAML file, checked with the files already there, before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary.imports import prepare_import
from translate.glossary.load import load_glossary

PLACES = """\
terms:
  - id: kharkiv
    kind: place
    en: {preferred: Kharkiv, forbidden: [Kharkov]}
    es: {preferred: Járkov}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "places.yaml").write_text(PLACES, encoding="utf-8")
    return glossary


def test_a_csv_that_fits_is_written_and_loads(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "partner.csv"
    csv_file.write_text("Luhansk,Luhansk\nLugansk,Luhansk\n", encoding="utf-8")
    prepared = prepare_import(folder, csv_file, name=None, src="en", tgt="es")
    assert (prepared.target, prepared.concepts, prepared.problems) == (folder / "imported-partner.yaml", 1, ())
    assert not prepared.target.exists()  # nothing written until write()
    prepared.write()
    glossary = load_glossary(folder)
    assert sorted(c.id for c in glossary.concepts) == ["kharkiv", "luhansk"]


def test_a_file_that_clashes_gives_its_problems_and_writes_nothing(folder: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "clash.csv"
    csv_file.write_text("Kharkiv,Jarkiv\n", encoding="utf-8")
    prepared = prepare_import(folder, csv_file, name="clash.yaml", src="en", tgt="es")
    assert prepared.problems, "Kharkiv -> Jarkiv conflicts with places.yaml's Kharkiv -> Járkov"
    with pytest.raises(GlossaryError, match=r"clash\.csv does not fit the glossary: nothing written"):
        prepared.write()
    assert not (folder / "clash.yaml").exists()


@pytest.mark.parametrize(("name", "tgt", "message"), [
    pytest.param("../out.yaml", "es", r"--name '\.\./out\.yaml' must be a plain file name ending in \.yaml",
                 id="name-with-a-folder"),
    pytest.param("terms.txt", "es", r"must be a plain file name ending in \.yaml", id="name-not-yaml"),
    pytest.param("a" * 300 + ".yaml", "es", r"is too long", id="name-too-long"),
    pytest.param("places.yaml", "es", r"places\.yaml already exists in glossary/", id="name-taken"),
    pytest.param(None, None, r"a CSV glossary needs its target language", id="csv-without-target"),
])
def test_what_cannot_be_imported_is_refused_before_anything_is_written(
    folder: Path, tmp_path: Path, name: str | None, tgt: str | None, message: str
) -> None:
    csv_file = tmp_path / "partner.csv"
    csv_file.write_text("Luhansk,Luhansk\n", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(GlossaryError, match=message):
        prepare_import(folder, csv_file, name=name, src="en", tgt=tgt)
    assert sorted(p.name for p in folder.iterdir()) == before
