"""`translate glossary …` and the glossary parts of `translate run`, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, requires_apertium
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


def test_repository_glossary_is_valid() -> None:
    code, out, err = invoke(ROOT, "glossary", "check")
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
