"""HTML export: page structure, escaping, link safety, locale, templates and their errors."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import html5lib
import pytest

import export_helpers
from export_helpers import block, link
from translate.errors import ExportError
from translate.export import safe_href
from translate.export.html import HtmlRenderer
from translate.model import Block, BlockKind, Mark, MarkKind, Run, TranslatedArticle

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)
CODE = Mark(MarkKind.CODE)


def make_article(*body: Block, draft: bool = True, **fields: Any) -> TranslatedArticle:
    """A draft unless said otherwise: the page most tests look at."""
    return export_helpers.make_article(*body, draft=draft, **fields)


def parse(text: str) -> ET.Element:
    """Parse as a browser would, failing on any HTML parse error."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False
    )
    return parser.parse(text)


def render(article: TranslatedArticle, **kwargs: object) -> ET.Element:
    return parse(HtmlRenderer().render(article, **kwargs))  # type: ignore[arg-type]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def only(root: ET.Element, path: str) -> ET.Element:
    found = root.findall(path)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def paragraph(root: ET.Element) -> ET.Element:
    return only(root, ".//article/p")


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        pytest.param("es", "ltr", id="es"),
        pytest.param("ar", "rtl", id="ar"),
        pytest.param("he", "rtl", id="he"),
        pytest.param("fa", "rtl", id="fa"),
        pytest.param("pt-BR", "ltr", id="pt-BR"),
        pytest.param("zz", "ltr", id="unknown"),
    ],
)
def test_lang_and_dir(lang: str, direction: str) -> None:
    root = render(make_article(lang=lang))
    assert root.get("lang") == lang
    assert root.get("dir") == direction


def test_head_basics() -> None:
    root = render(make_article())
    assert only(root, ".//head/meta[@charset]").get("charset").lower() == "utf-8"
    assert "width=device-width" in only(root, ".//head/meta[@name='viewport']").get("content")
    assert "Título de prueba" in text_of(only(root, ".//head/title"))


def test_draft_is_marked() -> None:
    root = render(make_article(draft=True))
    notice = only(root, ".//*[@class='draft-notice']")
    assert notice.get("role") == "note"
    words = " ".join(text_of(notice).split()).lower()
    assert "borrador de traducción automática sin revisar" in words  # the page is Spanish: so is its notice
    assert "posedición" in words
    assert "no debe publicarse" in words
    assert (notice.get("lang"), notice.get("dir")) == ("es", "ltr")
    body = only(root, "body")
    assert next(iter(body)) is notice, "the notice comes first on the page"
    assert only(root, ".//head/meta[@name='robots']").get("content") == "noindex"


@pytest.mark.parametrize(("lang", "words", "marked"), [
    pytest.param("es", "Borrador de traducción automática sin revisar", ("es", "ltr"), id="es"),
    pytest.param("es-MX", "Borrador de traducción automática sin revisar", ("es", "ltr"), id="es-MX-finds-es"),
    pytest.param("fr", "Brouillon de traduction automatique non relu", ("fr", "ltr"), id="fr"),
    pytest.param("ar", "مسودة ترجمة آلية غير مراجعة", ("ar", "rtl"), id="ar-right-to-left"),
    pytest.param("de", "Unreviewed machine translation draft", ("en", "ltr"), id="de-no-catalog-english"),
    pytest.param("zz", "Unreviewed machine translation draft", ("en", "ltr"), id="unknown-english"),
])
def test_draft_notice_in_the_page_language(lang: str, words: str, marked: tuple[str, str]) -> None:
    """Translated, the notice takes the page's language and direction; in English, it says so."""
    root = render(make_article(lang=lang))
    notice = only(root, ".//*[@class='draft-notice']")
    assert text_of(only(notice, "strong")) == words
    assert (notice.get("lang"), notice.get("dir")) == marked


@pytest.mark.parametrize(("lang", "label", "prefix"), [
    pytest.param("es", "Idiomas", "[Borrador TA] ", id="es"),
    pytest.param("it", "Lingue", "[Bozza TA] ", id="it"),
    pytest.param("ar", "اللغات", "[مسودة ترجمة آلية] ", id="ar"),
    pytest.param("de", "Languages", "[MT draft] ", id="de-english"),
])
def test_switcher_label_and_title_prefix_in_the_page_language(lang: str, label: str, prefix: str) -> None:
    root = render(make_article(lang=lang), extra={"alternates": RELEASE_ALTERNATES})
    assert only(root, ".//nav").get("aria-label") == label
    assert text_of(only(root, ".//head/title")) == prefix + "Título de prueba"


