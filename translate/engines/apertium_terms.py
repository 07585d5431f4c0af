"""Glossary terms compiled into copies of an Apertium pair's dictionaries, with a mode that uses them.

For each concept with terms in both languages, the source analyser learns every source form and
forbidden variant as one fresh lemma (``tglssN``: a lemma the pair already has would keep its old
analysis), the bilingual dictionary maps it to ``tglstN`` and the target generator spells that as
the target's preferred term, all with the same tags (``np`` + a class by kind, or ``n``; gender;
number) so transfer rules see a proper noun or noun of the right gender. A one-rule constraint
grammar run after the analyser selects the term's reading where a word also has the pair's own.

Built with lttoolbox's ``lt-comp``/``lt-append`` (Debian ``lttoolbox-dev``) and ``cg-comp``
(``cg3``) under ``<state>/apertium-terms/<mode>-<package version>-<glossary digest>/``, once per
key: a build goes to a temporary folder renamed into place, a folder without its ``complete``
stamp is rebuilt, and the mode's folders of other keys are removed.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.analysers import STAGES, mode_files, parse, reverse_mode, stage_files
from translate.fsutil import make_temp_dir
from translate.errors import EngineError, EngineNotInstalled
from translate.glossary.grammar import target_for, term_grammar
from translate.model import Concept, Glossary, TermVariants

TOOLS = ("lt-comp", "lt-append", "cg-comp")
INSTALL_HINT = "install them with: sudo apt-get install lttoolbox-dev cg3"
SECTION_ID = "glossary-terms"
SOURCE_LEMMA = "tglss"
TARGET_LEMMA = "tglst"
STAMP = "complete"
FORMAT = 2
"""The build's layout; a folder stamped with another is rebuilt (1 named the copies analyser.bin..., which
apertium-wblank-mode does not recognise, so formatting tags spanning words stopped the pipeline)."""
SUMMARY = "terms.json"
_TAG = re.compile(r"<([^>]+)>")
_SPECIAL = set("<>#/+@^${}\\")
_NP_CLASS = {"person": "ant", "organization": "al"}


@dataclass(frozen=True, slots=True)
class TermEntry:
    """One target spelling of a concept as the dictionaries learn it: its source surfaces and tags.

    ``forbidden`` are the sources that are forbidden variants; ``declared`` says whether the gender
    in ``tags`` is the glossary's (else a default, which the pair's own analysis may correct).
    """

    concept_id: str
    sources: tuple[str, ...]
    target: str
    tags: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    declared: bool = True


@dataclass(frozen=True, slots=True)
class TermDictionaries:
    """A built (or reused) set of dictionaries: ``mode`` is the pair's mode file using them
    (``apertium -d FOLDER MODE-NAME`` runs it; so does the engine's persistent process).

    ``left_out`` names the concepts lttoolbox cannot express (for the engine's fallback); ``known``
    those the pair already translates to the glossary's terms with their grammar, left to its own
    entries; ``built`` is False when the cache was reused.
    """

    mode: Path
    folder: Path
    left_out: tuple[str, ...]
    built: bool
    known: tuple[str, ...] = ()
    handled: frozenset[str] = frozenset()
    """The concepts this mode renders itself: compiled in, or known to the pair."""


def package_version(mode: Path | None) -> str:
    """The Debian version of the package holding a mode's data, or 'unknown'."""
    if mode is None or shutil.which("dpkg-query") is None:
        return "unknown"
    data_dirs = re.findall(r"/usr/share/apertium/(apertium-[a-z-]+)/", mode.read_text("utf-8", errors="replace"))
    if not data_dirs:
        return "unknown"
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", data_dirs[0]], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def missing_tools() -> str | None:
    """One line saying which build tools are missing, or None when all are installed."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return None
    return f"glossary terms cannot be compiled into Apertium: {', '.join(missing)} not installed; {INSTALL_HINT}"


def grammar(concept: Concept, target: str, *, lang: str | None = None, source: str | None = None) -> tuple[str, str]:
    """Apertium's gender and number tags for the target term ``target`` of ``concept`` in ``lang``.

    What the glossary declares for the language (``gender``, ``number``: :func:`term_grammar`) wins;
    undeclared, the default is masculine singular, feminine for an organization's acronym (la UE, la
    OTAN). Neuter is Apertium's ``nt``.
    """
    declared = term_grammar(concept, lang, source=source) if lang is not None else None
    default = "f" if concept.kind == "organization" and target.isupper() else "m"
    gender = declared.gender if declared is not None and declared.declared and declared.gender else default
    number = declared.number if declared is not None else "sg"
    return ("nt" if gender == "n" else gender), number


def place_class(mode: Path) -> str:
    """The proper-noun class a pair's transfer rules use for places: ``top`` or ``loc``."""
    for path in mode_files(mode):
        if path.endswith(".t1x") and Path(path).is_file() and "np.top" in Path(path).read_text("utf-8", "replace"):
            return "top"
    return "loc"


def expressible(term: str) -> bool:
    """Whether lttoolbox can hold ``term`` as one lemma (no stream-special characters, not empty)."""
    return bool(term.strip()) and not (_SPECIAL & set(term))


def term_entries(glossary: Glossary, source: str, target: str, *, place: str = "loc") -> tuple[
        list[TermEntry], list[str]]:
    """The concepts with terms in both languages as entries, and the ids of those left out."""
    entries: list[TermEntry] = []
    left_out: list[str] = []
    for concept in glossary.concepts:
        src = concept.variants(source)
        tgt = concept.variants(target, source=source)
        if src is None or tgt is None:
            continue
        targets = _targets(src, tgt)
        if not all(expressible(term) for pair in targets.items() for term in pair):
            left_out.append(concept.id)
            continue
        declared = tgt.gender is not None
        for spelling in dict.fromkeys(targets.values()):
            gender, number = grammar(concept, spelling, lang=target, source=source)
            if concept.kind == "term":
                tags: tuple[str, ...] = ("n", gender, number)
            else:
                tags = ("np", _NP_CLASS.get(concept.kind, place), gender, number)
            sources = tuple(surface for surface, term in targets.items() if term == spelling)
            forbidden = tuple(surface for surface in sources if surface in src.forbidden)
            entries.append(TermEntry(concept.id, sources, spelling, tags, forbidden, declared))
    return entries, left_out


def _targets(src: TermVariants, tgt: TermVariants) -> dict[str, str]:
    """Each source surface (terms, then forbidden variants) and its target term (:func:`target_for`)."""
    return {surface: target_for(src, tgt, surface) for surface in (src.preferred, *src.forms, *src.forbidden)}


def _text(parent: ET.Element, text: str, tags: Sequence[str] = ()) -> None:
    """``text`` with spaces as ``<b/>`` and then ``tags`` as ``<s n=.../>``, inside ``parent``."""
    words = text.split(" ")
    parent.text = words[0]
    for word in words[1:]:
        ET.SubElement(parent, "b").tail = word
    for tag in tags:
        ET.SubElement(parent, "s", n=tag)


_Pair = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def _dictionary(entries: Sequence[TermEntry], pairs: Sequence[_Pair]) -> str:
    root = ET.Element("dictionary")
    ET.SubElement(root, "alphabet")
    sdefs = ET.SubElement(root, "sdefs")
    for tag in sorted({tag for entry in entries for tag in entry.tags}):
        ET.SubElement(sdefs, "sdef", n=tag)
    section = ET.SubElement(root, "section", id=SECTION_ID, type="standard")
    for left, right, left_tags, right_tags in pairs:
        p = ET.SubElement(ET.SubElement(section, "e"), "p")
        _text(ET.SubElement(p, "l"), left, left_tags)
        _text(ET.SubElement(p, "r"), right, right_tags)
    return ET.tostring(root, encoding="unicode") + "\n"


def dix_sections(entries: Sequence[TermEntry]) -> tuple[str, str, str]:
    """The analyser, bilingual and generator ``.dix`` documents, one section ``glossary-terms`` each.

    Entry N (in order) gets the lemmas ``tglssN`` (source) and ``tglstN`` (target).
    """
    analyser: list[_Pair] = []
    bidix: list[_Pair] = []
    generator: list[_Pair] = []
    for n, entry in enumerate(entries, 1):
        analyser += [(surface, f"{SOURCE_LEMMA}{n}", (), entry.tags) for surface in entry.sources]
        bidix.append((f"{SOURCE_LEMMA}{n}", f"{TARGET_LEMMA}{n}", entry.tags, entry.tags))
        generator.append((entry.target, f"{TARGET_LEMMA}{n}", (), entry.tags))
    return _dictionary(entries, analyser), _dictionary(entries, bidix), _dictionary(entries, generator)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise EngineError(f"{command[0]} failed building glossary dictionaries: {tail[0]}")


def _mode_text(mode: Path, stages: dict[str, Path], folder: Path) -> str:
    """The pair's mode command with the copies substituted and the term selection after the analyser."""
    commands = mode.read_text("utf-8").strip().split(" | ")
    out: list[str] = []
    for command in commands:
        for stage, original in stages.items():
            command = command.replace(f"'{original}'", f"'{folder / original.name}'")
        out.append(command)
        if f"'{folder / stages['analyser'].name}'" in command:
            out.append(f"cg-proc '{folder / 'select.bin'}'")
    return " | ".join(out) + "\n"


def cache_key(mode: Path, glossary: Glossary, version: str) -> str:
    """The cache folder's name: mode, package version and glossary digest."""
    safe = re.sub(r"[^A-Za-z0-9.+~_-]", "_", version)
    return f"{mode.stem}-{safe}-{glossary.digest[:12]}"


def build(glossary: Glossary, mode: Path, source: str, target: str, state_dir: Path, *,
          version: str | None = None, notify: Callable[[str], None] | None = None) -> TermDictionaries:
    """The term dictionaries for ``mode`` (translating ``source`` to ``target``), built on first use.

    ``state_dir`` is the workspace's ``.translate/``; ``version`` defaults to the Debian version of
    the pair's package; ``notify`` hears one line before a build. Entries the pair already translates
    right (:func:`known_entries`) are left to its own dictionaries. Raises EngineNotInstalled (see
    :func:`missing_tools`) without the tools.
    """
    problem = missing_tools()
    if problem:
        raise EngineNotInstalled(problem)
    root = state_dir / "apertium-terms"
    key = cache_key(mode, glossary, version if version is not None else package_version(mode))
    folder = root / key
    built = not _complete(folder, key)
    if built:
        if notify is not None:
            notify(f"compiling the glossary into Apertium {mode.stem} (once per glossary and package version)")
        entries, left_out = term_entries(glossary, source, target, place=place_class(mode))
        entries = with_pair_grammar(entries, mode)
        known = known_entries(entries, mode)
        compiled = [entry for n, entry in enumerate(entries) if n not in known]
        summary = {
            "handled": sorted({entry.concept_id for entry in entries}),
            "known": sorted({entry.concept_id for entry in entries}
                            - {entry.concept_id for entry in compiled}),
            "left_out": left_out,
        }
        _write(folder, mode, compiled, key, summary)
    try:
        summary = json.loads((folder / SUMMARY).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise EngineError(f"cannot read the glossary dictionaries' summary in {folder}: {error}") from error
    for old in root.glob(f"{mode.stem}-*"):
        if old.name != key and (old / "modes" / f"{mode.stem}.mode").is_file():
            shutil.rmtree(old, ignore_errors=True)
    return TermDictionaries(folder / "modes" / f"{mode.stem}.mode", folder, tuple(summary["left_out"]), built,
                            tuple(summary["known"]), frozenset(summary["handled"]))


def _lookup(binary: Path, lines: Sequence[str], *flags: str) -> list[str]:
    """``lt-proc FLAGS BINARY`` over ``lines``, one answer line per line."""
    if not lines:
        return []
    result = subprocess.run(["lt-proc", *flags, str(binary)], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise EngineError(f"lt-proc failed reading {binary.name}: {result.stderr.strip() or 'no message'}")
    answers = result.stdout.split("\n")
    return answers[: len(lines)] + [""] * (len(lines) - len(answers))


def _split(analysis: str) -> tuple[str, tuple[str, ...]]:
    lemma, _, tags = analysis.partition("<")
    return lemma, tuple(_TAG.findall("<" + tags)) if tags else ()


def known_entries(entries: Sequence[TermEntry], mode: Path) -> set[int]:
    """The entries (by index) the pair already translates to their target term with their grammar.

    Each of an entry's sources other than forbidden variants must be one word or multiword of the
    pair's analyser, every reading of which the bilingual dictionary turns into the target term (a
    noun or proper noun reading with the entry's gender and number; another part of speech ending
    in the term, as "de la OTAN"). Forbidden sources do not count: the source is normalized first.
    """
    stages = stage_files(mode)
    sources = sorted({s for entry in entries for s in entry.sources if s not in entry.forbidden})
    analyses = dict(zip(sources, _lookup(stages["analyser"], sources, "-w"), strict=True))
    readings = {source: units[0].readings for source in sources
                if len(units := parse(analyses[source])) == 1 and units[0].known}
    asked = sorted({f"^{r}$" for rs in readings.values() for r in rs})
    answers = dict(zip(asked, _lookup(stages["bidix"], asked, "-b"), strict=True))
    known: set[int] = set()
    for n, entry in enumerate(entries):
        checked = [s for s in entry.sources if s not in entry.forbidden]
        if checked and all(_renders(entry, readings.get(s, []), answers) for s in checked):
            known.add(n)
    return known


def _renders(entry: TermEntry, readings: Sequence[str], answers: dict[str, str]) -> bool:
    if not readings:
        return False
    gender, number = entry.tags[-2:]
    for reading in readings:
        targets = [t for unit in parse(answers[f"^{reading}$"]) for t in unit.readings]
        if not targets:
            return False
        for analysis in targets:
            lemma, tags = _split(analysis.lstrip("@"))
            if analysis.startswith("@") or not lemma.endswith(entry.target):
                return False
            if tags[:1] in (("n",), ("np",)) and (
                    lemma != entry.target or not _agrees(tags, gender, number, declared=entry.declared)):
                return False
    return True


def _agrees(tags: Sequence[str], gender: str, number: str, *, declared: bool) -> bool:
    """Whether a bilingual dictionary's tags fit the term's grammar; a declared gender must be there, exactly
    (without one, or with ``mf``, a later stage of the pair decides it, and in gl it says "o OSCE")."""
    genders = {t for t in tags if t in ("m", "f", "nt", "mf")}
    numbers = {t for t in tags if t in ("sg", "pl", "sp")}
    if declared and genders != {gender}:
        return False
    return (not genders or genders <= {gender, "mf"}) and (not numbers or numbers <= {number, "sp"})


def with_pair_grammar(entries: Sequence[TermEntry], mode: Path) -> list[TermEntry]:
    """Entries whose gender the glossary does not declare, with the gender the target language's own
    analyser gives the target term (from the reverse pair, e.g. spa-eng for eng-spa), where it knows it."""
    undeclared = sorted({entry.target for entry in entries if not entry.declared})
    reverse = reverse_mode(mode)
    if not undeclared or reverse is None:
        return list(entries)
    analyser = stage_files(reverse)["analyser"]
    genders: dict[str, str] = {}
    for term, answer in zip(undeclared, _lookup(analyser, undeclared, "-w"), strict=True):
        units = parse(answer)
        if len(units) != 1:
            continue
        for analysis in units[0].readings:
            lemma, tags = _split(analysis)
            found = [t for t in tags if t in ("m", "f", "nt")]
            if lemma == term and tags[:1] in (("n",), ("np",)) and len(found) == 1:
                genders.setdefault(term, found[0])
    out = []
    for entry in entries:
        if not entry.declared and entry.target in genders:
            entry = replace(entry, tags=(*entry.tags[:-2], genders[entry.target], entry.tags[-1]))
        out.append(entry)
    return out


def _stamp(key: str) -> str:
    return f"{key} format {FORMAT}"


def _complete(folder: Path, key: str) -> bool:
    """Whether ``folder`` holds a finished build for ``key``: its stamp says so and its summary is there."""
    try:
        return (folder / STAMP).read_text("utf-8") == _stamp(key) and (folder / SUMMARY).is_file()
    except OSError:
        return False


def _write(folder: Path, mode: Path, entries: Sequence[TermEntry], key: str, summary: dict[str, list[str]]) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    stages = stage_files(mode)
    temp = make_temp_dir(folder.parent, prefix=f".{key}.")
    try:
        directions = {"analyser": "lr", "bidix": "lr", "generator": "rl"}

        def compile_stage(stage: str, document: str) -> None:
            dix = temp / f"{stage}.dix"
            dix.write_text(document, "utf-8")
            if entries:
                _run(["lt-comp", directions[stage], str(dix), str(temp / f"{stage}.terms.bin")])
                _run(["lt-append", str(stages[stage]), str(temp / f"{stage}.terms.bin"), str(temp / stages[stage].name)])
            else:
                shutil.copyfile(stages[stage], temp / stages[stage].name)

        # The three stages are independent, and lt-append of a large pair takes most of a build.
        with ThreadPoolExecutor(max_workers=len(STAGES)) as pool:
            for done in [pool.submit(compile_stage, stage, document)
                         for stage, document in zip(STAGES, dix_sections(entries), strict=True)]:
                done.result()
        grammar_file = temp / "select.rlx"
        grammar_file.write_text(f'DELIMITERS = "<.>" ;\nSECTION\nSELECT ("{SOURCE_LEMMA}.*"r) ;\n', "utf-8")
        _run(["cg-comp", str(grammar_file), str(temp / "select.bin")])
        (temp / "modes").mkdir()
        (temp / "modes" / f"{mode.stem}.mode").write_text(_mode_text(mode, stages, folder), "utf-8")
        (temp / SUMMARY).write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", "utf-8")
        (temp / STAMP).write_text(_stamp(key), "utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            temp.rename(folder)
        except OSError:
            if not _complete(folder, key):  # not another process's build finished first
                raise EngineError(f"cannot write glossary dictionaries to {folder}") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
