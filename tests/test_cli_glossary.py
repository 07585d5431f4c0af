"""`translate glossary …` and the glossary parts of `translate run`, through the command line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, requires_apertium
from fs_helpers import run_cli
from translate.cli import cli

GLOSSARY = """\
terms:
  - id: luhansk
    kind: place
    en: {preferred: Luhansk, forbidden: [Lugansk]}
    es: {preferred: Luhansk, forbidden: [Lugansk]}
  - id: kyiv
    kind: place
    en: {preferred: Kyiv, forbidden: [Kiev]}
    es: {preferred: Kyiv, forbidden: [Kiev]}
"""


def invoke(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "places.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_check_ok(workspace: Path) -> None:
    code, out, _ = invoke(workspace, "glossary", "check")
    assert code == 0 and "2 concepts in 1 file(s), languages: en, es; glossary:sha256:" in out


def test_check_reports_every_problem(workspace: Path) -> None:
    (workspace / "glossary" / "bad.yaml").write_text(
        "terms:\n  - id: kyiv\n    en: {prefered: Kyiv}\n  - id: x\n    xx-nope: {preferred: X}\n", encoding="utf-8"
    )
    code, _, err = invoke(workspace, "glossary", "check")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) >= 3
    assert any("bad.yaml:2" in line and "kyiv" in line for line in lines)
    assert any("did you mean 'preferred'" in line for line in lines)
    assert any("bad.yaml:5" in line for line in lines)


def test_repository_glossary_is_valid(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")  # a copy: the check may cache it in .translate/
    code, out, err = invoke(tmp_path, "glossary", "check")
    assert code == 0, err
    count = int(out.split(": ")[1].split(" concepts")[0])
    assert count >= 40


def test_scan_reports_forbidden_variants(workspace: Path) -> None:
    code, out, _ = invoke(workspace, "glossary", "scan", str(EXAMPLES / "belarus-border.txt"), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    forbidden = {(r["concept"], r["text"]) for r in rows if r["status"] == "forbidden"}
    assert forbidden == {("luhansk", "Lugansk"), ("kyiv", "Kiev")}
    assert any(r["status"] == "preferred" and r["text"] == "Kyiv" for r in rows)


def test_export_import_round_trip(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.tbx"
    code, _, _ = invoke(workspace, "glossary", "export", "--format", "tbx", "--out", str(out))
    assert code == 0 and b"deprecatedTerm-admn-sts" in out.read_bytes()
    code, csv_text, _ = invoke(workspace, "glossary", "export", "--format", "csv", "--to", "es")
    assert code == 0 and "Lugansk,Luhansk\n" in csv_text
    other = tmp_path / "other"
    (other / "glossary").mkdir(parents=True)
    code, out_text, err = invoke(other, "glossary", "import", str(out))
    assert code == 0, err
    written = other / "glossary" / "imported-out.yaml"
    assert written.exists()
    code, check, _ = invoke(other, "glossary", "check")
    assert code == 0 and "2 concepts" in check
    code, _, err = invoke(workspace, "glossary", "import", str(out))
    assert code == 1 and "does not fit the glossary" in err  # duplicate ids with places.yaml
    assert not (workspace / "glossary" / "imported-out.yaml").exists()


def test_import_csv_needs_target(workspace: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("Kharkov,Kharkiv\n", encoding="utf-8")
    code, _, err = invoke(workspace, "glossary", "import", str(csv_file))
    assert code == 2 and "--to is required" in err
    code, out, err = invoke(workspace, "glossary", "import", str(csv_file), "--to", "es", "--name", "partner.yaml")
    assert code == 0, err
    assert "Kharkov" in (workspace / "glossary" / "partner.yaml").read_text(encoding="utf-8")


@requires_apertium
def test_run_prints_compliance_and_impact_reopens(workspace: Path) -> None:
    code, out, _ = invoke(workspace, "run", str(EXAMPLES / "belarus-border.txt"), "--to", "es")
    assert code == 0
    assert "Glossary compliance" in out and "the source says “Lugansk”" in out
    (workspace / "glossary" / "places.yaml").write_text(
        GLOSSARY.replace("es: {preferred: Kyiv, forbidden: [Kiev]}", "es: {preferred: Kyiv-nuevo, forbidden: [Kiev]}"),
        encoding="utf-8",
    )
    code, out, _ = invoke(workspace, "glossary", "impact", "--format", "json")
    impacts = json.loads(out)
    assert code == 0 and impacts and all(i["lang"] == "es" for i in impacts)
    code, out, _ = invoke(workspace, "glossary", "impact", "--reopen")
    assert code == 0 and f"{len(impacts)} moved back to needs-review" in out


@requires_apertium
def test_empty_glossary_warns_once(tmp_path: Path) -> None:
    code, out, _ = invoke(tmp_path, "run", str(EXAMPLES / "donbas-front.html"), "--to", "es")
    assert code == 0 and out.count("glossary/ has no terms") == 1


def test_impact_without_store(workspace: Path) -> None:
    code, out, _ = invoke(workspace, "glossary", "impact")
    assert code == 0 and "store is empty" in out


def test_check_caches_the_glossary_in_the_state_folder(workspace: Path) -> None:
    (workspace / ".translate").mkdir()
    first = invoke(workspace, "glossary", "check")
    assert first[0] == 0 and (workspace / ".translate" / "glossary-cache.json").exists()
    assert invoke(workspace, "glossary", "check") == first
    (workspace / "glossary" / "places.yaml").write_text(GLOSSARY.replace("Kiev", "Kiew"), encoding="utf-8")
    code, csv_text, _ = invoke(workspace, "glossary", "export", "--format", "csv", "--to", "es")
    assert code == 0 and "Kiew,Kyiv" in csv_text and "Kiev" not in csv_text


def test_import_of_a_csv_that_is_not_utf8_is_one_line(workspace: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "partner.csv"
    csv_file.write_bytes("Kyiv,Kyiv\n".encode() + b"Kharkov,Kh\xe2rkiv\n")  # Latin-1, as a spreadsheet may save
    code, out, err = invoke(workspace, "glossary", "import", str(csv_file), "--to", "es")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        f"Error: {csv_file}:2: not valid UTF-8 at line 2, column 11; save it as UTF-8 (in a spreadsheet: CSV UTF-8) "
        "and import again"
    ]
    assert sorted(path.name for path in (workspace / "glossary").iterdir()) == ["places.yaml"]


def test_csv_export_guards_formulas_and_import_restores_them(workspace: Path, tmp_path: Path) -> None:
    (workspace / "glossary" / "formulas.yaml").write_text(
        "terms:\n  - id: link\n    en: {preferred: '=HYPERLINK(\"http://example.org\")'}\n"
        "    es: {preferred: '@SUM(A1)'}\n", encoding="utf-8")
    out = tmp_path / "terms.csv"
    assert invoke(workspace, "glossary", "export", "--format", "csv", "--to", "es", "--out", str(out))[0] == 0
    assert "\"'=HYPERLINK(\"\"http://example.org\"\")\",'@SUM(A1)\n" in out.read_text(encoding="utf-8")
    other = tmp_path / "other"
    code, _, err = invoke(other, "glossary", "import", str(out), "--to", "es")
    assert code == 0, err
    written = (other / "glossary" / "imported-terms.yaml").read_text(encoding="utf-8")
    assert "preferred: '=HYPERLINK(\"http://example.org\")'" in written and "preferred: '@SUM(A1)'" in written


@pytest.fixture(params=[pytest.param(0o022, id="umask-022"), pytest.param(0o027, id="umask-027")])
def umask(request: pytest.FixtureRequest) -> int:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_exports_and_imports_follow_the_umask(workspace: Path, tmp_path: Path, umask: int) -> None:
    tbx, csv_file = tmp_path / "out" / "glossary.tbx", tmp_path / "out" / "glossary.csv"
    assert invoke(workspace, "glossary", "export", "--format", "tbx", "--out", str(tbx))[0] == 0
    assert invoke(workspace, "glossary", "export", "--format", "csv", "--to", "es", "--out", str(csv_file))[0] == 0
    other = tmp_path / "other"
    assert invoke(other, "glossary", "import", str(tbx))[0] == 0
    imported = other / "glossary" / "imported-glossary.yaml"
    for path in (tbx, csv_file, imported):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    for folder in (tbx.parent, imported.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder


def test_export_under_a_file_is_one_line(workspace: Path) -> None:
    out = workspace / "glossary" / "places.yaml" / "x.tbx"
    code, _, err = invoke(workspace, "glossary", "export", "--format", "tbx", "--out", str(out))
    assert code == 1 and err.strip().splitlines() == [
        f"Error: {out}: cannot write the file: {out.parent} is not a folder; "
        "choose a path in a folder you can write to"]


def test_scan_prints_terms_with_brackets_as_written(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.yaml").write_text(
        'terms:\n  - id: x\n    en: {preferred: "[b]Kyiv", forbidden: ["Kiev [bold]"]}\n', encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text("# Title\n\nIn [b]Kyiv, not Kiev [bold].\n", encoding="utf-8")
    code, out, _ = invoke(tmp_path, "glossary", "scan", str(source))
    assert code == 0 and "[b]Kyiv" in out and "Kiev [bold]" in out


@pytest.mark.parametrize(("content", "character"), [
    pytest.param(b"Belfast,Belf\x00ast\x1b[2J\n", "U+0000 (NUL)", id="nul-and-esc"),
    pytest.param(b'Belfast,"=CR\r\nx"\n', "U+000D (carriage return)", id="crlf"),
    pytest.param("Belfast,Belf\u0085ast\n".encode(), "U+0085 (NEL)", id="c1-next-line"),
])
def test_import_refuses_control_characters_in_terms(workspace: Path, tmp_path: Path, content: bytes,
                                                    character: str) -> None:
    csv_file = tmp_path / "g.csv"
    csv_file.write_bytes(content)
    code, out, err = invoke(workspace, "glossary", "import", str(csv_file), "--to", "es")
    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"Error: {csv_file}:1: the target term ") and character in line
    assert sorted(path.name for path in (workspace / "glossary").iterdir()) == ["places.yaml"]


@pytest.mark.parametrize("name", [pytest.param("partner.YAML", id="YAML"), pytest.param("partner.YML", id="YML")])
def test_import_takes_a_yaml_name_in_any_case_and_check_reads_it(workspace: Path, tmp_path: Path, name: str) -> None:
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("Kharkov,Kharkiv\n", encoding="utf-8")
    code, _, err = invoke(workspace, "glossary", "import", str(csv_file), "--to", "es", "--name", name)
    assert code == 0, err
    code, out, _ = invoke(workspace, "glossary", "check")
    assert code == 0 and "3 concepts in 2 file(s)" in out


@requires_apertium
def test_impact_reopen_waits_for_the_workspace_lock(workspace: Path) -> None:
    from test_lock import held  # a real process holding the lock

    assert invoke(workspace, "run", str(EXAMPLES / "belarus-border.txt"), "--to", "es")[0] == 0
    (workspace / "glossary" / "places.yaml").write_text(GLOSSARY.replace("es: {preferred: Kyiv,", "es: {preferred: "
                                                                         "Kyiv-nuevo,"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with held(workspace) as holder:
        reopening = subprocess.Popen([sys.executable, "-m", "translate", "--workspace", str(workspace), "glossary",
                                      "impact", "--reopen"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        assert reopening.stderr is not None
        assert reopening.stderr.readline().startswith(f"waiting for translate publish (pid {holder.pid}, since ")
        listed = run_cli(workspace, "glossary", "impact", "--format", "json")  # without --reopen: not held up
        impacts = json.loads(listed.stdout)
        assert impacts and {i["state"] for i in impacts} == {"mt-draft"} and reopening.poll() is None
    out, err = reopening.communicate(timeout=120)
    assert reopening.returncode == 0, err
    assert f"{len(impacts)} moved back to needs-review" in out
    with sqlite3.connect(workspace / ".translate" / "store.sqlite3") as db:
        moved = db.execute("SELECT count(*) FROM history WHERE via = 'translate glossary impact --reopen'").fetchone()
    assert moved == (len(impacts),)


@pytest.mark.parametrize(("fmt", "name", "options"), [
    pytest.param("tbx", "g.tbx", (), id="tbx"),
    pytest.param("tbx-v3", "g.tbx", (), id="tbx-v3"),
    pytest.param("csv", "g.csv", ("--to", "es"), id="csv"),
    pytest.param("toolkit-csv", "g.csv", ("--to", "es"), id="toolkit-csv"),
    pytest.param("omegat-tsv", "glossary.utf8", ("--to", "es"), id="omegat-tsv"),
])
def test_every_export_format_imports_back(workspace: Path, tmp_path: Path, fmt: str, name: str,
                                          options: tuple[str, ...]) -> None:
    out = tmp_path / "out" / name
    code, _, err = invoke(workspace, "glossary", "export", "--format", fmt, *options, "--out", str(out))
    assert code == 0 and err == f"wrote {out}\n"
    other = tmp_path / "other"
    code, text, err = invoke(other, "glossary", "import", str(out), *options)
    assert code == 0, err
    assert text.startswith("2 concept(s) written to ")
    code, check, _ = invoke(other, "glossary", "check")
    assert code == 0 and "2 concepts" in check


@pytest.mark.parametrize("fmt", ["toolkit-csv", "omegat-tsv"])
def test_pair_formats_need_a_target(workspace: Path, fmt: str) -> None:
    code, _, err = invoke(workspace, "glossary", "export", "--format", fmt)
    assert code == 2 and f"--to is required with --format {fmt}" in err


def _martif(*body: str) -> bytes:
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', '<martif type="TBX-Basic" xml:lang="en">',
                      "<text><body>", *body, "</body></text></martif>", ""]).encode()


def _tbx3(*body: str) -> bytes:
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', '<tbx xmlns="urn:iso:std:iso:30042:ed-2">',
                      "<text><body>", *body, "</body></text></tbx>", ""]).encode()


BAD_IMPORTS = [
    pytest.param("g.tbx", _martif('<termEntry id="x">', "<langSet><tig><term>a</term></tig></langSet>", "</termEntry>"),
                 5, "<langSet> without xml:lang; give it the language, e.g. xml:lang=\"en\"",
                 id="tbx-2008-no-language"),
    pytest.param("g.tbx", _martif('<termEntry id="x"><langSet xml:lang="en">',
                                  '<tig><term>a</term><termNote type="administrativeStatus">usual</termNote></tig>',
                                  "</langSet></termEntry>"), 5,
                 "unknown administrativeStatus 'usual'; use preferredTerm-admn-sts", id="tbx-2008-unknown-status"),
    pytest.param("g.tbx", b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x "y">]>\n<martif>&x;</martif>\n', 2,
                 "TBX document declares entities", id="tbx-2008-entity"),
    pytest.param("g.tbx", _tbx3('<conceptEntry id="x">', "<langSec><termSec><term>a</term></termSec></langSec>",
                                "</conceptEntry>"), 5, "<langSec> without xml:lang; give it", id="tbx-v3-no-language"),
    pytest.param("g.tbx", _tbx3('<conceptEntry id="x"><langSec xml:lang="en">',
                                "<termSec><term>a</term>",
                                '<termNote type="administrativeStatus">usual</termNote></termSec>',
                                "</langSec></conceptEntry>"), 6, "unknown administrativeStatus 'usual'",
                 id="tbx-v3-unknown-status"),
    pytest.param("g.tbx", b'<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tbx>&x;</tbx>\n', 1,
                 "TBX document declares entities", id="tbx-v3-entity"),
    pytest.param("g.csv", b"Kyiv,Kyiv\nKharkov,Kharkiv,Kharkov\n", 2, "expected 2 columns (source,target), found 3",
                 id="csv-wrong-columns"),
    pytest.param("g.csv", b'"context","source","target"\n"kyiv","Kyiv"\n', 2,
                 "expected 3 columns (context,source,target), found 2; quote cells", id="toolkit-csv-wrong-columns"),
    pytest.param("g.csv", b'"source","target"\n"Kyiv","Kh\xe2rkiv"\n', 2, "not valid UTF-8 at line 2, column 11",
                 id="toolkit-csv-not-utf8"),
    pytest.param("glossary.txt", b"# OmegaT\nKyiv\tKyiv\nKharkov\n", 3,
                 "expected 2 or 3 tab-separated columns (source, target, comment), found 1; write one term pair",
                 id="tsv-wrong-columns"),
    pytest.param("glossary.tsv", b"Kyiv\tKyiv\nKharkov\tKh\xe2rkiv\n", 2, "not valid UTF-8 at line 2, column 11; save",
                 id="tsv-not-utf8"),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BAD_IMPORTS)
def test_a_bad_import_is_one_line_and_writes_nothing(workspace: Path, tmp_path: Path, name: str, content: bytes,
                                                     line: int, message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = invoke(workspace, "glossary", "import", str(bad), "--to", "es")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}:{line}: "), lines
    assert message in lines[0]
    assert sorted(path.name for path in (workspace / "glossary").iterdir()) == ["places.yaml"]
