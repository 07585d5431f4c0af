"""`translate review …` and `translate memory …` through the command line, on a store built without engines."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import requires_ttk
from review_helpers import make_store
from tool_helpers import run_ttk
from translate.cli import cli
from translate.review.xliff import export_xliff, import_xliff


def invoke(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    store.close()
    return tmp_path / "ws"


def test_a_comment_alone_is_recorded_once_through_the_cli(workspace: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path / "out"))
    path = tmp_path / "out" / "review-all-es.xlf"
    package = import_xliff(path.read_bytes(), path=path).package
    units = list(package.units)
    units[2] = replace(units[2], comment="Is it the final declaration or a draft?")
    path.write_bytes(export_xliff(replace(package, units=tuple(units))))
    code, out, err = invoke(workspace, "review", "import", str(path))
    assert code == 0, out + err
    assert "0 applied" in out and "4 unchanged" in out and "1 comment(s) recorded" in out
    code, out, _ = invoke(workspace, "review", "import", str(path), "--format", "json")
    assert code == 0 and json.loads(out)[0]["noop"] and json.loads(out)[0]["comments"] == 0


def test_xliff_round_trip_through_the_cli(workspace: Path, tmp_path: Path) -> None:
    code, out, err = invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path / "out"))
    assert code == 0, err
    path = tmp_path / "out" / "review-all-es.xlf"
    parsed = import_xliff(path.read_bytes(), path=path)
    units = list(parsed.package.units)
    from dataclasses import replace

    from translate.model import SegmentState

    units[1] = replace(units[1], target="La cumbre en Ereván terminó el 24 de noviembre.", state=SegmentState.APPROVED)
    path.write_bytes(export_xliff(replace(parsed.package, units=tuple(units))))
    code, out, err = invoke(workspace, "review", "import", str(path))
    assert code == 0, out + err
    assert "1 applied" in out
    code, out, _ = invoke(workspace, "review", "import", str(path))
    assert code == 0 and "nothing to apply" in out
    code, out, _ = invoke(workspace, "review", "status", "--format", "json")
    data = json.loads(out)
    assert data["states"] == [{"article": "csto", "lang": "es", "mt-draft": 3, "needs-review": 0, "edited": 0,
                               "approved": 1}]
    assert data["effort"][0]["lang"] == "es" and data["effort"][0]["changed"] == 1


def test_docx_round_trip_through_the_cli(workspace: Path, tmp_path: Path) -> None:
    code, out, err = invoke(workspace, "review", "export", "--lang", "es", "--format", "docx", "--out", str(tmp_path))
    assert code == 0, err
    path = tmp_path / "review-all-es.docx"
    document = docx.Document(io.BytesIO(path.read_bytes()))
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    translation, status = header.index("Traducción"), header.index("Estado")  # a Spanish file: Spanish headings
    table.rows[2].cells[translation].text = "La cumbre en Ereván terminó el 24 de noviembre."
    table.rows[2].cells[status].text = "aprobado"
    document.save(path)
    code, out, err = invoke(workspace, "review", "import", str(path), "--lang", "es")
    assert code == 0, out + err
    assert "1 applied" in out


def test_export_again_keeps_a_file_with_edits_not_imported(workspace: Path, tmp_path: Path) -> None:
    export = ("review", "export", "--lang", "es", "--out", str(tmp_path))
    assert invoke(workspace, *export)[1].startswith("wrote ")
    assert invoke(workspace, *export)[1].startswith("unchanged ")
    path = tmp_path / "review-all-es.xlf"
    path.write_text(path.read_text("utf-8").replace("ES: The summit", "ES revisado: La cumbre"), encoding="utf-8")
    code, _, err = invoke(workspace, *export)
    assert code == 1 and "holds 1 edit(s) not imported yet" in err and "translate review import" in err
    assert "ES revisado" in path.read_text("utf-8")
    code, out, _ = invoke(workspace, *export, "--overwrite")
    assert code == 0 and out.startswith("wrote ") and "ES revisado" not in path.read_text("utf-8")


def test_omegat_round_trip_through_the_cli(workspace: Path, tmp_path: Path) -> None:
    """Issue 14, items 1 and 2: export an OmegaT project, the translator's work back from its folder or package."""
    export = ("review", "export", "--lang", "es", "--format", "omegat", "--out", str(tmp_path / "out"))
    code, out, err = invoke(workspace, *export)
    assert code == 0, err
    folder = tmp_path / "out" / "review-all-es"
    assert out == f"wrote {folder}/ and {folder}.omt (OmegaT project): 4 segment(s) of 1 article(s)\n"
    assert invoke(workspace, *export)[1].startswith("unchanged ")
    code, out, _ = invoke(workspace, "review", "import", str(folder))
    assert code == 0 and out.startswith("review-all-es: nothing to apply: the project holds no translations "
                                        "(OmegaT keeps the translator's work in omegat/project_save.tmx")
    (folder / "omegat" / "project_save.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.1"><header creationtool="OmegaT" srclang="en"/><body>'
        '<tu><tuv lang="en"><seg>The summit in Yerevan ended on 24 November.</seg></tuv>'
        '<tuv lang="es"><seg>La cumbre de Ereván terminó el 24 de noviembre.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8")
    package = tmp_path / "back.omt"
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder))
    code, out, err = invoke(workspace, *export)
    assert code == 1 and "holds 1 edit(s) not imported yet" in err
    code, out, _ = invoke(workspace, "review", "import", str(package))
    assert code == 0 and "project_save.tmx (es): 1 applied" in out
    code, out, _ = invoke(workspace, "review", "import", str(folder))
    assert code == 0 and "nothing to apply" in out
    code, out, _ = invoke(workspace, "review", "status", "--format", "json")
    assert json.loads(out)["states"][0]["edited"] == 1


