"""Put an article together in one language from its stored translations, for every output format."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace

from translate.inline import TagError, escape, strip_tags, tagged_to_runs
from translate.model import Article, Block, FlaggedSegment, Finding, Run, Segment, TranslatedArticle, Translation
from translate.segment import blocks_segments

__all__ = ["assemble"]

logger = logging.getLogger(__name__)


def assemble(
    article: Article, segments: Sequence[Segment], translations: dict[str, Translation], lang: str, *,
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> TranslatedArticle:
    """The article in ``lang``: each block's segments replaced by their stored translations.

    A segment with no translation shows its source text; one whose tags do not pair up loses its formatting
    (logged). The result is a draft: a release clears ``draft`` where every segment is approved. ``findings``
    (by segment id: a draft's, never a release's) locate the segments that have some in ``flagged``.
    """
    blocks: list[Block] = []
    engines: set[str] = set()
    flagged: list[FlaggedSegment] = []
    grouped = blocks_segments(segments, len(article.blocks))
    for index, (block, block_segments) in enumerate(zip(article.blocks, grouped, strict=True)):
        runs: list[Run] = []
        for segment in block_segments:
            translation = translations.get(segment.id)
            text = translation.text if translation else segment.text
            if translation is not None and translation.engine:
                engines.add(translation.engine)
            if runs:
                runs.append(Run(" "))
            start = len(runs)
            try:
                runs.extend(tagged_to_runs(text, segment.marks))
            except TagError as error:
                logger.warning("segment %s (%s): %s; formatting dropped", segment.id, lang, error)
                runs.extend(tagged_to_runs(escape(strip_tags(text)), ()))
            if findings and (found := findings.get(segment.id)) and len(runs) > start:
                flagged.append(FlaggedSegment(index, start, len(runs), tuple(found)))
        blocks.append(replace(block, runs=tuple(runs)))
    return TranslatedArticle(article.meta, lang, tuple(blocks), draft=True, engines=tuple(sorted(engines)),
                             flagged=tuple(flagged))
