"""translate.glossary.cache: a valid glossary kept in the state folder, read back while nothing that shapes it changes."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary import cache
from translate.glossary.load import load_glossary
from translate.model import TermVariants

GOOD = Path(__file__).parent / "data" / "glossary-good"


def test_cached_glossary_equals_the_parsed_one(tmp_path: Path) -> None:
    folder, state = tmp_path / "glossary", tmp_path / ".translate"
    shutil.copytree(GOOD, folder)
    state.mkdir()
    parsed = load_glossary(folder)
    assert load_glossary(folder, cache_dir=state) == parsed  # parsed, then written
    assert (state / cache.NAME).exists()
    assert cache.read(state, key=cache.key(parsed.digest), folder=folder) == parsed.concepts
    assert load_glossary(folder, cache_dir=state) == parsed  # read back


def test_cache_follows_every_change_of_the_files(tmp_path: Path) -> None:
    folder, state = tmp_path / "glossary", tmp_path / ".translate"
    shutil.copytree(GOOD, folder)
    state.mkdir()
    load_glossary(folder, cache_dir=state)
    path = folder / "20-organizations.yml"
    path.write_bytes(path.read_bytes().replace(b"OTSC", b"OTAN"))
    assert load_glossary(folder, cache_dir=state).concept("csto").variants("es") == TermVariants("OTAN")
    path.write_bytes(path.read_bytes().replace(b"id: csto", b"id: Bad Id"))
    with pytest.raises(GlossaryError, match="may only hold"):
        load_glossary(folder, cache_dir=state)


def test_damaged_or_missing_cache_is_not_used(tmp_path: Path) -> None:
    folder, state = tmp_path / "glossary", tmp_path / ".translate"
    shutil.copytree(GOOD, folder)
    parsed = load_glossary(folder)
    assert load_glossary(folder, cache_dir=state) == parsed
    assert not state.exists()  # the cache never makes the state folder
    state.mkdir()
    load_glossary(folder, cache_dir=state)
    data = (state / cache.NAME).read_bytes()
    (state / cache.NAME).write_bytes(data[: len(data) // 2])
    assert load_glossary(folder, cache_dir=state) == parsed


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="umask-022"), pytest.param(0o027, id="umask-027")])
def test_cache_file_follows_the_umask(tmp_path: Path, umask: int) -> None:
    state = tmp_path / ".translate"
    state.mkdir()
    old = os.umask(umask)
    try:
        load_glossary(GOOD, cache_dir=state)
    finally:
        os.umask(old)
    assert stat.S_IMODE((state / cache.NAME).stat().st_mode) == 0o666 & ~umask


def test_a_hit_is_read_from_the_cache_with_paths_in_the_folder_asked(tmp_path: Path) -> None:
    first, state = tmp_path / "first" / "glossary", tmp_path / ".translate"
    shutil.copytree(GOOD, first)
    state.mkdir()
    load_glossary(first, cache_dir=state)
    kept = state / cache.NAME
    kept.write_bytes(kept.read_bytes().replace(b'"OTSC"', b'"OTSC (kept)"'))  # only a read of the cache says this
    second = tmp_path / "second" / "glossary"
    shutil.copytree(GOOD, second)
    glossary = load_glossary(second, cache_dir=state)
    assert glossary.concept("csto").variants("es") == TermVariants("OTSC (kept)")
    assert {concept.path for concept in glossary.concepts} == {second / "10-places.yaml", second / "20-organizations.yml"}


GRAMMAR = """terms:
  - id: csto
    kind: organization
    en: {preferred: CSTO, forms: [Collective Security Treaty Organization], acronym: CSTO,
         full: Collective Security Treaty Organization}
    es: {preferred: OTSC, gender: f, number: sg, acronym: OTSC}
    de: {preferred: Kreml, gender: n}
"""


def test_grammar_and_roles_survive_the_cache(tmp_path: Path) -> None:
    folder, state = tmp_path / "glossary", tmp_path / ".translate"
    folder.mkdir()
    state.mkdir()
    (folder / "g.yaml").write_text(GRAMMAR, encoding="utf-8")
    parsed = load_glossary(folder)
    assert parsed.concept("csto").variants("es") == TermVariants("OTSC", gender="f", number="sg", acronym="OTSC")
    load_glossary(folder, cache_dir=state)
    assert cache.read(state, key=cache.key(parsed.digest), folder=folder) == parsed.concepts
    assert load_glossary(folder, cache_dir=state) == parsed


def test_a_cache_of_the_previous_format_is_rebuilt(tmp_path: Path) -> None:
    folder, state = tmp_path / "glossary", tmp_path / ".translate"
    folder.mkdir()
    state.mkdir()
    (folder / "g.yaml").write_text(GRAMMAR, encoding="utf-8")
    parsed = load_glossary(folder, cache_dir=state)
    key = cache.key(parsed.digest)
    # Format 1 kept five values per language (no grammar): under today's key it reads as damaged.
    old = '[["csto","organization","",[],true,false,"g.yaml",2,[["es","OTSC",[],[],true]]]]'
    (state / cache.NAME).write_text(f"{key}\n{old}", encoding="utf-8")
    assert cache.read(state, key=key, folder=folder) is None
    assert load_glossary(folder, cache_dir=state) == parsed
    assert cache.FORMAT == 2
