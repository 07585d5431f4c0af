"""OmegaT projects (translate/review/omegat.py, omegat_read.py and their writing in files.py): what the project
holds, reading the translator's work back, the bad projects refused, and OmegaT 3.6 itself over all of it."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import requires_omegat
from review_helpers import EMPTY, make_stale, make_store
from glossary_helpers import SMALL_GLOSSARY
from tool_helpers import omegat_glossary, omegat_session, omegat_translate
from translate.errors import ArchiveError, ReviewError
from translate.model import Glossary, MTResult, SegmentState
from translate.review.apply import Outcome, import_review
from translate.review.files import load_review_file, write_omegat_project
from translate.review.omegat import (
    DRAFTS,
    EARLIER,
    FOLDERS,
    PROJECT,
    REVIEWED,
    SAVED,
    Shortcuts,
    check_package_limits,
    export_omegat_project,
    pack_omt,
)
from translate.review.omegat_read import read_omegat_project
from translate.review.package import build_package
from translate.safezip import DEFAULT_MAX_MEMBERS, DEFAULT_MAX_TOTAL_BYTES, check_zip
from translate.store import Change, Store

MT, EDITED, APPROVED = SegmentState.MT_DRAFT, SegmentState.EDITED, SegmentState.APPROVED
X = "{urn:oasis:names:tc:xliff:document:1.2}"
TITLE, SUMMIT, TAGGED, TROOPS = ("The CSTO summit", "The summit in Yerevan ended on 24 November.",
                                 "Nobody signed the <g0>final</g0> declaration.", "In 2022, 3,000 troops were promised.")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def ids(store: Store) -> dict[str, str]:
    """Segment id by OmegaT's text of its source."""
    return {Shortcuts.of(s.text).to_omegat(s.text): s.id for s in store.segments("csto")}


def export(store: Store, tmp_path: Path, *, overwrite: bool = False, glossary: Glossary = EMPTY) -> Path:
    folder = tmp_path / "out" / "review-all-es"
    write_omegat_project(store, glossary, build_package(store, glossary, lang="es"), folder, overwrite=overwrite)
    return folder


def save(folder: Path, defaults: list[tuple[str, str]] = (), alternatives: list[tuple[str, str, str]] = (),
         *, note: str = "", lang: str = "es") -> None:
    """``omegat/project_save.tmx`` as OmegaT 3.6 writes it (TMX 1.1, ``lang=``, tags as text): ``(source,
    translation)`` default translations, ``(segment id, source, translation)`` alternative ones."""
    def unit(source: str, text: str, props: str = "") -> str:
        comment = f"\n      <note>{note}</note>" if note else ""
        return (f"    <tu>{comment}{props}\n      <tuv lang=\"en\">\n        <seg>{_xml(source)}</seg>\n      </tuv>\n"
                f"      <tuv lang=\"{lang}\" changeid=\"ana\" changedate=\"20261201T193647Z\">\n"
                f"        <seg>{_xml(text)}</seg>\n      </tuv>\n    </tu>\n")
    body = "".join(unit(source, text) for source, text in defaults)
    body += "<!-- Alternative translations -->\n" + "".join(
        unit(source, text, f'\n      <prop type="file">csto.xlf</prop>\n      <prop type="id">{segment}</prop>')
        for segment, source, text in alternatives)
    (folder / SAVED).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">\n'
        '  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" '
        'creationtoolversion="3.6.0_10_unknown" segtype="paragraph" srclang="en"/>\n  <body>\n<!-- Default '
        f'translations -->\n{body}  </body>\n</tmx>\n', encoding="utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_import(store: Store, path: Path, **options: object):
    parsed = load_review_file(path)
    return import_review(store, EMPTY, parsed, path=parsed.lines_in or path, actor="ana", **options)


def states(store: Store) -> dict[str, tuple[str, SegmentState]]:
    return {segment_id: (t.text, t.state) for segment_id, t in store.translations("csto", "es").items()}


