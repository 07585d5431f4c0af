"""OmegaT projects for post-editing: a review package as a folder OmegaT 3.6 opens, and as an ``.omt`` package.

What OmegaT does with each part was measured with OmegaT 3.6 itself (README, "Working in OmegaT"):

- ``omegat.project``: the languages, ``sentence_seg`` false (OmegaT would split our sentences again) and
  tags kept; ``omegat/filters.xml``: the XLIFF filter keeps leading and trailing tags (else OmegaT cuts
  them off the segment, whatever its user's settings) and keys each segment by its trans-unit id.
- ``source/SLUG.xlf``, one per article: our XLIFF with ``<target>`` a copy of ``<source>``, because
  OmegaT's XLIFF filter shows only ``<target>`` as the text to translate; the findings and terms are
  notes, which OmegaT shows as the segment's comments; ``tr:revision``, ``tr:source-hash`` and
  ``tr:exported-state`` tell the import what was exported.
- ``tm/auto/translate-reviewed.tmx``: the edited and approved translations, which OmegaT inserts as the
  segments' translations (a translator's own later edit wins); one alternative translation per unit
  (``file`` and ``id`` properties), so that two segments with one source keep their own texts.
- ``tm/mt/translate-drafts.tmx``: the machine drafts (and texts held in needs-review), which OmegaT offers in
  its Matches pane and marks as machine translation once inserted: OmegaT 3.6 has no draft state, and
  ``tm/auto`` would make them look translated.
- ``glossary/translate-glossary.utf8``: the glossary in OmegaT's tab-separated form.
- ``tm/translate-earlier-work.tmx`` (:data:`EARLIER`, written by :func:`translate.review.files.write_omegat_project`
  when it starts a new round over a project with a ``project_save.tmx``): the translator's work of the round
  before, which OmegaT offers as fuzzy matches, so that a translation of a sentence whose English has changed
  since (stale, not imported) is offered for the new sentence, as OmegaT itself would offer it.
- empty ``target/``, ``dictionary/`` (OmegaT refuses a project without ``target/``, ``tm/`` or
  ``glossary/``, and does not see one without ``omegat/``).

In a TMX that OmegaT matches against a segment, tags are written as OmegaT shows them, as text
(``&lt;g0&gt;word&lt;/g0&gt;``): OmegaT drops the content of TMX inline elements, so with ``<bpt>``
tagged segments never match. :class:`Shortcuts` converts between our tags and OmegaT's.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.resources import files as resources
from pathlib import Path

from lxml import etree

from translate import __version__
from translate.errors import ReviewError
from translate.glossary.tables import export_omegat_tsv
from translate.inline import Tag, escape, tokenize
from translate.model import Glossary, ReviewPackage, ReviewUnit, SegmentState
from translate.review.limits import size
from translate.review.xliff import export_xliff, tags_pair_up
from translate.safezip import DEFAULT_MAX_MEMBERS, DEFAULT_MAX_TOTAL_BYTES

PROJECT = "omegat.project"
FILTERS = "omegat/filters.xml"
SAVED = "omegat/project_save.tmx"
REVIEWED = "tm/auto/translate-reviewed.tmx"
DRAFTS = "tm/mt/translate-drafts.tmx"
EARLIER = "tm/translate-earlier-work.tmx"
"""The translator's ``project_save.tmx`` of the round before, once an export starts a new one: fuzzy matches."""
GLOSSARY = "glossary/translate-glossary.utf8"
SOURCE, TARGET = "source/", "target/"
FOLDERS = ("dictionary/", "glossary/", "omegat/", "source/", "target/", "tm/", "tm/auto/", "tm/mt/")
"""Every folder of an exported project, each written to the ``.omt`` as its own entry."""
CHANGER = "translate"
"""The ``changeid`` of the translations we put into the project's memories."""
REVIEWED_STATES = frozenset({SegmentState.EDITED, SegmentState.APPROVED})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SHORTCUT = re.compile(r"<(/?)([a-z])(\d+)(/?)>")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Shortcuts:
    """How OmegaT shows the tags of one source segment: ``<g0>…</g0>``, ``<g1>``… numbered in order of
    appearance, or ``<b0/>``/``<e1/>`` where the tags do not pair up (the XLIFF then has ``<bx/>``/``<ex/>``).

    ``tags[k]`` is our tag behind shortcut ``k``: its number and, for unpaired tags, whether it closes.
    """

    paired: bool
    tags: tuple[tuple[int, bool], ...]

    @classmethod
    def of(cls, source: str) -> Shortcuts:
        tags = [piece for piece in tokenize(source) if isinstance(piece, Tag)]
        paired = tags_pair_up(tags)
        return cls(paired, tuple((t.number, t.closing) for t in tags if not (paired and t.closing)))

    def to_omegat(self, tagged: str) -> str:
        """Tagged text (the source, or a translation of it) as OmegaT's segment text; a tag the source does not
        have is left out (OmegaT could not place it)."""
        out: list[str] = []
        seen: dict[tuple[int, bool], int] = {}
        open_tags: list[tuple[int, int]] = []
        for piece in tokenize(tagged):
            if isinstance(piece, str):
                out.append(piece)
                continue
            if self.paired and piece.closing:
                index = next((i for i in reversed(range(len(open_tags))) if open_tags[i][0] == piece.number), None)
                if index is not None:
                    out.append(f"</g{open_tags.pop(index)[1]}>")
                continue
            key = (piece.number, piece.closing)
            choices = [k for k, tag in enumerate(self.tags) if tag == key]
            if not choices:
                continue
            k = choices[min(seen.get(key, 0), len(choices) - 1)]
            seen[key] = seen.get(key, 0) + 1
            if self.paired:
                open_tags.append((piece.number, k))
                out.append(f"<g{k}>")
            else:
                out.append(f"<{'e' if piece.closing else 'b'}{k}/>")
        return "".join(out)

    def from_omegat(self, text: str) -> str:
        """OmegaT's text of a translation as tagged text; anything that is not one of this source's shortcuts is
        text (a translator may type ``<`` like any other character)."""
        out: list[str] = []
        position = 0
        for match in _SHORTCUT.finditer(text):
            tag = self._tag(match)
            if tag is None:
                continue
            out.append(escape(text[position:match.start()]))
            out.append(tag)
            position = match.end()
        out.append(escape(text[position:]))
        return "".join(out)

    def _tag(self, match: re.Match[str]) -> str | None:
        closing, letter, k, empty = match.group(1) == "/", match.group(2), int(match.group(3)), match.group(4)
        if k >= len(self.tags):
            return None
        number, closes = self.tags[k]
        if self.paired and letter == "g" and not empty:
            return f"</{number}>" if closing else f"<{number}>"
        if not self.paired and not closing and empty and letter == ("e" if closes else "b"):
            return f"</{number}>" if closes else f"<{number}>"
        return None