def test_a_workspace_template_translates_with_the_page_language(tmp_path: Path) -> None:
    (tmp_path / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="t">{{ _("Glossary") }} | '
        '{% trans name=title %}Release {{ name }}{% endtrans %} | {{ _("not in any catalog") }}</p>{% endblock %}',
        encoding="utf-8")
    renderer = HtmlRenderer(template_dirs=[tmp_path])
    page = renderer.render(make_article(lang="pt", title="A & <B>"))
    assert "Publicação A &amp; &lt;B&gt; |" in page  # newstyle gettext: placeholders escaped as any value
    assert text_of(only(parse(page), ".//p[@id='t']")) == "Glossário | Publicação A & <B> | not in any catalog"


def test_release_is_not_marked() -> None:
    root = render(make_article(draft=False))
    assert root.findall(".//*[@class='draft-notice']") == []
    assert root.findall(".//meta[@name='robots']") == []


def test_title_is_the_only_h1() -> None:
    root = render(make_article(block(BlockKind.HEADING, "Uno", level=1)))
    assert text_of(only(root, ".//h1")) == "Título de prueba"


@pytest.mark.parametrize(
    ("level", "tag"),
    [
        pytest.param(1, "h2", id="level-1"),
        pytest.param(2, "h2", id="level-2"),
        pytest.param(3, "h3", id="level-3"),
        pytest.param(6, "h6", id="level-6"),
        pytest.param(9, "h6", id="level-9-capped"),
    ],
)
def test_heading_levels(level: int, tag: str) -> None:
    root = render(make_article(block(BlockKind.HEADING, "Sección", level=level)))
    assert text_of(only(root, f".//article/{tag}")) == "Sección"


def test_paragraphs_and_quotes() -> None:
    root = render(
        make_article(
            block(BlockKind.PARAGRAPH, "Primero."),
            block(BlockKind.QUOTE, "Cita uno.", level=1),
            block(BlockKind.QUOTE, "Cita dos.", level=1),
            block(BlockKind.PARAGRAPH, "Entre."),
            block(BlockKind.QUOTE, "Cita tres.", level=1),
        )
    )
    article = only(root, ".//article")
    assert [child.tag for child in article] == ["header", "p", "blockquote", "p", "blockquote"]
    quotes = article.findall("blockquote")
    assert [text_of(p) for p in quotes[0].findall("p")] == ["Cita uno.", "Cita dos."]
    assert [text_of(p) for p in quotes[1].findall("p")] == ["Cita tres."]


def test_nested_lists() -> None:
    root = render(
        make_article(
            block(BlockKind.LIST_ITEM, "a", level=1),
            block(BlockKind.LIST_ITEM, "a.1", level=2, ordered=True),
            block(BlockKind.LIST_ITEM, "a.2", level=2, ordered=True),
            block(BlockKind.LIST_ITEM, "a.2.i", level=3),
            block(BlockKind.LIST_ITEM, "b", level=1),
            block(BlockKind.PARAGRAPH, "fin"),
            block(BlockKind.LIST_ITEM, "uno", level=1, ordered=True),
            block(BlockKind.LIST_ITEM, "dos", level=1, ordered=True),
        )
    )
    article = only(root, ".//article")
    assert [child.tag for child in article] == ["header", "ul", "p", "ol"]
    bullets, numbered = article.find("ul"), article.find("ol")
    assert [text_of(li) for li in numbered.findall("li")] == ["uno", "dos"]
    first, second = bullets.findall("li")
    assert first.text == "a" and text_of(second) == "b"
    inner = only(first, "ol")
    items = inner.findall("li")
    assert [li.text for li in items] == ["a.1", "a.2"]
    assert [text_of(li) for li in only(items[1], "ul").findall("li")] == ["a.2.i"]