# -- OmegaT's tags ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "omegat"), [
    pytest.param("Plain text.", "Plain text.", id="no-tags"),
    pytest.param("A <1>b</1> c <2>d</2>.", "A <g0>b</g0> c <g1>d</g1>.", id="two"),
    pytest.param("<1>whole</1>", "<g0>whole</g0>", id="wrapped"),
    pytest.param("<1>out <2>in</2> out</1>", "<g0>out <g1>in</g1> out</g0>", id="nested"),
    pytest.param("<1>a</1> b <1>c</1>", "<g0>a</g0> b <g1>c</g1>", id="a-split-mark"),
    pytest.param("x &lt;g0&gt; &amp; y", "x <g0> & y", id="text-that-looks-like-a-tag"),
])
def test_shortcuts_are_omegat_s_and_come_back(source: str, omegat: str) -> None:
    shortcuts = Shortcuts.of(source)
    assert shortcuts.to_omegat(source) == omegat
    if "&lt;" not in source:
        assert shortcuts.from_omegat(omegat) == source


def test_a_translation_s_tags_follow_the_source_s() -> None:
    shortcuts = Shortcuts.of("A <1>b</1> c <2>d</2>.")
    assert shortcuts.to_omegat("<2>D</2> y <1>B</1>") == "<g1>D</g1> y <g0>B</g0>"
    assert shortcuts.to_omegat("A <3>x</3> <1>b</1>") == "A x <g0>b</g0>"  # a tag the source lacks is left out
    assert shortcuts.from_omegat("<g1>D</g1> <g7>y</g7> <b0/>") == "<2>D</2> &lt;g7&gt;y&lt;/g7&gt; &lt;b0/&gt;"


def test_unpaired_tags_are_omegat_s_bx_and_ex() -> None:
    shortcuts = Shortcuts.of("a <1>b <2>c</1> d</2>")
    assert shortcuts.to_omegat("a <1>b <2>c</1> d</2>") == "a <b0/>b <b1/>c<e2/> d<e3/>"
    assert shortcuts.from_omegat("<b0/>b <b1/>c<e2/> d<e3/>") == "<1>b <2>c</1> d</2>"


# -- The project ------------------------------------------------------------------------------------------------


def test_the_project_holds_what_omegat_needs(store: Store) -> None:
    tagged = ids(store)[TAGGED]
    store.set_state("csto", tagged, "es", APPROVED, actor="ed", via="test", reason="")
    package = build_package(store, EMPTY, lang="es")
    files = export_omegat_project(package, EMPTY)
    assert sorted(files) == sorted([PROJECT, "glossary/translate-glossary.utf8", "omegat/filters.xml",
                                    "source/csto.xlf", REVIEWED, DRAFTS])
    project = etree.fromstring(files[PROJECT]).find("project")
    assert (project.findtext("source_lang"), project.findtext("target_lang"), project.findtext("sentence_seg"),
            project.get("version")) == ("en", "es", "false", "1.0")
    filters = etree.fromstring(files["omegat/filters.xml"])
    assert filters.tag == "filters" and filters.get("removeTags") == "false"  # no namespace: OmegaT reads it
    units = etree.fromstring(files["source/csto.xlf"]).findall(f".//{X}trans-unit")
    assert len(units) == 4
    for unit in units:  # OmegaT shows <target>: the English, with its tags
        assert etree.tostring(unit.find(f"{X}target")).replace(b"target", b"source").split(b">", 1)[1] == \
            etree.tostring(unit.find(f"{X}source")).split(b">", 1)[1]
        assert unit.find(f"{X}target").get("state") == "new" and unit.get("approved") is None
    reviewed = etree.fromstring(files[REVIEWED]).findall(".//tu")
    assert [[p.text for p in tu.findall("prop")] for tu in reviewed] == [["csto.xlf", tagged]]
    assert [seg.text for seg in reviewed[0].iter("seg")] == [TAGGED, "ES: Nobody signed the <g0>final</g0> declaration."]
    drafts = etree.fromstring(files[DRAFTS]).findall(".//tu")
    assert [tu.find("tuv/seg").text for tu in drafts] == [TITLE, SUMMIT, TROOPS]
    assert all(not tu.findall("prop") for tu in drafts)
    assert export_omegat_project(package, EMPTY) == files