def omegat_source(unit: ReviewUnit) -> str:
    """The unit's source as OmegaT shows it (what its memories are matched against)."""
    return Shortcuts.of(unit.source).to_omegat(unit.source)


def source_file(slug: str) -> str:
    """The name of an article's file under ``source/`` (OmegaT's ``file`` property of its segments)."""
    return f"{slug}.xlf"


def export_omegat_project(package: ReviewPackage, glossary: Glossary) -> dict[str, bytes]:
    """The files of the project, by their path inside it (folders: :data:`FOLDERS`); the same bytes for the
    same package and glossary."""
    files = {PROJECT: _project_file(package.source_lang, package.lang), FILTERS: _resource("omegat-filters.xml")}
    for article in package.articles:
        units = tuple(unit for unit in package.units if unit.slug == article.slug)
        sub = replace(package, articles=(article,), units=units, glossary=())
        files[SOURCE + source_file(article.slug)] = export_xliff(sub, target_copies_source=True)
    reviewed = [unit for unit in package.units if unit.state in REVIEWED_STATES]
    drafts = [unit for unit in package.units if unit.state not in REVIEWED_STATES]
    files[REVIEWED] = _memory(reviewed, package, per_unit=True)
    files[DRAFTS] = _memory(drafts, package, per_unit=False)
    files[GLOSSARY] = export_omegat_tsv(glossary, src=package.source_lang, tgt=package.lang).encode("utf-8")
    return files


def pack_omt(files: Mapping[str, bytes]) -> bytes:
    """The project as an OmegaT project package: a zip of the project's contents, ``omegat.project`` at its root
    and every folder as an entry of its own (what OmegaT's package plugin and a plain unzip both need)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted({*FOLDERS, *files}):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3  # Unix, so that the modes below are read
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name])
    return buffer.getvalue()


def check_package_limits(files: Mapping[str, bytes], *, path: Path) -> None:
    """ReviewError (naming ``path``, the package) if the package of ``files`` would hold more files, or inflate to
    more bytes, than an import of an ``.omt`` takes (:func:`translate.safezip.check_zip`): it could not come back."""
    members, inflated = len({*FOLDERS, *files}), sum(len(data) for data in files.values())
    if members > DEFAULT_MAX_MEMBERS or inflated > DEFAULT_MAX_TOTAL_BYTES:
        raise ReviewError(f"the project would be {members} files of {size(inflated)} in all, more than the "
                          f"{DEFAULT_MAX_MEMBERS} files and {size(DEFAULT_MAX_TOTAL_BYTES)} an import of its package "
                          "takes", path=path, hint="export fewer articles or segments per project (--article, --state)")


def _resource(name: str) -> bytes:
    return resources("translate").joinpath("data", name).read_bytes()


def _project_file(source_lang: str, lang: str) -> bytes:
    root = etree.fromstring(_resource("omegat.project"))
    project = root.find("project")
    assert project is not None
    for name, value in (("source_lang", source_lang), ("target_lang", lang)):
        element = project.find(name)
        assert element is not None
        element.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def _memory(units: Iterable[ReviewUnit], package: ReviewPackage, *, per_unit: bool) -> bytes:
    """A TMX of the units' current texts for the project's ``tm/``: tags as OmegaT's shortcuts, in text.

    ``per_unit``: each unit's own (alternative) translation, by ``file`` and ``id``; else one (default)
    translation per source text, the first unit's, for the Matches pane.
    """
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "translate", "creationtoolversion": __version__, "o-tmf": "translate", "adminlang": "en",
        "datatype": "plaintext", "segtype": "paragraph", "srclang": package.source_lang,
    })
    body = etree.SubElement(root, "body")
    seen: set[str] = set()
    for unit in units:
        shortcuts = Shortcuts.of(unit.source)
        source = shortcuts.to_omegat(unit.source)
        if not unit.target.strip() or (not per_unit and source in seen):
            continue
        seen.add(source)
        tu = etree.SubElement(body, "tu")
        if per_unit:
            etree.SubElement(tu, "prop", type="file").text = source_file(unit.slug)
            etree.SubElement(tu, "prop", type="id").text = unit.segment_id
        for lang, text, attributes in ((package.source_lang, source, {}),
                                       (package.lang, shortcuts.to_omegat(unit.target), {"changeid": CHANGER})):
            tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang, **attributes})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space="  ")
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8") + b"\n"