def test_list_kind_change_starts_new_list() -> None:
    root = render(
        make_article(
            block(BlockKind.LIST_ITEM, "punto", level=1),
            block(BlockKind.LIST_ITEM, "número", level=1, ordered=True),
        )
    )
    assert [child.tag for child in only(root, ".//article")] == ["header", "ul", "ol"]


def test_inline_marks() -> None:
    root = render(
        make_article(
            block(
                BlockKind.PARAGRAPH,
                Run("Texto "),
                Run("enfático", frozenset({EM})),
                Run(", "),
                Run("fuerte", frozenset({STRONG})),
                Run(", "),
                Run("x = 1", frozenset({CODE})),
                Run(" y "),
                Run("un ", frozenset({link("https://example.org/a?b=1&c=2")})),
                Run("enlace", frozenset({link("https://example.org/a?b=1&c=2"), STRONG})),
                Run("."),
            )
        )
    )
    p = paragraph(root)
    assert text_of(only(p, "em")) == "enfático"
    assert text_of(only(p, "code")) == "x = 1"
    anchor = only(p, "a")
    assert anchor.get("href") == "https://example.org/a?b=1&c=2"
    assert text_of(anchor) == "un enlace"
    assert [text_of(s) for s in p.iter("strong")] == ["fuerte", "enlace"]
    assert text_of(p) == "Texto enfático, fuerte, x = 1 y un enlace."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<script>alert(1)</script>", id="script"),
        pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
        pytest.param('"><svg onload=alert(1)>', id="attribute-breakout"),
    ],
)
def test_text_is_escaped(text: str) -> None:
    root = render(
        make_article(block(BlockKind.PARAGRAPH, text), title=text, author=text),
    )
    for tag in ("script", "img", "svg"):
        assert list(root.iter(tag)) == []
    assert text_of(paragraph(root)) == text
    assert text_of(only(root, ".//h1")) == text
    assert text in text_of(only(root, ".//head/title"))


UNSAFE_HREFS = [
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("JaVaScRiPt:alert(1)", id="javascript-mixed-case"),
    pytest.param(" javascript:alert(1)", id="javascript-leading-space"),
    pytest.param("\tjavascript:alert(1)", id="javascript-leading-tab"),
    pytest.param("java\tscript:alert(1)", id="javascript-inner-tab"),
    pytest.param("java\nscript:alert(1)", id="javascript-inner-newline"),
    pytest.param("java\rscript:alert(1)", id="javascript-inner-cr"),
    pytest.param("\x01javascript:alert(1)", id="javascript-leading-control"),
    pytest.param("javascript\x00:alert(1)", id="javascript-inner-nul"),
    pytest.param("vbscript:msgbox(1)", id="vbscript"),
    pytest.param("VBScript:msgbox(1)", id="vbscript-case"),
    pytest.param("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", id="data"),
    pytest.param(" DATA:text/html,<script>alert(1)</script>", id="data-case-space"),
    pytest.param("file:///etc/passwd", id="file"),
    # Scheme-relative: file://host/share for a page opened from disk, a UNC path in Word (issue 10).
    pytest.param("//example.org/x", id="scheme-relative"),
    pytest.param("\u00a0javascript:alert(1)", id="nbsp-javascript"),
    pytest.param("", id="empty"),
]

SAFE_HREFS = [
    pytest.param("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2", id="https"),
    pytest.param("HTTP://example.org", "HTTP://example.org", id="http-upper"),
    pytest.param("mailto:desk@example.org", "mailto:desk@example.org", id="mailto"),
    pytest.param(" https://example.org ", "https://example.org", id="trimmed"),
    pytest.param("/noticias/2022/", "/noticias/2022/", id="absolute-path"),
    pytest.param("../otra.html", "../otra.html", id="relative"),
    pytest.param("#seccion", "#seccion", id="fragment"),
    pytest.param("?q=1:2", "?q=1:2", id="query-with-colon"),
]


@pytest.mark.parametrize("href", UNSAFE_HREFS)
def test_safe_href_refuses(href: str) -> None:
    assert safe_href(href) is None


@pytest.mark.parametrize(("href", "expected"), SAFE_HREFS)
def test_safe_href_keeps(href: str, expected: str) -> None:
    assert safe_href(href) == expected