def test_the_package_is_the_project_s_contents_with_every_folder(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    packed = (folder.parent / "review-all-es.omt").read_bytes()
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        names = archive.namelist()
        assert PROJECT in names and set(FOLDERS) <= set(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("source/csto.xlf") == (folder / "source" / "csto.xlf").read_bytes()
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        archive.extractall(unpacked)
    assert sorted(str(p.relative_to(unpacked)) for p in unpacked.rglob("*")) == \
        sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert pack_omt(export_omegat_project(build_package(store, EMPTY, lang="es"), EMPTY)) == packed


# -- The translator's work back ---------------------------------------------------------------------------------


def test_translations_come_back_edited_and_approval_stays_the_reviewer_s(store: Store, tmp_path: Path) -> None:
    by_source = ids(store)
    store.set_state("csto", by_source[TROOPS], "es", APPROVED, actor="ed", via="test", reason="")
    store.set_state("csto", by_source[TITLE], "es", APPROVED, actor="ed", via="test", reason="")
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre."),  # typed
                  (TAGGED, "ES: Nobody signed the <g0>final</g0> declaration."),  # the draft, confirmed
                  (TITLE, "ES: The CSTO summit")],  # approved, as exported
         [(by_source[TROOPS], TROOPS, "En 2022 se prometieron 3000 soldados.")], note="Ana: revisado")
    report = run_import(store, folder)
    outcomes = {r.segment_id: r.outcome for r in report.results}
    assert outcomes == {by_source[SUMMIT]: Outcome.APPLIED, by_source[TAGGED]: Outcome.APPLIED,
                        by_source[TITLE]: Outcome.UNCHANGED, by_source[TROOPS]: Outcome.WITHDRAWN}
    after = states(store)
    assert after[by_source[SUMMIT]] == ("La cumbre de Ereván terminó el 24 de noviembre.", EDITED)
    assert after[by_source[TAGGED]] == ("ES: Nobody signed the <1>final</1> declaration.", EDITED)
    assert after[by_source[TITLE]] == ("ES: The CSTO summit", APPROVED)
    assert after[by_source[TROOPS]] == ("En 2022 se prometieron 3000 soldados.", EDITED)
    assert report.path == folder / SAVED and all(r.line for r in report.results)
    history = store.history("csto", by_source[SUMMIT], "es")
    assert "comment: Ana: revisado" in history[-1].reason
    again = run_import(store, folder)
    assert again.noop


def test_a_segment_s_own_translation_wins_over_the_shared_one(store: Store, tmp_path: Path) -> None:
    segment = ids(store)[SUMMIT]
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "Compartida: el 24 de noviembre.")], [(segment, SUMMIT, "La suya: el 24 de noviembre.")])
    run_import(store, folder)
    assert states(store)[segment] == ("La suya: el 24 de noviembre.", EDITED)


def test_the_checks_of_every_import_apply(store: Store, tmp_path: Path) -> None:
    by_source = ids(store)
    folder = export(store, tmp_path)
    revision = store.translations("csto", "es")[by_source[TROOPS]].revision
    store.apply_changes([Change("csto", by_source[TROOPS], "es", "En 2022, una colega.", EDITED, revision)],
                        actor="eva", via="test")
    save(folder, [(TROOPS, "En 2022 se prometieron 3.000 soldados."),  # a colleague changed it since: conflict
                  (TAGGED, "Nadie firmó la <g0>declaración final.")])  # a tag left open: refused
    report = run_import(store, folder)
    outcomes = {r.segment_id: r.outcome for r in report.results}
    assert outcomes == {by_source[TROOPS]: Outcome.CONFLICT, by_source[TAGGED]: Outcome.INVALID}
    assert states(store)[by_source[TROOPS]][0] == "En 2022, una colega."


