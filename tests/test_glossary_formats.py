"""translate.glossary.formats: the registry of exchange formats, and the contract every format keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_helpers import SMALL_GLOSSARY
from translate.errors import GlossaryError
from translate.glossary.formats import ExchangeFormat, ExchangeOptions, exchange_format, exchange_formats, import_format

OPTIONS = ExchangeOptions("en", "es")
FORMATS = [pytest.param(fmt, id=fmt.name) for fmt in exchange_formats()]


def test_the_registered_formats() -> None:
    assert [(fmt.name, fmt.suffix, fmt.pair) for fmt in exchange_formats()] == [
        ("tbx", "tbx", False), ("tbx-v3", "tbx", False), ("csv", "csv", True), ("toolkit-csv", "csv", True),
        ("omegat-tsv", "utf8", True),
    ]


@pytest.mark.parametrize(("name", "reader"), [
    pytest.param("glossary.tbx", "tbx", id="tbx"),
    pytest.param("GLOSSARY.TBX", "tbx", id="upper-case"),
    pytest.param("termbase.xml", "tbx", id="other-suffix-is-tbx"),
    pytest.param("pairs.csv", "toolkit-csv", id="csv"),
    pytest.param("glossary.txt", "omegat-tsv", id="omegat-txt"),
    pytest.param("glossary.tsv", "omegat-tsv", id="tsv"),
    pytest.param("glossary.utf8", "omegat-tsv", id="omegat-utf8"),
])
def test_import_format_by_suffix(name: str, reader: str) -> None:
    assert import_format(Path(name)).name == reader


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(GlossaryError, match="unknown glossary format 'xlsx'") as caught:
        exchange_format("xlsx")
    assert caught.value.hint == "use one of tbx, tbx-v3, csv, toolkit-csv, omegat-tsv"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_the_same_bytes_twice(fmt: ExchangeFormat) -> None:
    data = fmt.export(SMALL_GLOSSARY, OPTIONS)
    assert data and data == fmt.export(SMALL_GLOSSARY, OPTIONS)
    data.decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_every_format_writes_imports_back(fmt: ExchangeFormat) -> None:
    path = Path(f"glossary.{fmt.suffix}")
    reader = import_format(path)
    assert reader.read is not None
    concepts = reader.read(fmt.export(SMALL_GLOSSARY, OPTIONS), OPTIONS, path)
    pair = [c for c in SMALL_GLOSSARY.concepts if c.variants("en") and c.variants("es", source="en")]
    expected = SMALL_GLOSSARY.concepts if not fmt.pair else pair
    # Every concept comes back with its preferred terms (the engine CSV keeps no ids: see test_glossary_exchange).
    assert len(concepts) == len(expected)
    languages = ("es",) if fmt.pair else ("en", "es", "uk")  # the engine CSV sorts its sources
    assert {(lang, v.preferred) for c in concepts for lang in languages if (v := c.variants(lang, source="en"))} == {
        (lang, v.preferred) for c in expected for lang in languages if (v := c.variants(lang, source="en"))}
    assert all(c.path == path and c.line for c in concepts)