@pytest.mark.parametrize("href", UNSAFE_HREFS)
def test_unsafe_link_keeps_text_only(href: str) -> None:
    root = render(
        make_article(block(BlockKind.PARAGRAPH, "Pulse ", Run("aquí", frozenset({link(href)}))))
    )
    p = paragraph(root)
    assert p.findall(".//a") == []
    assert text_of(p) == "Pulse aquí"


@pytest.mark.parametrize(("href", "expected"), SAFE_HREFS)
def test_safe_link_is_kept(href: str, expected: str) -> None:
    root = render(make_article(block(BlockKind.PARAGRAPH, Run("aquí", frozenset({link(href)})))))
    assert only(paragraph(root), "a").get("href") == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        pytest.param("es", "24 de noviembre de 2022", id="es"),
        pytest.param("uk", "24 листопада 2022\u202fр.", id="uk"),  # CLDR: narrow no-break space
        pytest.param("en", "November 24, 2022", id="en"),
        pytest.param("zz", "November 24, 2022", id="unknown-falls-back-to-en"),
    ],
)
def test_localized_date(lang: str, expected: str) -> None:
    time = only(render(make_article(lang=lang)), ".//time")
    assert time.get("datetime") == "2022-11-24"
    assert text_of(time) == expected


def test_byline() -> None:
    root = render(make_article())
    assert "Ana Pérez" in text_of(only(root, ".//*[@class='byline']"))
    bare = render(make_article(when=None, author=None))
    assert bare.findall(".//time") == []
    assert bare.findall(".//*[@class='byline']") == []


def test_no_external_resources() -> None:
    text = HtmlRenderer().render(make_article(block(BlockKind.PARAGRAPH, "Hola")))
    root = parse(text)
    assert list(root.iter("script")) == []
    assert list(root.iter("img")) == []
    assert [el for el in root.iter("link") if el.get("rel") == "stylesheet"] == []
    style = "".join(text_of(el) for el in root.iter("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


def test_deterministic() -> None:
    article = make_article(
        block(BlockKind.PARAGRAPH, Run("a", frozenset({EM, STRONG, CODE, link("https://x.org")}))),
        block(BlockKind.LIST_ITEM, "b", level=1),
    )
    first = HtmlRenderer().render(article)
    assert first == HtmlRenderer().render(article)


def test_alternates_from_extra() -> None:
    alternates = [
        {"lang": "en", "href": "en.html", "label": "English"},
        {"lang": "es", "href": "es.html", "label": "Español"},
    ]
    root = render(make_article(draft=False), extra={"alternates": alternates})
    links = [el for el in root.iter("link") if el.get("rel") == "alternate"]
    assert [(el.get("hreflang"), el.get("href")) for el in links] == [
        ("en", "en.html"),
        ("es", "es.html"),
    ]
    current = [el for el in only(root, ".//nav").iter() if el.get("aria-current") == "page"]
    assert [text_of(el) for el in current] == ["Español"]
    assert current[0].tag != "a"


CODES = ("en", "es", "ca", "gl", "pt", "fr", "it")
RELEASE_ALTERNATES = [
    *({"lang": lang, "href": f"../{lang}/a.html", "label": lang} for lang in CODES),
    {"lang": "x-default", "href": "../en/a.html", "label": "English"},
]
NAMES = ["English", "Español", "Català", "Galego", "Português", "Français", "Italiano"]


@pytest.mark.parametrize("lang", CODES)
def test_switcher_lists_each_language_once_in_itself_and_marks_the_current(lang: str) -> None:
    root = render(make_article(lang=lang, draft=False), extra={"alternates": RELEASE_ALTERNATES})
    items = only(root, ".//nav").findall(".//li")
    assert [text_of(item) for item in items] == NAMES
    current = [el for item in items for el in item if el.get("aria-current") == "page"]
    assert len(current) == 1 and current[0].tag == "span" and current[0].get("lang") == lang
    assert current[0].get("href") is None and not current[0].findall(".//a")
    links = [el for item in items for el in item if el.tag == "a"]
    assert [a.get("hreflang") for a in links] == [code for code in CODES if code != lang]
    assert all(a.get("lang") == a.get("hreflang") and a.get("aria-current") is None for a in links)


def test_x_default_is_a_head_link_only() -> None:
    root = render(make_article(draft=False), extra={"alternates": RELEASE_ALTERNATES})
    head = [(el.get("hreflang"), el.get("href")) for el in only(root, "head").iter("link")]
    assert ("x-default", "../en/a.html") in head
    nav = only(root, ".//nav")
    assert all(el.get("hreflang") != "x-default" for el in nav.iter())
    assert text_of(nav).count("English") == 1


def test_no_switcher_without_alternates() -> None:
    assert render(make_article()).findall(".//nav") == []


def test_extra_cannot_hide_the_draft_notice() -> None:
    with pytest.raises(ValueError, match="draft"):
        HtmlRenderer().render(make_article(), extra={"draft": False})


OVERRIDE = """{% extends "base.html" %}
{% block content %}<p id="custom">{{ title }} / {{ motto }}</p>{% endblock %}
"""


def test_workspace_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "article.html").write_text(OVERRIDE, encoding="utf-8")
    renderer = HtmlRenderer(template_dirs=[tmp_path])
    root = parse(renderer.render(make_article(), extra={"motto": "<b>hoy</b>"}))
    assert text_of(only(root, ".//p[@id='custom']")) == "Título de prueba / <b>hoy</b>"
    assert list(root.iter("b")) == []
    assert root.findall(".//*[@class='draft-notice']"), "the built-in base still marks drafts"


def test_first_template_dir_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "first"), (second, "second")):
        folder.mkdir()
        (folder / "page.html").write_text(f"<p>{name}</p>", encoding="utf-8")
    renderer = HtmlRenderer(template_dirs=[first, second])
    assert renderer.render(make_article(), template="page.html") == "<p>first</p>"