def test_a_stale_source_is_not_applied(tmp_path: Path) -> None:
    store, source = make_store(tmp_path)
    with store:
        folder = export(store, tmp_path)
        save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
        make_stale(store, source, "ended on 24 November", "ended on 25 November")
        report = run_import(store, folder)
        assert [r.outcome for r in report.results] == [Outcome.STALE]


_CLIENT_XLIFF = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:'
                 'document:1.2"><file original="a.txt" source-language="en" target-language="es" datatype="plaintext">'
                 '<body><trans-unit id="1"><source>Background for the translator.</source></trans-unit><trans-unit '
                 'id="2"><source>A second line.</source></trans-unit></body></file></xliff>\n')


@pytest.mark.parametrize(("added", "content"), [
    pytest.param("notes.txt", "Background for the translator.\nA second line.\n", id="a-file"),
    pytest.param("reference/background.txt", "Background for the translator.\nA second line.\n",
                 id="a-file-in-a-subfolder"),
    pytest.param("client.xlf", _CLIENT_XLIFF, id="an-xliff-of-theirs"),
])
def test_the_translator_s_own_source_files_are_left_out(store: Store, tmp_path: Path, added: str,
                                                        content: str) -> None:
    """Project > Copy Files to Source Folder: OmegaT keeps their translations in project_save.tmx with ours."""
    folder = export(store, tmp_path)
    (folder / "source" / added).parent.mkdir(parents=True, exist_ok=True)
    (folder / "source" / added).write_text(content, encoding="utf-8")
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre."),
                  ("Background for the translator.", "Contexto para la traductora.")])
    saved = folder / SAVED
    alternative = (f'<tu><prop type="file">{added}</prop><prop type="id">0</prop><tuv lang="en"><seg>A second line.'
                   '</seg></tuv><tuv lang="es"><seg>Una segunda línea.</seg></tuv></tu>\n  </body>')
    saved.write_text(saved.read_text(encoding="utf-8").replace("  </body>", alternative), encoding="utf-8")
    report = run_import(store, folder)
    assert [(r.segment_id, r.outcome) for r in report.results] == [(ids(store)[SUMMIT], Outcome.APPLIED)]


