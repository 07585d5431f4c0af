"""Hostile sources, every reader: alias bombs, messages that stay short, deep nesting, control characters.

Each source here is built to cost (or to break a walker); each must come out as an article with its
text, or as one short IngestError. What they cost is measured by bench/ingest_hostile.py, not here.
"""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml.ns import qn

from translate.errors import IngestError
from translate.ingest import read_article
from translate.ingest.base import MAX_LEVEL
from translate.model import Article, BlockKind
from translate.segment import segment_article

SHORT = 400  # characters: a message is one line, whatever the source holds


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def html_page(body: str) -> str:
    return f"<!DOCTYPE html><html><body><article><h1>Talks in Minsk</h1>{body}</article></body></html>"


def texts(article: Article) -> list[str]:
    return [block.text for block in article.blocks[1:]]


def findings(article: Article, check: str) -> list[str]:
    return [found.message for found in article.findings if found.check == check]


def nested_aliases(levels: int) -> str:
    """Front matter lines whose last anchor expands to 9**levels strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh"[: levels - 1], "bcdefghi"[: levels - 1], strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines)


# Messages quoting the source: bounded, whatever it holds ------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "phrase"),
    [
        # 9**3 strings: within the alias allowance, but a repr of the title would be 5 KB.
        pytest.param(nested_aliases(3) + "\ntitle: *c", 5, "`title:` must be text", id="aliased-title"),
        pytest.param("title: T\nslug: " + "x" * 100_000 + "!", 3, "is not a valid slug", id="long-slug"),
        pytest.param("title: T\ndate: " + "y" * 100_000, 3, "is not a date", id="long-date"),
        pytest.param("title: T\nlang: " + "q" * 100_000, 3, "is not a language code", id="long-lang"),
        pytest.param("title: T\nauthor: " + "[" * 900 + "]" * 900, 3, "`author:` must be text",
                     id="deep-author"),
        pytest.param("title: T\nauthor: " + "{a: " * 2000 + "1" + "}" * 2000, 3, "invalid YAML",
                     id="too-deep-for-libyaml"),
    ],
)  # fmt: skip
def test_front_matter_messages_stay_short(tmp_path: Path, front: str, line: int, phrase: str) -> None:
    path = write(tmp_path, "minsk.md", f"---\n{front}\n---\n\nText.\n")
    with pytest.raises(IngestError) as caught:
        read_article(path)
    assert phrase in str(caught.value)
    assert caught.value.line == line
    assert len(str(caught.value)) < len(str(path)) + SHORT


@pytest.mark.parametrize(
    ("name", "source", "check"),
    [
        pytest.param("a.md", "# T\n\nText ![map](" + "m" * 100_000 + ".png).\n", "ingest-image", id="md-image"),
        pytest.param("a.md", "# T\n\nText <span title='" + "s" * 100_000 + "'>.\n", "ingest-html",
                     id="md-inline-html"),
        pytest.param("a.html", html_page("<p>Text.</p><img src='" + "i" * 100_000 + "'>"), "ingest-image",
                     id="html-image"),
        pytest.param("a.html", '<meta property="article:published_time" content="' + "d" * 100_000
                     + '">' + html_page("<p>Text.</p>"), "ingest-date", id="html-date"),
        pytest.param("a.md", "# T\n\n[x](ftp://" + "j" * 100_000 + ")\n", "ingest-link", id="md-link"),
    ],
)  # fmt: skip
def test_findings_quoting_the_source_stay_short(
    tmp_path: Path, name: str, source: str, check: str
) -> None:
    (message,) = findings(read_article(write(tmp_path, name, source)), check)
    assert len(message) < SHORT


# Nesting: the text is kept (levels capped), or refused naming the depth -----------------------------


@pytest.mark.parametrize(
    ("name", "source", "count"),
    [
        pytest.param("divs.html", html_page("<div>" * 3000 + "<p>Deep text.</p>" + "</div>" * 3000), 1,
                     id="html-3000-divs"),
        pytest.param("spans.html", html_page("<p>" + "<span><b>" * 3000 + "Deep text." + "</b></span>" * 3000
                     + "</p>"), 1, id="html-6000-inline"),
        pytest.param("quotes.html", html_page("".join(f"<blockquote><p>Quote {n}.</p>" for n in range(5000))),
                     5000, id="html-5000-quotes"),
        pytest.param("list.html", html_page("".join(f"<ul><li>Item {n}." for n in range(3000))), 3000,
                     id="html-3000-list"),
        pytest.param("sections.html", html_page("<section>Stray " * 2000 + "text."), 2000,
                     id="html-2000-sections-stray-text"),
        pytest.param("quotes.md", "# T\n\n" + ">" * 30 + " Deep quote.\n", 1, id="md-30-quotes"),
        pytest.param("list.md", "# T\n\n" + "- " * 15 + "Deep item.\n", 1, id="md-15-lists"),
        pytest.param("list.txt", "Talks in Minsk\n\n" + "".join(" " * n + f"- Item {n}.\n" for n in range(200)),
                     200, id="txt-200-indents"),
    ],
)  # fmt: skip
def test_deep_nesting_keeps_every_text(tmp_path: Path, name: str, source: str, count: int) -> None:
    article = read_article(write(tmp_path, name, source))
    kept = texts(article)
    assert len(kept) == count
    assert all(kept) and ("Deep" in kept[-1] or kept[-1].endswith(f"{count - 1}.") or count > 1)
    assert all(block.level <= MAX_LEVEL for block in article.blocks)


@pytest.mark.parametrize(
    ("name", "source", "deepest"),
    [
        pytest.param("quotes.html", html_page("".join(f"<blockquote><p>Q{n}.</p>" for n in range(50))), 50,
                     id="html-quotes"),
        pytest.param("list.html", html_page("".join(f"<ol><li>I{n}." for n in range(40))), 40, id="html-list"),
        pytest.param("quotes.md", "# T\n\n" + ">" * 30 + " Deep quote.\n", 30, id="md-quotes"),
        pytest.param("list.txt", "T\n\n" + "".join(" " * n + f"- I{n}.\n" for n in range(20)), 20, id="txt-list"),
    ],
)  # fmt: skip
def test_levels_beyond_the_cap_are_reported(tmp_path: Path, name: str, source: str, deepest: int) -> None:
    article = read_article(write(tmp_path, name, source))
    assert max(block.level for block in article.blocks) == MAX_LEVEL
    (message,) = findings(article, "ingest-nesting")
    assert f"nested deeper than {MAX_LEVEL} levels (down to level {deepest})" in message


def test_markdown_too_deep_to_read_names_the_depth_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "quotes.md", "# T\n\nText.\n\n" + "> " * 45 + "Lost?\n")
    with pytest.raises(IngestError, match="quotes and lists nested 40 deep here") as caught:
        read_article(path)
    assert caught.value.line == 5


def test_docx_list_level_beyond_the_cap(tmp_path: Path) -> None:
    document = python_docx.Document()
    document.add_paragraph("Talks in Minsk", style="Title")
    item = document.add_paragraph("Deep item.", style="List Bullet")
    num_pr = item._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 3000
    num_pr.get_or_add_numId().val = 1
    path = tmp_path / "deep.docx"
    document.save(str(path))
    (block,) = read_article(path).blocks[1:]
    assert (block.kind, block.level, block.text) == (BlockKind.LIST_ITEM, MAX_LEVEL, "Deep item.")


def test_docx_with_10000_unused_styles_reads_like_without(tmp_path: Path) -> None:
    def build(name: str, unused: int) -> Path:
        document = python_docx.Document()
        document.add_paragraph("Talks in Minsk", style="Title")
        document.add_heading("Border", level=2)
        document.add_paragraph("Quoted.", style="Quote")
        document.add_paragraph("Talks resumed.").add_run(" Strongly.", style="Strong")
        styles = document.styles.element
        for n in range(unused):
            style = styles.makeelement(qn("w:style"), {qn("w:type"): "paragraph", qn("w:styleId"): f"U{n}"})
            style.append(styles.makeelement(qn("w:name"), {qn("w:val"): f"Unused {n}"}))
            styles.append(style)
        document.save(str(tmp_path / name))
        return tmp_path / name

    hostile, plain = read_article(build("hostile.docx", 10_000)), read_article(build("plain.docx", 0))
    assert hostile.blocks == plain.blocks
    assert [b.kind for b in hostile.blocks] == [
        BlockKind.TITLE, BlockKind.HEADING, BlockKind.QUOTE, BlockKind.PARAGRAPH,
    ]  # fmt: skip


# Control characters: gone from the text, with a finding saying how many and where ---------------------

CONTROLLED = "Before\x00after \x1b[31mred\x1b[0m\x7f and\x0cnext\x85line."
CLEAN = "Beforeafter [31mred[0m and next line."


@pytest.mark.parametrize(
    ("name", "source", "where"),
    [
        pytest.param("a.txt", f"Talks in Minsk\n\n{CONTROLLED}\n", "line 3:", id="txt"),
        pytest.param("a.md", f"---\ntitle: Talks in Minsk\n---\n\n{CONTROLLED}\n", "line 5:", id="md"),
        pytest.param("a.html", html_page(f"\n<p>{CONTROLLED}</p>"), "line 2:", id="html"),
    ],
)
def test_control_characters_are_removed_with_a_finding(
    tmp_path: Path, name: str, source: str, where: str
) -> None:
    article = read_article(write(tmp_path, name, source))
    assert texts(article) == [CLEAN]
    (message,) = findings(article, "ingest-control-character")
    assert message.startswith(f"{where} removed 6 control character(s) (DEL, ESC, FF, NEL, NUL)")
    for segment in segment_article(article):
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in segment.text)


def test_control_characters_in_front_matter_and_title(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: \"Talks\\e in Minsk\"\nauthor: \"A\\0B\"\n---\n\nText.\n")
    article = read_article(path)
    assert (article.meta.title, article.meta.author) == ("Talks in Minsk", "AB")
    assert len(findings(article, "ingest-control-character")) == 1


def test_html_character_references_to_controls_are_removed(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "a.html", html_page("<p>Red&#27;[31m text&#x7f;.</p>")))
    assert texts(article) == ["Red[31m text."]
    (message,) = findings(article, "ingest-control-character")
    assert "removed 2 control character(s) (DEL, ESC)" in message and "'Red[31m text.'" in message


def test_docx_controls_are_removed(tmp_path: Path) -> None:
    document = python_docx.Document()
    document.add_paragraph("Talks in Minsk", style="Title")
    document.add_paragraph("Shell\x9b31m text\x7f.")  # C1 and DEL: legal XML, so a DOCX can hold them
    document.core_properties.author = "Ana\x9b Pérez"
    path = tmp_path / "a.docx"
    document.save(str(path))
    article = read_article(path)
    assert texts(article) == ["Shell31m text."]
    assert article.meta.author == "Ana Pérez"
    (message,) = findings(article, "ingest-control-character")
    assert "removed 3 control character(s) (DEL, U+009B)" in message


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("Talks in Minsk\r\n\r\nText\tthat\r\nwraps.\r\n", id="crlf-and-tab"),
        pytest.param("Talks in Minsk\r\rText that\rwraps.\r", id="lone-cr"),
    ],
)
def test_tab_and_line_ends_are_not_controls(tmp_path: Path, source: str) -> None:
    article = read_article(write(tmp_path, "a.txt", source))
    assert texts(article) == ["Text that wraps."]
    assert findings(article, "ingest-control-character") == []


# Links the renderers will not publish: a finding at ingest --------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "where"),
    [
        # Markdown unescapes \\\\ to \\ and percent-encodes it: %5C%5Chost%5Cshare
        pytest.param("a.md", "# T\n\nSee [the share](" + "\\" * 4 + "host" + "\\" * 2 + "share).\n", "line 3: ",
                     id="md-unc"),
        pytest.param("a.md", "# T\n\nSee [the share](//host/share).\n", "line 3: ", id="md-double-slash"),
        pytest.param("a.html", html_page('\n<p>See <a href="//host/share">the share</a>.</p>'), "line 2: ",
                     id="html-double-slash"),
        pytest.param("a.html", html_page('<p>See <a href="file://host/x">the share</a>.</p>'), "line 1: ",
                     id="html-file"),
    ],
)  # fmt: skip
def test_unpublishable_links_are_reported(tmp_path: Path, name: str, source: str, where: str) -> None:
    article = read_article(write(tmp_path, name, source))
    assert texts(article) == ["See the share."]
    (message,) = findings(article, "ingest-link")
    assert message.startswith(f"{where}the link to ")
    assert "will be published as plain text" in message


def test_docx_unc_link_is_reported(tmp_path: Path) -> None:
    from ingest_helpers import add_hyperlink

    document = python_docx.Document()
    document.add_paragraph("Talks in Minsk", style="Title")
    paragraph = document.add_paragraph("See ")
    add_hyperlink(paragraph, "the share", url="\\\\host\\share\\x")
    path = tmp_path / "a.docx"
    document.save(str(path))
    article = read_article(path)
    assert texts(article) == ["See the share"]
    (message,) = findings(article, "ingest-link")
    assert message.startswith("paragraph 2: the link to ") and "Windows path" in message