BROKEN = [
    pytest.param(
        "article.html",
        '{% extends "base.html" %}\n{% block content %}\n{% if title %}\n{% endblock %}\n',
        "article.html",
        4,
        "syntax",
        id="syntax-error",
    ),
    pytest.param(
        "article.html",
        '{% extends "base.html" %}\n{% block content %}\n<p>{{ title }}</p>\n'
        "<p>{{ no_such_name }}</p>\n{% endblock %}\n",
        "article.html",
        4,
        "no_such_name",
        id="undefined-variable",
    ),
    pytest.param(
        "base.html",
        "<html>\n<body>\n{{ article.no_such_field }}\n"
        "{% block content %}{% endblock %}\n</body>\n</html>\n",
        "base.html",
        3,
        "no_such_field",
        id="undefined-attribute-in-parent",
    ),
    pytest.param(
        "article.html",
        '\n{% extends "missing-base.html" %}\n',
        "article.html",
        2,
        "missing-base.html",
        id="missing-parent-template",
    ),
    pytest.param(
        "article.html",
        '{% extends "base.html" %}\n{% block content %}\n'
        '{% include "nope.html" %}\n{% endblock %}\n',
        "article.html",
        3,
        "nope.html",
        id="missing-included-template",
    ),
    pytest.param(
        "article.html",
        '{% extends "base.html" %}\n{% block content %}\n\n{{ title + 1 }}\n{% endblock %}\n',
        "article.html",
        4,
        "TypeError",
        id="runtime-error",
    ),
]


