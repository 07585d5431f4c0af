"""The reviewer's view of a draft page: its sentences with QA findings marked, and the findings as notes.

A draft's :attr:`~translate.model.TranslatedArticle.flagged` segments are numbered in text order. In the text,
each is ``<mark class="qa qa-SEVERITY" id="qa-ref-N">`` (its findings' highest severity: ``qa-minor``,
``qa-major``, ``qa-critical``) followed by ``<sup class="qa-ref"><a href="#qa-N">N</a></sup>``, in the title
only the ``<sup>`` (so the heading's text stays its own); the page's
template writes the notes (``id="qa-N"``, linking back to ``#qa-ref-N``) and a count per check from
:class:`QaView`. Release pages have no flagged segments (:mod:`translate.export.html` drops them there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from translate.model import FlaggedSegment, Finding, Run, Severity, TranslatedArticle

__all__ = ["QaNote", "QaView", "marked_html", "qa_view"]

_RANK = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)


@dataclass(frozen=True, slots=True)
class QaNote:
    """The findings of one flagged sentence, numbered in page order (its mark is ``#qa-ref-N``, the note ``#qa-N``)."""

    number: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class QaView:
    """A draft page's QA findings: how many of each check (most first, then by name), one note per flagged sentence."""

    counts: tuple[tuple[str, int], ...]
    notes: tuple[QaNote, ...]


def qa_view(article: TranslatedArticle) -> QaView | None:
    """The reviewer's view of ``article``'s flagged segments; None if it has none."""
    if not article.flagged:
        return None
    counts = Counter(finding.check for flag in article.flagged for finding in flag.findings)
    notes = tuple(QaNote(number, flag.findings) for number, flag in enumerate(article.flagged, start=1))
    return QaView(tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))), notes)


def marked_html(
    runs: Sequence[Run], flags: Sequence[tuple[FlaggedSegment, int]], *, render: Callable[[Sequence[Run]], Markup],
    wrap: bool = True,
) -> Markup:
    """Inline HTML for a block's runs, its flagged sentences (with their numbers, in text order) marked.

    ``render`` gives the inline HTML of runs. Each piece is rendered on its own, so a mark never crosses a
    tag: formatting that spans a mark's edge is closed before it and opened again inside. ``wrap=False`` (the
    title: its heading is styled as a whole) leaves out the ``<mark>``; the ``qa-ref-N`` anchor is then the
    ``<sup>``.
    """
    out: list[Markup] = []
    position = 0
    for flag, number in flags:
        severity = min((finding.severity for finding in flag.findings), key=_RANK.index).value
        out.append(render(runs[position:flag.start]))
        text = render(runs[flag.start:flag.end])
        if wrap:
            out.append(Markup('<mark class="qa qa-{0}" id="qa-ref-{1}">{2}</mark><sup class="qa-ref">'
                              '<a href="#qa-{1}">{1}</a></sup>').format(severity, number, text))
        else:
            out.append(Markup('{2}<sup class="qa-ref qa-{0}" id="qa-ref-{1}"><a href="#qa-{1}">{1}</a></sup>').format(
                severity, number, text))
        position = flag.end
    out.append(render(runs[position:]))
    return Markup("").join(out)
