"""The command line: each bad input named in the issue gives one clear line, exit 1, nothing written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, requires_apertium
from translate.cli import cli
from translate.export.formats import draft_suffixes

GOOD = "---\ntitle: The CSTO in Yerevan\nslug: csto\n---\nThe summit ended. Nobody signed.\n"


def invoke(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
    return result.exit_code, result.stdout, result.stderr


def good_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("The CSTO in Yerevan", style="Title")
    document.add_paragraph("The summit ended. Nobody signed.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


BAD_SOURCES = [
    pytest.param("missing.md", None, "no such file", id="missing-file"),
    pytest.param("article.odt", b"PK\x03\x04", ".odt", id="unsupported-extension"),
    pytest.param("empty.md", "", "empty", id="empty-article"),
    pytest.param("latin1.txt", "Title\n\nThe caf\xe9 in Minsk.\n".encode("latin-1"), "not valid UTF-8 at line 3", id="not-utf8"),
    pytest.param("notzip.docx", b"This is plain text, not a Word file.", "not a zip", id="docx-not-zip"),
    pytest.param("truncated.docx", good_docx()[:2000], "damaged or truncated", id="docx-truncated"),
    pytest.param("badyaml.md", "---\ntitle: Kyiv\nauthor: Desk: Minsk\n---\nText.\n", "badyaml.md:3:", id="front-matter-yaml-line"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_SOURCES)
def test_bad_source(tmp_path: Path, name: str, content: str | bytes | None, expected: str) -> None:
    source = tmp_path / name
    if content is not None:
        write(source, content)
    good = write(tmp_path / "good.md", GOOD)
    workspace = tmp_path / "ws"
    code, out, err = invoke(workspace, "run", str(good), str(source), "--to", "es")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert name in lines[0] and expected in lines[0]
    assert not workspace.exists()


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        pytest.param("es,xx-nope", "unknown language code 'xx-nope'", id="unknown-language"),
        pytest.param("uk", "no engine offers en->uk", id="pair-not-offered"),
    ],
)
@requires_apertium
def test_bad_language(tmp_path: Path, targets: str, expected: str) -> None:
    good = write(tmp_path / "good.md", GOOD)
    code, _, err = invoke(tmp_path / "ws", "run", str(good), "--to", targets)
    assert code == 1 and expected in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "ws").exists()


def test_pair_not_offered_lists_pairs_and_packages(tmp_path: Path) -> None:
    good = write(tmp_path / "good.md", GOOD)
    code, _, err = invoke(tmp_path / "ws", "run", str(good), "--to", "ro", "--engine", "apertium")
    assert code == 1
    assert "available here:" in err and "apertium-es-ro" in err


def test_apertium_not_installed(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    write(workspace / "translate.toml", f'[engines.apertium]\nmodes_dir = "{tmp_path / "none"}"\n')
    good = write(tmp_path / "good.md", GOOD)
    code, _, err = invoke(workspace, "run", str(good), "--to", "es")
    assert code == 1 and f"modes folder '{tmp_path / 'none'}' ([engines.apertium] modes_dir) does not exist" in err
    assert not (workspace / ".translate").exists() and not (workspace / "outputs").exists()


def test_debug_shows_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path), "--debug", "run", str(tmp_path / "nope.md")])
    assert result.exit_code == 1 and result.exception is not None


@requires_apertium
def test_run_then_rerun(tmp_path: Path) -> None:
    good = write(tmp_path / "good.md", GOOD)
    workspace = tmp_path / "ws"
    code, out, _ = invoke(workspace, "run", str(good), "--to", "es,pt", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert [(r["lang"], r["route"], r["translated"]) for r in report["results"]] == [
        ("es", "apertium", 3), ("pt", "apertium via es", 3)
    ]
    assert report["results"][0]["outputs"] == [f"outputs/drafts/csto/es.{suffix}" for suffix in draft_suffixes()]
    code, out, _ = invoke(workspace, "run", str(good), "--to", "es,pt")
    assert code == 0
    assert f"0 draft file(s) written, {2 * len(draft_suffixes())} unchanged" in out
    assert "Drafts (unreviewed machine translation)" in out


NUMBERS = GOOD + "Prices rose 3.5 percent to 100,000 dollars.\n"


@requires_apertium
def test_run_counts_findings_per_check_and_language(tmp_path: Path) -> None:
    source = write(tmp_path / "good.md", NUMBERS)
    code, out, _ = invoke(tmp_path / "ws", "run", str(source), "--to", "es,fr", "--format", "json")
    assert code == 0
    report = json.loads(out)
    for lang, counts in report["findings_by_category"].items():
        checks = [f["check"] for r in report["results"] if r["lang"] == lang for f in r["findings"]]
        assert counts == {check: checks.count(check) for check in counts} and sum(counts.values()) == len(checks)
    assert report["fixed_automatically"] == {"es": 2, "fr": 2}  # 3.5 and 100,000 in each locale
    assert list(report["findings_by_category"]["es"])[-1] == "auto-fix"  # the registry's order: fixes last
    code, out, _ = invoke(tmp_path / "ws", "--quiet", "run", str(source), "--to", "es,fr")
    assert code == 0
    table = out[out.index("QA findings of the drafts"):]
    rows = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:-1]]
            for line in table.splitlines() if line.startswith("│")}
    header = next(line for line in table.splitlines() if line.startswith("┃"))
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == ["check", "es", "fr"]
    assert rows["fixed automatically (auto-fix)"] == ["2", "2"]
    for check, count in report["findings_by_category"]["es"].items():
        if check != "auto-fix":
            assert rows[check] == [str(count), str(report["findings_by_category"]["fr"].get(check, 0))]


@requires_apertium
def test_engines_lists_pairs(tmp_path: Path) -> None:
    code, out, _ = invoke(tmp_path, "engines", "--format", "json")
    assert code == 0
    pairs = {(p["src"], p["tgt"]): p for p in json.loads(out)["pairs"]}
    assert pairs[("en", "es")]["signature"].startswith("engine:apertium-eng-spa@")
    assert pairs[("en", "pt")]["via"] == "es"
    code, out, _ = invoke(tmp_path, "engines")
    assert code == 0 and "en → es" in out and "apt-get install" in out


@requires_apertium
def test_engines_names_a_models_folder_behind_a_link_loop(tmp_path: Path) -> None:
    """_relative resolved the models folder: RuntimeError: Symlink loop from '.../.translate/models'."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / ".translate").symlink_to(workspace / ".translate")
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "engines"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0 and "en → es" in result.stdout
    assert "argostranslate packages are read from .translate/models/." in result.stdout


