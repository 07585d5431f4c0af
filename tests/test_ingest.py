"""translate.ingest: the registry by extension and the errors every reader shares."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest
from ingest_helpers import BAD, GOOD, build_sample_docx

from translate.errors import IngestError
from translate.ingest import MODULES, READERS, SUPPORTED_EXTENSIONS, docx, html, markdown, read_article, text

# File in tests/data/bad -> a phrase its error must contain (besides the file's name).
EXPECTED = {
    "alias-bomb.md": ":6: front matter refused: YAML aliases expand this document beyond 10,019 values",
    "alias-characters.md": ":3: front matter refused: YAML aliases expand this document beyond 101,999 characters",
    "alias-loop.md": ":3: front matter refused: a YAML alias refers to the value that contains it",
    "bad-lang.md": ":3: front matter `lang:` 'klingonese' is not a language code",
    "bad-date-string.md": ":4: date 'next Tuesday' is not a date; write the date as YYYY-MM-DD",
    "bad-date.md": ":3: front matter: the value '2024-13-45' cannot be read as timestamp ('month must be in 1..12')",
    "bad-yaml-timestamp.md": ":4: front matter: the value '99999-01-01' cannot be read as timestamp; write the date",
    "bad-yaml-bool.md": ":3: front matter: the value 'maybe' cannot be read as bool; write it as plain text, or quote",
    "bad-yaml-long-number.md": ":3: front matter: the value '9999999999",
    "bad-slug-spaces.md": ":3: slug 'Armenia CSTO' is not a valid slug",
    "bad-slug.md": ":3: slug '../../etc/passwd' is not a valid slug",
    "bad-utf8.html": ":1: not valid UTF-8 at line 1, column 20; save it as UTF-8",
    "bad-utf8.md": ":3: not valid UTF-8 at line 3, column 7; save it as UTF-8",
    "bad-utf8.txt": ":3: not valid UTF-8 at line 3, column 15; save it as UTF-8",
    "bad-yaml.md": ":5: invalid YAML in front matter",
    "deep-list.md": ":5: quotes and lists nested 20 deep here: at most 39 quotes or 19 lists",
    "deep-quotes.md": ":5: quotes and lists nested 40 deep here: at most 39 quotes or 19 lists",
    "deep-yaml.md": ":2: invalid YAML in front matter: while increasing flow level (line 2): exceeded",
    "empty.html": "article is empty",
    "empty.md": "article is empty",
    "empty.txt": "article is empty",
    "front-matter-list.md": ":2: front matter must be a mapping of keys, got list",
    "front-matter-only.md": "article is empty",
    "front-matter-scalar.md": ":2: front matter must be a mapping of keys, got str",
    "front-matter-unclosed.md": ":1: front matter is not closed",
    "no-extension": "unsupported file type '(no extension)'",
    "no-title.html": "article has no title; give the page an <h1> or a <title>",
    "no-title.md": (
        "article has no title; add `title:` to the front matter or start with a `# Heading`"
    ),
    "not-a-zip.docx": "not a zip archive (is it really a .docx?)",
    "only-boilerplate.txt": "article is empty",
    "only-images.md": "article is empty",
    "only-title.md": "article is empty",
    "only-title.txt": "article is empty",
    "title-not-text.md": ":2: front matter `title:` must be text",
    "unsupported.odt": "unsupported file type '.odt'; supported extensions: .md, .markdown",
}


def test_registry_maps_each_extension_to_its_reader() -> None:
    assert READERS == {
        ".md": markdown,
        ".markdown": markdown,
        ".txt": text,
        ".html": html,
        ".htm": html,
        ".docx": docx,
    }
    assert SUPPORTED_EXTENSIONS == tuple(READERS)


def test_each_reader_module_declares_extensions_no_other_takes() -> None:
    modules = [importlib.import_module(f"translate.ingest.{name}") for name in MODULES]
    claimed = [extension for module in modules for extension in module.EXTENSIONS]
    assert len(claimed) == len(set(claimed)) and set(claimed) == set(READERS)
    assert all(extension == extension.lower() and extension.startswith(".") for extension in claimed)


@pytest.mark.parametrize(
    "path", [pytest.param(path, id=path.name) for path in sorted(BAD.glob("*"))]
)
def test_bad_input_raises_a_helpful_ingest_error(path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert EXPECTED[path.name] in message
    assert len(message) < len(str(path)) + 400  # one short line, whatever the source holds


def test_every_expected_message_has_its_bad_file() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in BAD.glob("*"))


def test_missing_file() -> None:
    path = GOOD / "no-such-article.md"
    with pytest.raises(IngestError, match="no such file; check the path") as caught:
        read_article(path)
    assert caught.value.path == path


def test_folder_is_not_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "articles.md"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a folder") as caught:
        read_article(folder)
    assert str(folder) in str(caught.value)


def test_extension_is_matched_without_regard_to_case(tmp_path: Path) -> None:
    path = tmp_path / "KYIV-GRAIN.MD"
    shutil.copy(GOOD / "kyiv-grain-corridor.md", path)
    article = read_article(path)
    assert article.meta.title == "Kyiv reopens the Black Sea grain corridor"
    assert article.meta.slug == "kyiv-grain"


@pytest.mark.parametrize(
    "keep",
    [pytest.param(0.5, id="half"), pytest.param(0.9, id="most"), pytest.param(0.1, id="head")],
)
def test_truncated_docx_is_damaged(tmp_path: Path, keep: float) -> None:
    whole = build_sample_docx(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "georgia-election.docx"
    path.write_bytes(whole[: int(len(whole) * keep)])
    with pytest.raises(IngestError, match="damaged or truncated") as caught:
        read_article(path)
    assert str(caught.value).startswith(str(path))


@pytest.mark.parametrize(
    ("name", "data", "line", "column"),
    [
        pytest.param("a.md", b"# T\n\nab\xc3(", 3, 3, id="bad-continuation-md"),
        pytest.param("a.txt", "T\n\nКиїв ".encode() + b"\x80", 3, 6, id="after-cyrillic"),
        pytest.param("a.html", b"<p>\xff</p>", 1, 4, id="first-line-html"),
        pytest.param("a.md", b"# T\n\nKyiv \xe2\x80", 3, 6, id="cut-multibyte-at-end"),
    ],
)
def test_utf8_error_names_line_and_column(
    tmp_path: Path, name: str, data: bytes, line: int, column: int
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_article(path)
    assert caught.value.line == line
    assert f"not valid UTF-8 at line {line}, column {column}" in str(caught.value)
    assert caught.value.hint == "save it as UTF-8"


@pytest.mark.parametrize(
    "name", [pytest.param("bom.md", id="md"), pytest.param("bom.txt", id="txt"),
             pytest.param("bom.html", id="html")]  # fmt: skip
)
def test_utf8_bom_is_stripped(tmp_path: Path, name: str) -> None:
    body = "<h1>Yerevan</h1><p>Talks resumed.</p>" if name.endswith("html") else "Yerevan\n\nTalks."
    if name.endswith("md"):
        body = "# " + body
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    assert read_article(path).meta.title == "Yerevan"
