"""The data that flows through the pipeline: articles, blocks, segments, findings.

Frozen dataclasses only; no I/O. Every stage takes and returns these types.

Inline formatting travels inside segment text as *tagged text*: numbered paired tags
``<1>…</1>`` mark spans (see :mod:`translate.inline`), and ``Segment.marks[n - 1]`` says what
tag ``n`` stands for (emphasis, strong, a link and its address). Literal ``&``, ``<`` and ``>`` are
escaped as ``&amp;``, ``&lt;`` and ``&gt;``. This is the model XLIFF's ``<g id="n">`` and CAT tools
use, so translators see the tags and engines can move them with the words.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
import datetime
from pathlib import Path

from translate import __version__


class BlockKind(enum.StrEnum):
    """Structural role of a block; renderers map each to an HTML element or a DOCX style."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list-item"


class MarkKind(enum.StrEnum):
    """Inline formatting kept through translation."""

    EMPHASIS = "em"
    STRONG = "strong"
    LINK = "link"
    CODE = "code"


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class SegmentState(enum.StrEnum):
    """Review state of one translated segment."""

    MT_DRAFT = "mt-draft"
    NEEDS_REVIEW = "needs-review"
    EDITED = "edited"
    APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Mark:
    """One kind of inline formatting; ``href`` only for links."""

    kind: MarkKind
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text carrying the same inline marks."""

    text: str
    marks: frozenset[Mark] = frozenset()


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph, quote or list item of an article.

    ``level`` is the heading level (1-6) for headings, the nesting depth (1 = top) for list
    items and quotes, and 0 otherwise. ``ordered`` tells numbered list items from bullets.
    """

    kind: BlockKind
    runs: tuple[Run, ...]
    level: int = 0
    ordered: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a check noticed; data, never an exception.

    ``segment_id`` and ``lang`` are None for findings about a whole article or its source;
    ``text`` is the piece of text the finding is about, where there is one (an unknown word).
    """

    check: str
    severity: Severity
    message: str
    segment_id: str | None = None
    lang: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    title: str
    slug: str
    source_lang: str
    source_path: Path
    date: datetime.date | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A source article as read from its file.

    The first block is always the TITLE block. ``findings`` reports what reading it noticed
    (dropped web boilerplate, skipped images) so the CLI can show it.
    """

    meta: ArticleMeta
    blocks: tuple[Block, ...]
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a block, the unit of translation and review.

    ``id`` depends only on the sentence's tagged text (and its occurrence number when the same
    sentence appears twice), so an unchanged sentence keeps its id when the article changes.
    """

    id: str
    block: int
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True, slots=True)
class FlaggedSegment:
    """A segment of a draft that has QA findings, where its text is: ``blocks[block].runs[start:end]``."""

    block: int
    start: int
    end: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class TranslatedArticle:
    """An article in one language, ready to render.

    ``blocks`` has the source's structure with the runs in ``lang``. ``draft`` is true for
    unreviewed machine translation, which every rendering must visibly say. ``engines`` are the
    provenance signatures (:class:`Signature`) of the machine translations it was made from, sorted;
    empty for an original. ``flagged``: the segments with QA findings, in text order, for the
    reviewer's view of a draft page; empty in a release.
    """

    meta: ArticleMeta
    lang: str
    blocks: tuple[Block, ...]
    draft: bool = True
    engines: tuple[str, ...] = ()
    flagged: tuple[FlaggedSegment, ...] = ()

    @property
    def title(self) -> str:
        return self.blocks[0].text if self.blocks else self.meta.title


@dataclass(frozen=True, slots=True)
class Translation:
    """A stored translation of one segment into one language, with its state and provenance."""

    segment_id: str
    lang: str
    text: str
    state: SegmentState
    engine: str
    revision: int
    updated_at: str
    mt_text: str = ""
    """The machine draft this translation started from (for post-editing effort)."""


class TermStatus(enum.StrEnum):
    """How a matched piece of text relates to its glossary concept."""

    PREFERRED = "preferred"
    FORM = "form"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True, slots=True)
class TermVariants:
    """One concept's terms in one language: the preferred one, accepted forms, forbidden variants.

    ``gender`` (``m``, ``f``, ``n``) and ``number`` (``sg``, ``pl``) are the grammar the glossary declares
    for the term in this language (None: not declared). ``acronym`` and ``full`` name which of the
    accepted terms (preferred or a form) is the acronym or short form and which the spelled-out form
    (None: not said); they change no matching.
    """

    preferred: str
    forms: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    case_sensitive: bool = True
    gender: str | None = None
    number: str | None = None
    acronym: str | None = None
    full: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """A glossary entry: one thing (person, place, organization...) and its terms per language.

    ``translate=False`` marks a do-not-translate term: the source's preferred term is the term
    in every language. ``path``/``line`` say where the entry was defined, for messages.
    """

    id: str
    terms: tuple[tuple[str, TermVariants], ...]
    kind: str = "term"
    note: str = ""
    ignore: tuple[str, ...] = ()
    translate: bool = True
    inflect: bool = False
    path: Path | None = None
    line: int | None = None

    def variants(self, lang: str, *, source: str | None = None) -> TermVariants | None:
        """The concept's terms in ``lang``; for a do-not-translate concept, the ``source`` language's."""
        table = dict(self.terms)
        if not self.translate and source is not None and source in table:
            fixed = table[source]
            own = table.get(lang, fixed)
            # The grammar is the language's own where its entry declares it (la OTAN is not the English NATO).
            return replace(fixed, forbidden=own.forbidden, gender=own.gender or fixed.gender,
                           number=own.number or fixed.number)
        return table.get(lang) or table.get(lang.split("-")[0])


@dataclass(frozen=True, slots=True)
class Glossary:
    """All concepts of a workspace's glossary/ folder; ``digest`` identifies its exact content."""

    concepts: tuple[Concept, ...]
    digest: str

    def concept(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise KeyError(concept_id)

    @property
    def signature(self) -> str:
        return f"glossary:sha256:{self.digest[:12]}"

    def pairs(self, src: str, tgt: str) -> list[tuple[Concept, TermVariants, TermVariants]]:
        """The concepts with terms in both ``src`` and ``tgt`` (``tgt``'s as seen from ``src``), in glossary
        order, each with its two languages' terms: what a glossary for one language pair holds."""
        pairs = []
        for concept in self.concepts:
            source, target = concept.variants(src), concept.variants(tgt, source=src)
            if source is not None and target is not None:
                pairs.append((concept, source, target))
        return pairs


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One occurrence of a glossary term in a text: character offsets ``start:end``."""

    start: int
    end: int
    concept_id: str
    text: str
    status: TermStatus
    variant: str
    """The glossary string that matched (its case may differ from ``text``)."""


APPLIED_ACTIONS = frozenset({"dictionary", "engine", "protected"})
"""The actions of an AppliedTerm that put the glossary's target term in the text (counted as terms applied)."""


@dataclass(frozen=True, slots=True)
class AppliedTerm:
    """A glossary term the pipeline applied to one segment, for the reviewer.

    ``action`` is ``dictionary`` (the engine rendered it from the terms it took into its dictionaries),
    ``engine`` (the engine wrote the target term by itself), ``protected`` (kept through MT by a
    placeholder), ``repaired`` (a forbidden variant in the output replaced) or ``normalized`` (a
    forbidden variant in the source replaced).
    """

    concept_id: str
    action: str
    source: str
    target: str
    source_start: int | None = None
    target_start: int | None = None


@dataclass(frozen=True, slots=True)
class MTResult:
    """What an engine returns for one segment: tagged target text, what it noticed, terms applied."""

    text: str
    findings: tuple[Finding, ...] = ()
    terms: tuple[AppliedTerm, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewUnit:
    """One segment in a review file (XLIFF trans-unit, or a row of the bilingual DOCX table).

    ``source`` and ``target`` are tagged text (see :mod:`translate.inline`); ``marks`` says what
    the tag numbers stand for. ``revision`` and ``source_hash`` are the store's at export time, so
    an import can tell a stale source or a conflicting edit. On export ``notes`` carries QA
    findings, applied glossary terms and concept notes for the translator; ``mt`` is the machine
    draft. On import ``line`` locates the unit in its file, for messages, and ``exported_state`` is
    the state the file records it had at export (None in files written before that was recorded):
    a file approves a segment only by changing its state to approved.
    """

    slug: str
    segment_id: str
    source: str
    target: str
    state: SegmentState
    revision: int
    source_hash: str
    marks: tuple[Mark, ...] = ()
    mt: str = ""
    comment: str = ""
    notes: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    """Glossary terms of the segment, one line each ("Luhansk → Luhansk (place)")."""
    line: int | None = None
    exported_state: SegmentState | None = None
    """Writers record ``exported_state`` if set (a file read back and written again keeps it), else ``state``."""
    engine: str = ""
    """The provenance signature (:class:`Signature`) of the machine draft ``mt``; written on export only."""
    term_pairs: tuple[tuple[str, str], ...] = ()
    """The same terms as (source, target) pairs, as applied to the segment; written on export only."""
    findings: tuple[Finding, ...] = ()
    """The segment's QA findings, as stored (``notes`` has them as lines); written on export only."""


@dataclass(frozen=True, slots=True)
class ReviewArticle:
    slug: str
    title: str
    source_path: str


@dataclass(frozen=True, slots=True)
class ReviewPackage:
    """Segments of one or more articles in one target language, as exported or read back."""

    source_lang: str
    lang: str
    articles: tuple[ReviewArticle, ...]
    units: tuple[ReviewUnit, ...]
    glossary: tuple[ReviewConcept, ...] = ()
    """The concepts applied to its units, each once, in order of first use; written on export only."""


@dataclass(frozen=True, slots=True)
class ReviewConcept:
    """A glossary concept as a review file lists it: its terms in the source and the target language."""

    concept_id: str
    source: str
    target: str
    accepted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class UnitProblem:
    """Something wrong with one unit of a review file; the unit is not applied."""

    message: str
    segment_id: str | None = None
    slug: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedReview:
    """A review file read back: its units, and the problems of units that cannot be applied."""

    package: ReviewPackage
    problems: tuple[UnitProblem, ...] = ()
    lines_in: Path | None = None
    """The file the units' lines are in, where it is not the one imported (an OmegaT project's memory)."""


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """One translation memory pair: tagged source and target text with where and when it came from.

    ``origin`` is ``translate:SLUG/SEGMENT`` for our segments, the ``tuid`` for imported ones;
    ``created`` and ``changed`` are ISO 8601 UTC (``2026-11-27T21:00:00Z``), or empty if unknown;
    ``engine`` is the provenance signature (:class:`Signature`) of the machine draft the translation
    was post-edited from, empty if unknown.
    """

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: str
    created: str
    changed: str
    creator: str = ""
    note: str = ""
    engine: str = ""


_SIGNATURE_UNSAFE = re.compile(r"[\s|@+:]+")


def signature_part(text: str) -> str:
    """``text`` fit for one field of a Signature: its separators (``| @ + :``) and spaces made ``-``."""
    return _SIGNATURE_UNSAFE.sub("-", text.strip()) or "unknown"


@dataclass(frozen=True, slots=True)
class EngineStep:
    """One engine that translated: its name with the pair's data (``apertium-eng-spa``) and that data's version."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Signature:
    """The provenance of a machine translation, typed and versioned like sacrebleu's signatures.

    ``str()`` gives ``engine:apertium-eng-spa@0.8.1|glossary:sha256:ab12…|translate:0.1.0`` (two
    steps through a pivot: ``engine:A@1+B@2|via:es|…``; engine options such as ``beam:4`` before
    the glossary) and :meth:`parse` reads it back. A signature written before this form (the store
    keeps what it was given) parses to one whose ``legacy`` holds it, and prints as it was.
    """

    engine: tuple[EngineStep, ...]
    via: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    glossary: str | None = None
    """``sha256:`` and the start of the glossary's digest; None when no glossary applied."""
    tool: str = __version__
    legacy: str | None = None

    def __str__(self) -> str:
        if self.legacy is not None:
            return self.legacy
        parts = ["engine:" + "+".join(f"{step.name}@{step.version}" for step in self.engine)]
        if self.via:
            parts.append(f"via:{self.via}")
        parts.extend(f"{key}:{value}" for key, value in self.options)
        if self.glossary:
            parts.append(f"glossary:{self.glossary}")
        parts.append(f"translate:{self.tool}")
        return "|".join(parts)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The signature ``str()`` wrote; any other text (an older signature) as ``legacy``."""
        fields = [part.partition(":") for part in text.split("|")]
        if not fields or fields[0][0] != "engine" or fields[-1][0] != "translate" or any(not sep for _, sep, _ in fields):
            return cls((), legacy=text)
        steps = []
        for step in fields[0][2].split("+"):
            name, at, version = step.rpartition("@")
            if not at or not name or not version:
                return cls((), legacy=text)
            steps.append(EngineStep(name, version))
        values: dict[str, str] = {}
        options: list[tuple[str, str]] = []
        for key, _, value in fields[1:-1]:
            if key in ("via", "glossary"):
                values[key] = value
            else:
                options.append((key, value))
        return cls(tuple(steps), values.get("via"), tuple(options), values.get("glossary"), fields[-1][2])