def test_files_the_system_leaves_in_source_are_not_the_translator_s(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    (folder / "source" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # macOS's, in any folder it shows
    (folder / "source" / "._csto.xlf").write_bytes(b"\0\5\26\7")  # macOS's copy of attributes on other disks
    (folder / "source" / "Thumbs.db").write_bytes(b"\xd0\xcf")
    _orphan(folder)
    with pytest.raises(ReviewError, match="a translation of 'A sentence this project never had.' for a segment"):
        run_import(store, folder)


def test_a_damaged_unit_of_a_source_file_is_named_in_that_file(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    xliff = folder / "source" / "csto.xlf"
    xliff.write_text(xliff.read_text(encoding="utf-8").replace(' tr:source-hash="', ' tr:hash="', 1), encoding="utf-8")
    save(folder, [(TROOPS, "En 2022 se prometieron 3.000 soldados.")])
    report = run_import(store, folder)
    assert report.path == folder / SAVED  # where the lines of the translations are
    assert [(r.outcome, r.message, r.line) for r in report.results if r.outcome is Outcome.INVALID] == [
        (Outcome.INVALID, "source/csto.xlf:8: missing tr:source-hash", None)]


def test_target_files_are_read_where_there_is_no_project_save(store: Store, tmp_path: Path) -> None:
    by_source = ids(store)
    folder = export(store, tmp_path)
    made = (folder / "source" / "csto.xlf").read_bytes().replace(
        b"<target state=\"new\">The summit in Yerevan ended on 24 November.</target>",
        "<target state=\"new\">La cumbre terminó el 24 de noviembre.</target>".encode())
    (folder / "target" / "csto.xlf").write_bytes(made)  # what Create Translated Documents writes
    report = run_import(store, folder)
    assert [(r.segment_id, r.outcome) for r in report.results] == [(by_source[SUMMIT], Outcome.APPLIED)]
    assert states(store)[by_source[SUMMIT]] == ("La cumbre terminó el 24 de noviembre.", EDITED)


def test_a_package_comes_back_like_its_folder(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
    package = tmp_path / "back.omt"
    with zipfile.ZipFile(package, "w") as archive:  # zipped with its folder, as a translator may
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"review-all-es/{path.relative_to(folder)}")
    report = run_import(store, package)
    assert [r.outcome for r in report.results] == [Outcome.APPLIED]
    assert str(report.path) == f"{package}:review-all-es/{SAVED}"


# -- Bad projects: one clear error, nothing written -------------------------------------------------------------


def _other_languages(folder: Path) -> None:
    project = folder / PROJECT
    project.write_text(project.read_text().replace("<target_lang>es<", "<target_lang>fr<"))


def _orphan(folder: Path) -> None:
    save(folder, [(SUMMIT, "Bien."), ("A sentence this project never had.", "Huérfana.")])


def _orphan_alternative(folder: Path) -> None:
    save(folder, [], [("0123456789ab", SUMMIT, "Huérfana.")])


def _orphan_target(folder: Path) -> None:
    made = (folder / "source" / "csto.xlf").read_bytes().replace(b'trans-unit id="', b'trans-unit id="x')
    (folder / "target" / "csto.xlf").write_bytes(made)
    (folder / SAVED).unlink()


def _no_project_file(folder: Path) -> None:
    (folder / PROJECT).unlink()


def _entities(folder: Path) -> None:
    save(folder, [(SUMMIT, "Bien.")])
    saved = folder / SAVED
    saved.write_text(saved.read_text().replace('"tmx11.dtd">', '"tmx11.dtd" [<!ENTITY x "y">]>'))


@pytest.mark.parametrize(("damage", "message", "where"), [
    pytest.param(_other_languages, "the project file says en → fr, but source/csto.xlf is en → es", PROJECT,
                 id="omegat-project-other-languages"),
    pytest.param(_orphan, "a translation of 'A sentence this project never had.' for a segment the project does "
                 "not have", f"{SAVED}:15", id="project-save-unit-for-a-gone-segment"),
    pytest.param(_orphan_alternative, "a translation of 'The summit in Yerevan ended on 24 November.' for a segment "
                 "the project does not have", f"{SAVED}:8", id="project-save-alternative-for-a-gone-segment"),
    pytest.param(_orphan_target, "segment 'x", "target/csto.xlf:", id="target-file-unit-for-a-gone-segment"),
    pytest.param(_no_project_file, "not an OmegaT project: the folder has no omegat.project", "review-all-es",
                 id="no-project-file"),
    pytest.param(_entities, "TMX document declares entities", SAVED, id="entity-declaration"),
])
def test_a_bad_project_is_refused_whole(store: Store, tmp_path: Path, damage, message: str, where: str) -> None:
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "Bien.")])
    damage(folder)
    before = states(store)
    with pytest.raises(ReviewError) as caught:
        run_import(store, folder)
    assert message in str(caught.value) and where in str(caught.value)
    assert "\n" not in str(caught.value) and caught.value.hint
    assert states(store) == before


def _zip_slip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(PROJECT, "<omegat/>")
        archive.writestr("../../outside.txt", "x")


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PROJECT, "<omegat/>")
        archive.writestr("source/bomb.xlf", b"\0" * (20 * 1024 * 1024))


_REPACK = "import the project's folder instead, or zip its contents again"  # not any zip's hint ("raise the limit")