_SAVED_SUMMIT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.1"><header creationtool="OmegaT" srclang="en"/><body>'
    '<tu><tuv lang="en"><seg>The summit in Yerevan ended on 24 November.</seg></tuv>'
    '<tuv lang="es"><seg>La cumbre de Ereván terminó el 24 de noviembre.</seg></tuv></tu></body></tmx>\n')


def _zipped(folder: Path, *, top: str) -> Path:
    package = folder.parent / "back.omt"
    with zipfile.ZipFile(package, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, top + path.relative_to(folder).as_posix())
    return package


@pytest.mark.parametrize(("given", "shown"), [
    pytest.param(lambda folder: folder, "review-all-es/omegat/project_save.tmx", id="folder"),
    pytest.param(lambda folder: _zipped(folder, top=""), "back.omt:omegat/project_save.tmx", id="package"),
    pytest.param(lambda folder: _zipped(folder, top="review-all-es/"), "back.omt:review-all-es/omegat/project_save.tmx",
                 id="package-with-its-folder"),
])
def test_an_omegat_import_s_report_names_the_project(workspace: Path, tmp_path: Path, given, shown: str) -> None:
    """Every project's memory is omegat/project_save.tmx: the report names the project it is in."""
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--format", "omegat", "--out",
                          str(tmp_path / "out"))
    assert code == 0, err
    folder = tmp_path / "out" / "review-all-es"
    (folder / "omegat" / "project_save.tmx").write_text(_SAVED_SUMMIT, encoding="utf-8")
    code, out, err = invoke(workspace, "review", "import", str(given(folder)))
    assert code == 0, err
    assert out.startswith(f"{shown} (es): 1 applied "), out


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(lambda path: path.mkdir(), "not an OmegaT project: the folder has no omegat.project",
                 id="a-folder-that-is-no-project"),
    pytest.param(lambda path: path.with_suffix(".omt").write_text("PK"), "not a zip archive", id="omt-not-a-zip"),
])
def test_a_bad_omegat_project_is_one_line(workspace: Path, tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "back"
    make(path)
    shown = path if path.exists() else path.with_suffix(".omt")
    code, _, err = invoke(workspace, "review", "import", str(shown))
    assert code == 1 and message in err and str(shown) in err and err.count("\n") == 1, err


@pytest.mark.parametrize("part", [
    pytest.param("omegat/project_save.tmx", id="its-memory"),
    pytest.param("omegat.project", id="its-project-file"),
    pytest.param("omegat", id="its-omegat-folder"),
    pytest.param("tm/mt", id="a-folder-of-its-memories"),
])
def test_a_part_of_an_omegat_project_names_the_project(workspace: Path, tmp_path: Path, part: str) -> None:
    """A translator sends project_save.tmx alone, or the editor picks a file in the project: import the project."""
    invoke(workspace, "review", "export", "--lang", "es", "--format", "omegat", "--out", str(tmp_path / "out"))
    folder = tmp_path / "out" / "review-all-es"
    (folder / "omegat" / "project_save.tmx").write_text(_SAVED_SUMMIT, encoding="utf-8")
    code, out, err = invoke(workspace, "review", "import", str(folder / part))
    assert code == 1 and err.count("\n") == 1, err
    assert err.endswith(f"; it is in the OmegaT project {folder}/: import that\n") or err.endswith(
        f"; it is part of the OmegaT project {folder}/: import that\n"), err



def test_import_problems_exit_1(workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff><file>", encoding="utf-8")
    code, _, err = invoke(workspace, "review", "import", str(bad))
    assert code == 1 and "bad.xlf" in err
    code, _, err = invoke(workspace, "review", "import", str(tmp_path / "csto.md"))
    assert code == 1 and "not a review file" in err


def test_wrong_language(workspace: Path, tmp_path: Path) -> None:
    invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path))
    code, _, err = invoke(workspace, "review", "import", str(tmp_path / "review-all-es.xlf"), "--lang", "ca")
    assert code == 1 and "the file is for es, not ca" in err


