"""The page-text catalogs: complete, up to date with the sources, compiled, negotiated and refused when broken."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from babel.support import Translations

from translate.errors import CatalogError
from translate.i18n import (
    DOMAIN,
    compile_catalogs,
    every_language,
    gettext,
    locale_dir,
    match_message,
    missing_catalogs,
    pgettext,
    read_catalog,
    shipped_languages,
    text_language,
    translations,
)

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "data" / "catalogs-bad"
POT = locale_dir() / f"{DOMAIN}.pot"
SHIPPED = ("ar", "ca", "en", "es", "fr", "gl", "it", "pt")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
NBSP, NNBSP = "\u00a0", "\u202f"


def read(path: Path):  # noqa: ANN201 (babel's Catalog)
    with open(path, "rb") as stream:
        return read_po(stream)


def messages(catalog) -> dict[tuple[str | None, str], object]:  # noqa: ANN001
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}


def test_the_shipped_catalogs_are_english_and_every_target_the_engines_serve() -> None:
    targets = tomllib.loads((ROOT / "translate" / "defaults.toml").read_text("utf-8"))["targets"]
    assert shipped_languages() == SHIPPED
    assert set(targets) | {"en", "ar"} <= set(shipped_languages())


@pytest.mark.parametrize("lang", [pytest.param(lang, id=lang) for lang in SHIPPED])
def test_catalog_is_complete(lang: str) -> None:
    """Every message of the template has a non-empty, non-fuzzy translation with the msgid's placeholders."""
    template = messages(read(POT))
    catalog = read(locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po")
    assert not catalog.fuzzy
    translated = messages(catalog)
    assert translated.keys() == template.keys()
    for key, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(strings) and "fuzzy" not in message.flags, key
        wanted = {name for each in ids for name in PLACEHOLDER.findall(each)}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (key, string)


def test_template_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    """messages.pot holds exactly the messages extracted now (`make catalogs-update` rewrites it)."""
    out = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "--no-location",
                                "-o", str(out), str(ROOT)])
    assert messages(read(out)).keys() == messages(read(POT)).keys()


@pytest.mark.parametrize("lang", [pytest.param(lang, id=lang) for lang in SHIPPED if lang != "en"])
def test_compiled_catalog_matches_its_po(lang: str) -> None:
    """The .mo the loader reads is the .po's (`make catalogs` after editing a .po)."""
    for (context, msgid), message in messages(read(locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po")).items():
        if not message.string or "fuzzy" in message.flags:
            continue  # not translated yet: test_catalog_is_complete says so
        got = pgettext(lang, context, msgid) if context else gettext(lang, msgid)
        assert got == message.string


def test_french_typography() -> None:
    """A no-break space before : and a narrow one before ; ! ? and inside « »; never a plain space there."""
    for message in read(locale_dir() / "fr" / "LC_MESSAGES" / f"{DOMAIN}.po"):
        if not message.id:
            continue
        assert not re.search(r" [:;!?]|« | »", message.string), message.string
        assert not re.search(rf"[^\s{NBSP}{NNBSP}][;!?]|[^\s{NBSP}]:(?!//)", message.string.replace("%(", "")), \
            message.string


@pytest.mark.parametrize(("lang", "shown"), [
    pytest.param("es", "es", id="es"),
    pytest.param("es-MX", "es", id="region-finds-its-language"),
    pytest.param("pt-BR", "pt", id="pt-BR"),
    pytest.param("ar", "ar", id="ar"),
    pytest.param("en", "en", id="en"),
    pytest.param("en-GB", "en", id="en-GB"),
    pytest.param("de", "en", id="no-catalog-english"),
    pytest.param("zh-Hant", "en", id="script-no-catalog"),
])
def test_text_language(lang: str, shown: str) -> None:
    assert text_language(lang) == shown


@pytest.mark.parametrize(("lang", "text"), [
    pytest.param("es-MX", "Glosario", id="es-MX"),
    pytest.param("fr", "Glossaire", id="fr"),
    pytest.param("ar", "المسرد", id="ar"),
    pytest.param("de", "Glossary", id="de-english"),
])
def test_gettext(lang: str, text: str) -> None:
    assert gettext(lang, "Glossary") == text


def test_placeholders_are_filled_after_translation() -> None:
    assert gettext("es", "Release %(name)s", name="demo") == "Publicación demo"
    assert gettext("de", "Release %(name)s", name="demo") == "Release demo"


def test_the_same_word_in_two_contexts() -> None:
    assert pgettext("fr", "review column", "Source") == "Source"
    assert pgettext("es", "review column", "Source") == "Original"
    assert pgettext("es", "language switcher", "Languages") == "Idiomas"


def test_every_language_and_matching_a_message_in_any() -> None:
    assert every_language("draft", "review status")[:3] == ("draft", "مسودة", "esborrany")
    found = match_message("Article: %(slug)s; source file: %(path)s",
                          f"Article{NBSP}: csto{NNBSP}; fichier source{NBSP}: examples/a b.md", slug=r"\S+", path=".*")
    assert found == {"slug": "csto", "path": "examples/a b.md"}
    assert match_message("Article: %(slug)s; source file: %(path)s", "Artículo: x", slug=r"\S+", path=".*") is None


@pytest.mark.parametrize(("langs", "named"), [
    pytest.param(["es", "fr", "pt-BR"], None, id="all-served"),
    pytest.param(["es", "de", "de-AT", "ja"], "de, de-AT, ja", id="three-in-english"),
])
def test_missing_catalogs_note(langs: list[str], named: str | None) -> None:
    note = missing_catalogs(langs)
    if named is None:
        assert note is None
    else:
        assert note is not None and note.startswith(f"page texts in English for {named}: ")
        assert str(locale_dir()) in note and "\n" not in note


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in sorted(BAD.glob("*.po"))])
def test_a_broken_catalog_names_its_file_and_line(path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        read_catalog(path)
    error = raised.value
    assert (error.path, error.line) == (path, 7)
    assert str(error).startswith(f"{path}:7: catalog syntax error: ") and "\n" not in str(error)


def test_compiling_stops_at_a_broken_catalog(tmp_path: Path) -> None:
    shutil.copytree(locale_dir(), tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    broken = tmp_path / "locale" / "gl" / "LC_MESSAGES" / f"{DOMAIN}.po"
    shutil.copy(BAD / "unclosed-quote.po", broken)
    with pytest.raises(CatalogError) as raised:
        compile_catalogs(tmp_path / "locale")
    assert (raised.value.path, raised.value.line) == (broken, 7)


def test_compile_catalogs_writes_what_the_loader_reads(tmp_path: Path) -> None:
    shutil.copytree(locale_dir(), tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogs(tmp_path / "locale")
    assert [p.parent.parent.name for p in written] == list(SHIPPED)
    with open(tmp_path / "locale" / "es" / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as stream:
        assert Translations(stream, domain=DOMAIN).ugettext("Glossary") == "Glosario"


def test_english_needs_no_compiled_catalog() -> None:
    assert translations("en").ugettext("Glossary") == "Glossary"