@pytest.mark.parametrize(("make", "message", "hint"), [
    pytest.param(lambda path: path.write_text("not a zip"), "not a zip archive", _REPACK, id="not-a-zip"),
    pytest.param(_zip_slip, "unsafe member name '../../outside.txt'", _REPACK, id="zip-slip"),
    pytest.param(_zip_bomb, "zip bomb", _REPACK, id="zip-bomb"),
    pytest.param(lambda path: zipfile.ZipFile(path, "w").writestr("readme.txt", "hi"),
                 "not an OmegaT project package: no omegat.project at its top", "import the folder",
                 id="no-project-file"),
])
def test_a_bad_package_is_refused_unopened(store: Store, tmp_path: Path, make, message: str, hint: str) -> None:
    path = tmp_path / "back.omt"
    make(path)
    before = states(store)
    with pytest.raises((ArchiveError, ReviewError)) as caught:
        run_import(store, path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert caught.value.hint.startswith(hint)
    assert states(store) == before and not (tmp_path.parent / "outside.txt").exists()


_MIB = b"x" * (1024 * 1024)  # one object, shared by every file below


def test_a_package_with_as_many_files_as_an_import_takes_is_written(tmp_path: Path) -> None:
    files = {f"source/a{i}.xlf": b"x" for i in range(DEFAULT_MAX_MEMBERS - len(FOLDERS))}
    path = tmp_path / "review-all-es.omt"
    check_package_limits(files, path=path)
    path.write_bytes(pack_omt(files))
    assert len(check_zip(path)) == DEFAULT_MAX_MEMBERS  # what the import checks first


@pytest.mark.parametrize("files", [
    pytest.param({f"source/a{i}.xlf": b"x" for i in range(DEFAULT_MAX_MEMBERS - len(FOLDERS) + 1)},
                 id="one-file-more-than-an-import-takes"),
    pytest.param({f"source/a{i}.xlf": _MIB for i in range(DEFAULT_MAX_TOTAL_BYTES // len(_MIB) + 1)},
                 id="more-bytes-than-an-import-inflates"),
])
def test_a_project_whose_package_could_not_come_back_is_refused(tmp_path: Path, files: dict[str, bytes]) -> None:
    path = tmp_path / "review-all-es.omt"
    with pytest.raises(ReviewError, match="an import of its package takes") as caught:
        check_package_limits(files, path=path)
    assert caught.value.path == path and "--article" in caught.value.hint


# -- Exporting again --------------------------------------------------------------------------------------------


def test_exporting_again_keeps_work_not_imported(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
    with pytest.raises(ReviewError, match=r"holds 1 edit\(s\) not imported yet"):
        export(store, tmp_path)
    assert (folder / SAVED).exists()
    run_import(store, folder)
    mine = folder / "glossary" / "review-all-es-glossary.txt"
    mine.write_text("Yerevan\tEreván\n")  # the translator's own glossary
    export(store, tmp_path)  # all imported: the next round starts clean
    assert not (folder / SAVED).exists() and (folder / EARLIER).exists()
    assert mine.read_text() == "Yerevan\tEreván\n"
    reviewed = etree.parse(str(folder / REVIEWED)).findall(".//tu")
    assert [tu.findall("tuv/seg")[1].text for tu in reviewed] == ["La cumbre de Ereván terminó el 24 de noviembre."]
    assert read_omegat_project(folder).package.units == ()


def test_exporting_again_over_a_conflict_says_how_to_import_it(store: Store, tmp_path: Path) -> None:
    segment = ids(store)[SUMMIT]
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
    revision = store.translations("csto", "es")[segment].revision
    store.apply_changes([Change("csto", segment, "es", "Versión de Berta.", EDITED, revision)], actor="berta",
                        via="test")
    with pytest.raises(ReviewError) as caught:
        export(store, tmp_path)
    assert str(caught.value).startswith(f"{folder}: the OmegaT project already there holds 1 edit(s) not imported "
                                        f"yet (1 in conflict with the store): csto/{segment}")
    assert "--force applies the OmegaT project's version" in caught.value.hint


def test_overwrite_sets_the_translator_s_work_aside(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
    export(store, tmp_path, overwrite=True)
    assert "La cumbre de Ereván" in (folder / EARLIER).read_text()


def test_work_on_a_changed_sentence_stays_in_the_project_as_a_match(tmp_path: Path) -> None:
    store, source = make_store(tmp_path)
    with store:
        folder = export(store, tmp_path)
        save(folder, [(SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.")])
        make_stale(store, source, "ended on 24 November", "ended on 25 November")
        assert [r.outcome for r in run_import(store, folder).results] == [Outcome.STALE]
        export(store, tmp_path)  # the new round: the stale translation is in no memory but the translator's
        for _ in range(2):  # and stays there when the next export finds no new work
            with zipfile.ZipFile(folder.parent / "review-all-es.omt") as archive:
                packed = archive.read(EARLIER).decode()
            assert "La cumbre de Ereván terminó el 24 de noviembre." in packed
            assert (folder / EARLIER).read_text(encoding="utf-8") == packed and not (folder / SAVED).exists()
            export(store, tmp_path)


def test_an_unchanged_export_writes_nothing(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in folder.parent.rglob("*") if p.is_file()}
    package = build_package(store, EMPTY, lang="es")
    assert not write_omegat_project(store, EMPTY, package, folder)
    assert {p: p.stat().st_mtime_ns for p in folder.parent.rglob("*") if p.is_file()} == stamps


def test_only_the_exported_articles_stay_in_source(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path)
    (folder / "source" / "gone.xlf").write_bytes((folder / "source" / "csto.xlf").read_bytes())
    (folder / "source" / "client.xlf").write_text(_CLIENT_XLIFF, encoding="utf-8")  # the translator's own
    export(store, tmp_path)
    assert sorted(p.name for p in (folder / "source").iterdir()) == ["client.xlf", "csto.xlf"]


# -- OmegaT 3.6 itself ------------------------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """OmegaT's preferences folder for the test (it writes omegat.prefs and its log there)."""
    path = tmp_path / "omegat config"
    path.mkdir()
    return path


@requires_omegat
def test_omegat_opens_the_project_shows_the_english_and_offers_every_draft(store: Store, tmp_path: Path,
                                                                          config: Path) -> None:
    by_source = ids(store)
    store.set_state("csto", by_source[TITLE], "es", APPROVED, actor="ed", via="test", reason="")
    folder = export(store, tmp_path)
    shown = omegat_session(folder, config=config)
    assert [row[0] for row in shown] == [TITLE, SUMMIT, TAGGED, TROOPS]  # the English, whole, tags and all
    assert shown[0][1:] == ["ES: The CSTO summit", "ES: The CSTO summit", "100", "auto/translate-reviewed.tmx"]
    for row, source in zip(shown[1:], (SUMMIT, TAGGED, TROOPS)):  # drafts: offered, not inserted
        assert row[1:] == ["", f"ES: {source}", "100", "mt/translate-drafts.tmx"]
    done = omegat_translate(folder, config=config)
    assert done.returncode == 0, done.stderr[-2000:]
    target = etree.parse(str(folder / "target" / "csto.xlf")).findall(f".//{X}trans-unit/{X}target")
    assert [t.xpath("string()") for t in target] == ["ES: The CSTO summit", SUMMIT, "Nobody signed the final "
                                                     "declaration.", TROOPS]
    for made in (folder / "source" / "csto.xlf", folder / "target" / "csto.xlf"):  # English targets: not alone
        with pytest.raises(ReviewError, match="a file of an OmegaT project") as caught:
            load_review_file(made)
        assert caught.value.hint.startswith("import the project")


@requires_omegat
def test_work_saved_by_omegat_comes_back(store: Store, tmp_path: Path, config: Path) -> None:
    by_source = ids(store)
    store.set_state("csto", by_source[TITLE], "es", APPROVED, actor="ed", via="test", reason="")
    folder = export(store, tmp_path / "with space")
    omegat_session(folder, config=config, edits=[
        ("type", SUMMIT, "La cumbre de Ereván terminó el 24 de noviembre.", "revisado"),
        ("insert-match", TAGGED, "", ""),  # Ctrl+I: the draft, tags and all
        ("type", TITLE, "La cumbre de la OTSC", ""),  # over the approved translation
    ])
    report = run_import(store, folder)
    assert {r.segment_id: r.outcome for r in report.results} == {
        by_source[SUMMIT]: Outcome.APPLIED, by_source[TAGGED]: Outcome.APPLIED, by_source[TITLE]: Outcome.WITHDRAWN}
    after = states(store)
    assert after[by_source[SUMMIT]] == ("La cumbre de Ereván terminó el 24 de noviembre.", EDITED)
    assert after[by_source[TAGGED]] == ("ES: Nobody signed the <1>final</1> declaration.", EDITED)
    assert after[by_source[TITLE]] == ("La cumbre de la OTSC", EDITED)
    assert after[by_source[TROOPS]] == (f"ES: {TROOPS}", MT)
    assert run_import(store, folder).noop
    reopened = {row[0]: row[1] for row in omegat_session(folder, config=config)}
    assert reopened[TITLE] == "La cumbre de la OTSC"  # tm/auto never overrides the translator's own work
    done = omegat_translate(folder, config=config)  # Create Translated Documents: target/ tells the same
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.move(folder / SAVED, tmp_path / "kept.tmx")
    assert run_import(store, folder).noop


@requires_omegat
def test_omegat_offers_the_work_on_a_changed_sentence(tmp_path: Path, config: Path) -> None:
    store, source = make_store(tmp_path)
    with store:
        folder = export(store, tmp_path)
        omegat_session(folder, config=config, edits=[("type", SUMMIT, "La cumbre terminó el 24 de noviembre.", "")])
        make_stale(store, source, "ended on 24 November", "ended on 25 November")
        changed = next(s for s in store.segments("csto") if "25 November" in s.text)
        store.save_machine_translations("csto", "es", [(changed, MTResult(""), MT)], engine="fake:1")  # no draft
        run_import(store, folder)
        export(store, tmp_path)
        shown = {row[0]: row[1:] for row in omegat_session(folder, config=config)}
    translation, match, _, memory = shown[SUMMIT.replace("24", "25")]  # OmegaT's score leaves numbers out
    assert (translation, match, memory) == ("", "La cumbre terminó el 24 de noviembre.", "translate-earlier-work.tmx")


@requires_omegat
def test_omegat_opens_the_unpacked_package(store: Store, tmp_path: Path, config: Path) -> None:
    folder = export(store, tmp_path)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(folder.parent / "review-all-es.omt") as archive:
        archive.extractall(unpacked)
    shown = omegat_session(unpacked, config=config)
    assert [row[0] for row in shown] == [TITLE, SUMMIT, TAGGED, TROOPS]


@requires_omegat
def test_omegat_reads_the_project_s_glossary(store: Store, tmp_path: Path) -> None:
    folder = export(store, tmp_path, glossary=SMALL_GLOSSARY)
    entries = omegat_glossary(folder / "glossary" / "translate-glossary.utf8", src="en", tgt="es")
    assert entries[:3] == [
        ["Luhansk", "Luhansk", 'not: Lugansk; Ukrainian-based romanization; never the Russian-based "Lugansk".'],
        ["Lugansk", "Luhansk", 'not: Lugansk; Ukrainian-based romanization; never the Russian-based "Lugansk".'],
        ["CSTO", "OTSC", ""],
    ]