def test_approve_reopen_and_memory_export_import(workspace: Path, tmp_path: Path) -> None:
    code, out, err = invoke(workspace, "review", "approve", "csto", "--lang", "es")
    assert code == 0 and "4 segment(s) now approved" in out, out + err
    code, out, _ = invoke(workspace, "review", "reopen", "csto", "--lang", "es", "--reason", "check dates")
    assert code == 0 and "4 segment(s) now needs-review" in out
    code, _, err = invoke(workspace, "memory", "export", "--out", str(tmp_path / "m.tmx"))
    assert code == 1 and "no approved translations" in err
    invoke(workspace, "review", "approve", "csto", "--lang", "es")
    code, out, _ = invoke(workspace, "memory", "export", "--lang", "es", "--out", str(tmp_path / "m.tmx"))
    assert code == 0 and "4 translation unit(s)" in out
    other = tmp_path / "other"
    code, out, err = invoke(other, "memory", "import", str(tmp_path / "m.tmx"))
    assert code == 0 and "4 new in the memory" in out, out + err
    code, out, _ = invoke(other, "memory", "import", str(tmp_path / "m.tmx"))
    assert code == 0 and "0 new" in out


def test_export_filters(workspace: Path, tmp_path: Path) -> None:
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--state", "approved", "--out", str(tmp_path))
    assert code == 1 and "no es segments to review" in err
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--state", "bogus", "--out", str(tmp_path))
    assert code == 2 and "mt-draft" in err
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--article", "nope", "--out", str(tmp_path))
    assert code == 1 and "no article 'nope'" in err


def test_empty_store(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path, "review", "status")
    assert code == 1 and "the store is empty" in err


def test_an_approved_segment_edited_without_its_state_comes_back_edited(workspace: Path, tmp_path: Path) -> None:
    """Issue 10, item 2: OmegaT leaves signed-off on an edited segment; the import says the approval is withdrawn."""
    from review_helpers import read, tool_edit

    invoke(workspace, "review", "approve", "csto", "--lang", "es")
    invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path))
    path = tmp_path / "review-all-es.xlf"
    segment_id = read("xliff", path.read_bytes()).package.units[1].segment_id
    path.write_bytes(tool_edit("xliff", path.read_bytes(), segment_id, text="La cumbre terminó el 24 de noviembre."))
    code, out, err = invoke(workspace, "review", "import", str(path))
    assert code == 0, out + err
    assert f"csto/{segment_id}: approval-withdrawn: approved -> edited: approval withdrawn" in out
    assert "1 approval(s) withdrawn" in out
    code, out, _ = invoke(workspace, "review", "status", "--format", "json")
    assert json.loads(out)["states"] == [{"article": "csto", "lang": "es", "mt-draft": 0, "needs-review": 0,
                                          "edited": 1, "approved": 3}]


def test_swapped_id_cells_exit_1_and_change_nothing(workspace: Path, tmp_path: Path) -> None:
    """Issue 10, item 3: two rows' ID cells swapped in Word, both translations approved."""
    invoke(workspace, "review", "export", "--lang", "es", "--format", "docx", "--out", str(tmp_path))
    path = tmp_path / "review-all-es.docx"
    document = docx.Document(io.BytesIO(path.read_bytes()))
    rows = document.tables[0].rows
    for row, text in ((rows[2], "La cumbre terminó el 24 de noviembre."),
                      (rows[3], "Nadie firmó la declaración final.")):
        row.cells[3].text, row.cells[4].text = text, "approved"
    first, second = rows[2].cells[0]._tc, rows[3].cells[0]._tc
    first_copy = copy.deepcopy(first)
    first.getparent().replace(first, copy.deepcopy(second))
    second.getparent().replace(second, first_copy)
    document.save(path)
    code, out, err = invoke(workspace, "review", "import", str(path))
    assert code == 1, out + err
    assert out.count("invalid: the file's source") == 2 and "0 applied" in out
    code, out, _ = invoke(workspace, "review", "status", "--format", "json")
    assert json.loads(out)["states"][0]["mt-draft"] == 4