@pytest.mark.parametrize(("name", "source", "culprit", "line", "word"), BROKEN)
def test_broken_template(
    tmp_path: Path, name: str, source: str, culprit: str, line: int, word: str
) -> None:
    (tmp_path / name).write_text(source, encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        HtmlRenderer(template_dirs=[tmp_path]).render(make_article())
    error = caught.value
    assert error.path == tmp_path / culprit
    assert error.line == line
    assert word in str(error)
    assert str(error).startswith(f"{tmp_path / culprit}:{line}: ")


def test_missing_template() -> None:
    with pytest.raises(ExportError) as caught:
        HtmlRenderer().render(make_article(), template="no-such-page.html")
    assert caught.value.path == Path("no-such-page.html")
    assert "no-such-page.html" in str(caught.value)
    assert "built-in templates" in str(caught.value)


# ---- HtmlRenderer.check: every template a page needs, compiled before anything is rendered ----

BAD_TEMPLATES = Path(__file__).parent / "data" / "templates-bad"


def _folder_is_a_file(folder: Path) -> None:
    folder.write_text("not a folder")


def _folder_links_to_nothing(folder: Path) -> None:
    folder.symlink_to(folder.parent / "nowhere")


def _folder_is_a_link_loop(folder: Path) -> None:
    folder.symlink_to(folder)


def _entry(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        folder.mkdir()
        make(folder / "article.html")
    return build


BROKEN_FOLDERS = [
    pytest.param(_folder_is_a_file, "", "a file is where a folder should be", id="folder-is-a-file"),
    pytest.param(_folder_links_to_nothing, "", r"a symbolic link to .*nowhere, which does not exist",
                 id="folder-links-to-nothing"),
    pytest.param(_folder_is_a_link_loop, "", "cannot use the templates folder: a symbolic link loop",
                 id="folder-is-a-link-loop"),
    pytest.param(_entry(lambda p: p.symlink_to(p.parent / "gone.html")), "/article.html",
                 r"the template is a symbolic link to .*gone\.html, which does not exist", id="template-links-to-nothing"),
    pytest.param(_entry(lambda p: p.symlink_to(p)), "/article.html",
                 "cannot read the template: a symbolic link loop", id="template-is-a-link-loop"),
    pytest.param(_entry(Path.mkdir), "/article.html", "the template is a folder", id="template-is-a-folder"),
]


@pytest.mark.parametrize(("make", "where", "message"), BROKEN_FOLDERS)
def test_check_names_a_templates_folder_or_template_that_cannot_be_used(
    tmp_path: Path, make: Callable[[Path], None], where: str, message: str
) -> None:
    """jinja2 passes over all of these in silence (the built-ins would be rendered); Path.resolve raised on loops."""
    folder = tmp_path / "templates"
    make(folder)
    renderer = HtmlRenderer(template_dirs=[folder])
    with pytest.raises(ExportError) as caught:
        renderer.check(["article.html"])
    assert caught.value.path == Path(f"{folder}{where}")
    assert re.search(message, str(caught.value)), str(caught.value)


@pytest.mark.parametrize(("case", "page", "where", "line", "message"), [
    pytest.param("not-utf8", "article.html", "article.html", 2, "the template is not UTF-8 text", id="not-utf8"),
    pytest.param("syntax-in-base", "article.html", "base.html", 3, "template syntax error: unexpected '}'",
                 id="syntax-in-base"),
    pytest.param("extends-missing", "article.html", "article.html", 1, "template 'newsroom-base.html' not found",
                 id="extends-missing"),
    pytest.param("include-missing", "index.html", "index.html", 3, "template 'parts/masthead.html' not found",
                 id="include-missing"),
    pytest.param("unknown-filter", "index.html", "index.html", 2, "template syntax error: No filter named 'shout'",
                 id="unknown-filter"),
])
def test_check_names_a_broken_template_and_its_line(tmp_path: Path, case: str, page: str, where: str, line: int,
                                                     message: str) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(BAD_TEMPLATES / case, folder)
    with pytest.raises(ExportError) as caught:
        HtmlRenderer(template_dirs=[folder]).check([page])
    assert (caught.value.path, caught.value.line) == (folder / where, line)
    assert str(caught.value).startswith(f"{folder / where}:{line}: {message}")


@pytest.mark.parametrize("make", [
    pytest.param(lambda folder: None, id="no-templates-folder"),
    pytest.param(Path.mkdir, id="empty-templates-folder"),
    pytest.param(lambda folder: shutil.copytree(BAD_TEMPLATES / "unknown-filter", folder), id="broken-page-not-asked"),
    pytest.param(lambda folder: (folder.mkdir(), (folder / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}{% include "extra.html" ignore missing %}{% endblock %}')),
        id="optional-include-missing"),
])
def test_check_passes_templates_that_can_be_used(tmp_path: Path, make: Callable[[Path], None]) -> None:
    folder = tmp_path / "templates"
    make(folder)
    renderer = HtmlRenderer(template_dirs=[folder])
    renderer.check(["article.html"])
    parse(renderer.render(make_article()))


# ---- templates bounded, and the digest of exactly the templates a page uses ----

def _sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)  # costs no disk
    return path


@pytest.mark.parametrize(("name", "page"), [
    pytest.param("article.html", "article.html", id="the-page"),
    pytest.param("base.html", "article.html", id="the-template-it-extends"),
    pytest.param("parts/footer.html", "index.html", id="a-template-it-includes"),
])
def test_a_template_over_its_size_is_refused_unread(tmp_path: Path, name: str, page: str) -> None:
    """A 300 MB base.html made every run read, decode and parse it (minutes, a gigabyte of memory)."""
    folder = tmp_path / "templates"
    big = _sparse(folder / name, 300 * 1024 * 1024)
    if name == "parts/footer.html":
        (folder / "index.html").write_text('{% extends "base.html" %}{% block content %}{% include "parts/footer.html" %}'
                                           "{% endblock %}")
    message = (f"{big}: the template is 300 MB, more than the 1 MB allowed; a template may hold at most 1 MB: put "
               "what is large (images, scripts) in files of their own")
    with pytest.raises(ExportError) as checked:
        HtmlRenderer(template_dirs=[folder]).check([page])
    assert str(checked.value) == message
    with pytest.raises(ExportError) as rendered:  # loading is bounded too, checked or not
        HtmlRenderer(template_dirs=[folder]).render(make_article(), template=page)
    assert str(rendered.value) == message


def test_a_template_of_the_largest_size_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    page = '{% extends "base.html" %}{% block content %}<p>Ours</p>{% endblock %}'
    (folder).mkdir()
    (folder / "article.html").write_text(page + " " * (1024 * 1024 - len(page)))
    renderer = HtmlRenderer(template_dirs=[folder])
    renderer.check(["article.html"])
    assert "<p>Ours</p>" in renderer.render(make_article())


def _override(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


BUILTIN_BASE = Path(__file__).parents[1] / "translate" / "templates" / "base.html"


@pytest.mark.parametrize(("change", "same"), [
    pytest.param(lambda folder: _override(folder, "notes.txt", "for the desk"), True, id="an-unrelated-file"),
    pytest.param(lambda folder: _sparse(folder / "notes.bin", 3 * 1024**3), True, id="an-unrelated-3-GB-file"),
    pytest.param(lambda folder: _override(folder, "other.html", "{{ nothing }}"), True, id="an-unused-template"),
    pytest.param(lambda folder: _override(folder, "base.html", BUILTIN_BASE.read_text("utf-8")), True,
                 id="an-override-identical-to-the-built-in"),
    pytest.param(lambda folder: _override(folder, "base.html", BUILTIN_BASE.read_text("utf-8") + "<!-- ours -->\n"),
                 False, id="the-base-it-extends-overridden"),
    pytest.param(lambda folder: _override(folder, "article.html", '{% extends "base.html" %}'), False,
                 id="the-page-overridden"),
])
def test_check_digests_the_templates_a_page_uses(tmp_path: Path, change: Callable[[Path], None], same: bool) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    before = HtmlRenderer(template_dirs=[folder]).check(["article.html", "index.html"])
    change(folder)
    after = HtmlRenderer(template_dirs=[folder]).check(["article.html", "index.html"])
    assert before is not None and after is not None and (before == after) is same


def test_check_digests_what_an_include_list_finds(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    _override(folder, "article.html", '{% extends "base.html" %}{% block content %}'
                                      '{% include ["masthead.html", "parts/masthead.html"] %}{% endblock %}')
    _override(folder, "parts/masthead.html", "<p>Desk</p>")
    first = HtmlRenderer(template_dirs=[folder]).check(["article.html"])
    _override(folder, "masthead.html", "<p>Newsroom</p>")  # found first from now on
    second = HtmlRenderer(template_dirs=[folder]).check(["article.html"])
    assert first is not None and second is not None and first != second


def test_check_gives_no_digest_for_a_template_named_at_rendering(tmp_path: Path) -> None:
    """Which template ``{% include part %}`` renders, only rendering tells: nothing can say a page is unchanged."""
    folder = tmp_path / "templates"
    _override(folder, "article.html", '{% extends "base.html" %}{% block content %}{% set part = "p.html" %}'
                                      "{% include part %}{% endblock %}")
    _override(folder, "p.html", "<p>Part</p>")
    renderer = HtmlRenderer(template_dirs=[folder])
    assert renderer.check(["article.html"]) is None
    assert "<p>Part</p>" in renderer.render(make_article())
