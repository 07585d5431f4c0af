"""translate.glossary.schema: the keys and values of one glossary file, each mistake with its line and hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_helpers import write
from translate.glossary.load import check_glossary, load_glossary
from translate.model import TermVariants


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        pytest.param("    trnslate: false\n", "did you mean 'translate'?", id="translate"),
        pytest.param("    inflct: true\n", "did you mean 'inflect'?", id="inflect"),
        pytest.param("    knd: place\n", "did you mean 'kind'?", id="kind"),
        pytest.param("    notes: x\n", "did you mean 'note'?", id="note"),
        pytest.param("    en: {preferred: Kyiv, forbiden: [Kiev]}\n", "did you mean 'forbidden'?", id="forbidden"),
        pytest.param("    en: {preferred: Kyiv, froms: [Kyivs]}\n", "did you mean 'forms'?", id="forms"),
        pytest.param("    en: {preferred: Kyiv, case_sensitiv: true}\n", "did you mean 'case_sensitive'?", id="case"),
        pytest.param("    ukk: {preferred: Київ}\n", "did you mean 'uk'?", id="language-typo"),
        pytest.param("    en-XX: {preferred: Kyiv}\n", "did you mean 'en'?", id="language-region"),
        pytest.param("    ua: {preferred: Київ}\n", "es, uk, pt-BR", id="language-list"),
        pytest.param("    colour: red\n", "known keys: id, kind, note", id="no-close-key"),
    ],
)
def test_unknown_keys_get_a_did_you_mean_hint(tmp_path: Path, entry: str, hint: str) -> None:
    text = "terms:\n  - id: kyiv\n    es: {preferred: Kiev}\n" + entry
    problems = check_glossary(write(tmp_path / "glossary", "g.yaml", text).parent)
    assert [(problem.line, hint in (problem.hint or "")) for problem in problems] == [(4, True)]


def test_a_note_keeps_its_line_breaks_and_tabs(tmp_path: Path) -> None:
    text = 'terms:\n  - id: kyiv\n    note: "First line.\\n\\tIndented, then\\r\\nCRLF."\n    en: {preferred: Kyiv}\n'
    concept = load_glossary(write(tmp_path / "glossary", "g.yaml", text).parent).concept("kyiv")
    assert concept.note == "First line.\n\tIndented, then\r\nCRLF."


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param("es: {preferred: UE, gender: f}", TermVariants("UE", gender="f"), id="gender"),
        pytest.param("es: {preferred: Países Bajos, number: pl, gender: m}",
                     TermVariants("Países Bajos", gender="m", number="pl"), id="gender-and-number"),
        pytest.param("de: {preferred: Kreml, gender: n}", TermVariants("Kreml", gender="n"), id="neuter"),
        pytest.param("es: {preferred: OTSC, forms: [Organización del Tratado de Seguridad Colectiva], acronym: OTSC, "
                     "full: Organización del Tratado de Seguridad Colectiva}",
                     TermVariants("OTSC", ("Organización del Tratado de Seguridad Colectiva",), acronym="OTSC",
                                  full="Organización del Tratado de Seguridad Colectiva"), id="acronym-and-full"),
        pytest.param("es: {preferred: OTSC, forms: [Organización del Tratado de Seguridad Colectiva], "
                     "full: Organización del Tratado de Seguridad Colectiva}",
                     TermVariants("OTSC", ("Organización del Tratado de Seguridad Colectiva",),
                                  full="Organización del Tratado de Seguridad Colectiva"), id="full-only"),
        pytest.param("es: {preferred: OTSC}", TermVariants("OTSC"), id="absent-keys-change-nothing"),
    ],
)
def test_grammar_and_role_keys_are_kept(tmp_path: Path, entry: str, expected: TermVariants) -> None:
    lang = entry.split(":")[0]
    write(tmp_path, "g.yaml", f"terms:\n  - id: term\n    {entry}\n")
    assert load_glossary(tmp_path).concepts[0].variants(lang) == expected