def test_memory_import_leaves_out_a_unit_far_beyond_its_source_and_imports_the_others(tmp_path: Path) -> None:
    units = [("Hello.", "Hola."), ("The summit ended.", "x" * 100_000), ("Nobody signed.", "Nadie firmó.")]
    body = "\n".join(f'<tu><tuv xml:lang="en"><seg>{s}</seg></tuv><tuv xml:lang="es"><seg>{t}</seg></tuv></tu>'
                     for s, t in units)
    tmx = tmp_path / "partner.tmx"
    tmx.write_text('<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" '
                   f'o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n{body}\n</body></tmx>\n',
                   encoding="utf-8")
    code, out, err = invoke(tmp_path / "ws", "memory", "import", str(tmx))
    assert code == 1
    [line] = err.strip().splitlines()
    assert line.startswith(f"{tmx}:4: the es target has 100,000 characters for a source of 17: more than 10 times")
    assert out == "partner.tmx: 2 entr(ies) read, 2 new in the memory, 1 unit(s) refused\n"
    with sqlite3.connect(tmp_path / "ws" / ".translate" / "store.sqlite3") as db:
        assert sorted(row[0] for row in db.execute("SELECT source FROM memory")) == ["Hello.", "Nobody signed."]


def test_review_and_memory_exports_carry_the_draft_s_engine_signature(workspace: Path, tmp_path: Path) -> None:
    """The store's provenance signature ("fake:1" in this store) goes into the XLIFF and the TMX."""
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path / "review"))
    assert code == 0, err
    xliff = next((tmp_path / "review").glob("*.xlf")).read_text(encoding="utf-8")
    assert xliff.count('tr:engine="fake:1"') == 4
    invoke(workspace, "review", "approve", "csto", "--lang", "es")
    code, _, err = invoke(workspace, "memory", "export", "--out", str(tmp_path / "m.tmx"))
    assert code == 0, err
    assert (tmp_path / "m.tmx").read_text(encoding="utf-8").count('<prop type="x-translate-engine">fake:1</prop>') == 4


@pytest.mark.parametrize(("lang", "note"), [
    pytest.param("es-ES", "note: nothing is translated into es-ES (translated: es); --lang es is translated",
                 id="regional"),
    pytest.param("de", "note: nothing is translated into de (translated: es); run `translate run` first", id="other"),
])
def test_status_of_a_language_with_nothing_translated_says_so(workspace: Path, lang: str, note: str) -> None:
    code, out, err = invoke(workspace, "review", "status", "--lang", lang)
    assert code == 0, err
    assert note in out


@pytest.mark.parametrize(("lang", "fmt", "noted"), [
    pytest.param("de", "docx", True, id="docx-without-a-catalog"),
    pytest.param("es", "docx", False, id="docx-with-a-catalog"),
    pytest.param("de", "xliff", False, id="xliff-has-no-page-texts"),
])
def test_export_says_when_the_review_files_texts_are_english(tmp_path: Path, lang: str, fmt: str,
                                                            noted: bool) -> None:
    store, _ = make_store(tmp_path, lang=lang)
    store.close()
    code, out, err = invoke(tmp_path / "ws", "review", "export", "--lang", lang, "--format", fmt,
                            "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert ("note: page texts in English for de: no catalog for it" in out) is noted


@pytest.mark.parametrize(("lang", "noted"), [pytest.param("de", True, id="de"), pytest.param("es", False, id="es")])
def test_publish_says_which_languages_pages_are_in_english(tmp_path: Path, lang: str, noted: bool) -> None:
    store, _ = make_store(tmp_path, lang=lang)
    store.close()
    code, out, err = invoke(tmp_path / "ws", "publish", "--release", "r", "--allow-unreviewed")
    assert code == 0, out + err
    assert ("note: page texts in English for de: no catalog for it" in out) is noted
    code, out, _ = invoke(tmp_path / "ws", "publish", "--release", "r", "--allow-unreviewed")
    assert code == 0 and "unchanged" in out and ("page texts in English for de" in out) is noted


EDIT_WITH_TOOLKIT = """
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [unit for unit in store.units if unit.istranslatable()]
units[1].settarget(sys.argv[2])
units[1].marktranslated()
store.save()
print(len(units))
"""


@requires_ttk
def test_an_xliff_edited_and_saved_by_translate_toolkit_imports(workspace: Path, tmp_path: Path) -> None:
    """What README's "Working in another XLIFF tool" says: export, edit in the tool, save, import."""
    code, _, err = invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path / "out"))
    assert code == 0, err
    path = tmp_path / "out" / "review-all-es.xlf"
    edit = "La cumbre en Ereván terminó el 24 de noviembre."
    assert run_ttk("-c", EDIT_WITH_TOOLKIT, str(path), edit, cwd=tmp_path).stdout.strip() == "4"
    code, out, err = invoke(workspace, "review", "import", str(path))
    assert code == 0, out + err
    assert "1 applied" in out, out
    code, out, _ = invoke(workspace, "review", "status", "--format", "json")
    assert json.loads(out)["states"][0]["edited"] == 1
    code, out, _ = invoke(workspace, "review", "import", str(path))
    assert code == 0 and "nothing to apply" in out