def test_inspect_shows_segments_and_dropped_boilerplate(tmp_path: Path) -> None:
    code, out, _ = invoke(tmp_path, "inspect", str(EXAMPLES / "belarus-border.txt"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["meta"]["slug"] == "belarus-border"
    assert data["blocks"][0]["kind"] == "title"
    assert any("Similar Posts" in f["message"] for f in data["findings"])
    assert len({s["id"] for s in data["segments"]}) == len(data["segments"])
    code, out, _ = invoke(tmp_path, "inspect", str(EXAMPLES / "armenia-csto.md"))
    assert code == 0 and "segments" in out


def test_text_output_prints_brackets_as_written(tmp_path: Path) -> None:
    """Rich would read "[bold]" and "[engines.apertium.pivots]" as markup and drop them."""
    source = write(tmp_path / "brackets.md", "---\ntitle: The [bold]CSTO[/bold] summit\n---\n"
                                             "Set [engines.apertium.pivots] in the file. Nobody signed.\n")
    code, out, _ = invoke(tmp_path / "ws", "inspect", str(source))
    assert code == 0
    assert "The [bold]CSTO[/bold] summit" in out and "Set [engines.apertium.pivots] in the file." in out


def test_version_and_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    for command in ("run", "engines", "inspect"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


@requires_apertium
def test_a_slug_clash_is_one_line_and_replace_takes_it(tmp_path: Path) -> None:
    first = write(tmp_path / "first.md", GOOD)
    second = write(tmp_path / "second.md", GOOD.replace("Nobody signed.", "Everybody left."))
    workspace = tmp_path / "ws"
    assert invoke(workspace, "run", str(first), "--to", "es")[0] == 0
    code, out, err = invoke(workspace, "run", str(second), "--to", "es")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert f"{second}: the store's article 'csto' was read from another file, {first}, with other text" in err
    code, out, _ = invoke(workspace, "run", str(second), "--to", "es", "--replace", "--format", "json")
    assert code == 0 and json.loads(out)["articles"][0]["source"] == str(second)


@requires_apertium
def test_review_export_creates_missing_folders(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    assert invoke(workspace, "run", str(write(tmp_path / "good.md", GOOD)), "--to", "es")[0] == 0
    code, out, _ = invoke(workspace, "review", "export", "--lang", "es", "--out", str(tmp_path / "new" / "review"))
    assert code == 0 and (tmp_path / "new" / "review" / "review-all-es.xlf").is_file()


def test_a_writing_command_creates_no_workspace_for_its_lock(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path / "typo", "publish", "--release", "r")
    assert code == 1 and "nothing to publish" in err
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("module", ["translate.cli", "translate.cli.main", "translate.cli.options", "translate.cli.run",
                                    "translate.cli.publish", "translate.cli.engines", "translate.cli.glossary",
                                    "translate.cli.models", "translate.cli.review"])
def test_each_cli_module_imports_on_its_own(module: str) -> None:
    """No import cycle: each command module can be imported first, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
