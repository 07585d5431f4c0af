"""Apertium, the rule-based engine, through one persistent pipeline process per language pair.

Starting Apertium's 13-program pipeline costs ~250 ms, so each pair's pipeline is started once
(from the mode file, in null-flush mode) and fed every segment of the run, each followed by NUL.
We do Apertium's deformatting ourselves: text is escaped as apertium-destxt does, inline tags
travel as word-bound blanks ``[[t:g:N]]word[[/]]`` so they move with their words, and the
unknown-word marks (``*`` unknown, ``#`` not generated, ``@`` not in the bilingual dictionary)
are removed from the text and reported as findings, as ``apertium -u`` would print it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import langcodes

from translate.config import Section, base_language, normalize_language
from translate.engines import apertium_terms
from translate.engines.apertium_terms import package_version
from translate.engines.base import Capabilities, Engine, EngineSpec, Listing, Pair, PivotRoute
from translate.errors import ConfigError, EngineError, EngineNotInstalled, PairNotAvailable, brief
from translate.glossary.match import matcher_for
from translate.inline import Tag, pieces_to_tagged, tokenize
from translate.model import EngineStep, Finding, Glossary, MTResult, Severity, Signature, signature_part

if TYPE_CHECKING:
    from translate.engines.apertium_preedit import PreEditor

logger = logging.getLogger(__name__)

DEFAULT_MODES_DIR = Path("/usr/share/apertium/modes")
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa (or run `make demo`)"
MODES_SETTING = "[engines.apertium] modes_dir"

_ESCAPED = set("\\[]^$/@<>{}")
_SUPERBLANKED = set("*#~")
_MARKS = {
    "*": ("unknown-word", "did not know"),
    "#": ("generation-failure", "could not generate"),
    "@": ("missing-translation", "has no dictionary translation for"),
}
_TRAILING_PUNCT = ".,;:!?…)]}»”’\"'"
_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
_WBLANK_NUMBER = re.compile(r"t:g:([0-9]+)")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")


@functools.cache
def apt_packages() -> dict[Pair, str]:
    """The Debian package that adds each Apertium pair (data/apertium-packages.toml)."""
    text = resources.files("translate").joinpath("data/apertium-packages.toml").read_text("utf-8")
    packages: dict[Pair, str] = {}
    for package, pairs in tomllib.loads(text).items():
        for pair in pairs:
            src, _, tgt = pair.partition("-")
            packages[(src, tgt)] = package
    return packages


def _iso(code: str) -> str | None:
    try:
        tag = langcodes.standardize_tag(code)
    except ValueError:
        return None
    return tag if langcodes.tag_is_valid(tag) else None


def find_modes(modes_dir: Path) -> dict[Pair, Path]:
    """The plain language pairs among Apertium's mode files (variants like _valencia left out)."""
    modes: dict[Pair, Path] = {}
    if not modes_dir.is_dir():
        return modes
    for mode in sorted(modes_dir.glob("*.mode")):
        match = _MODE_NAME.match(mode.stem)
        if not match:
            continue
        src, tgt = _iso(match.group(1)), _iso(match.group(2))
        if src and tgt:
            modes.setdefault((src, tgt), mode)
    return modes


def encode(tagged: str) -> str:
    """Tagged text as an Apertium stream: escaped, tags as word-bound blanks."""
    out: list[str] = []
    stack: list[int] = []
    for piece in tokenize(tagged):
        if isinstance(piece, Tag):
            if piece.closing:
                if piece.number in stack:
                    stack.remove(piece.number)
            else:
                stack.append(piece.number)
            continue
        text = "".join(
            f"\\{ch}" if ch in _ESCAPED else f"[{ch}]" if ch in _SUPERBLANKED else ch for ch in piece
        )
        if stack and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            blank = ";".join(f"t:g:{n}" for n in sorted(stack))
            text = f"{lead}[[{blank}]]{text.strip()}[[/]]{trail}"
        out.append(text)
    # A final blank makes the pipeline flush: without it the last word waits for a successor.
    return "".join(out) + "[]"


def decode(stream: str, *, mode: str) -> MTResult:
    """An Apertium output stream back to tagged text, with its unknown-word marks as findings."""
    pieces: list[tuple[str, frozenset[int]]] = []
    findings: list[Finding] = []
    text: list[str] = []
    tags: frozenset[int] = frozenset()
    i, n = 0, len(stream)

    def flush() -> None:
        if text:
            pieces.append(("".join(text), tags))
            text.clear()

    while i < n:
        ch = stream[i]
        if ch == "\\" and i + 1 < n:
            text.append(stream[i + 1])
            i += 2
        elif stream.startswith("[[/]]", i):
            flush()
            tags = frozenset()
            i += 5
        elif stream.startswith("[[", i):
            end = stream.find("]]", i + 2)
            end = n if end < 0 else end
            flush()
            tags = frozenset(int(m) for m in _WBLANK_NUMBER.findall(stream[i + 2 : end]))
            i = end + 2
        elif ch == "[":
            end = i + 1
            while end < n and stream[end] != "]":
                end += 2 if stream[end] == "\\" else 1
            text.append(stream[i + 1 : end].replace("\\", "") if end > i + 1 else "")
            i = end + 1
        elif ch in _MARKS and (not text or not text[-1].isalnum()) and i + 1 < n and not stream[i + 1].isspace():
            word_end = i + 1
            while word_end < n and not stream[word_end].isspace() and stream[word_end] not in "[\\*#@":
                word_end += 1
            word = stream[i + 1 : word_end].rstrip(_TRAILING_PUNCT)
            check, verb = _MARKS[ch]
            findings.append(Finding(check, Severity.MINOR, f"Apertium ({mode}) {verb} “{word}”", text=word))
            i += 1
        else:
            text.append(ch)
            i += 1
    flush()
    # Apertium leaves a double space where it drops a word (the possessive 's): close it up.
    return MTResult(_DOUBLE_SPACE.sub(" ", pieces_to_tagged(_smooth_blanks(pieces))), tuple(findings))


def _smooth_blanks(pieces: list[tuple[str, frozenset[int]]]) -> list[tuple[str, frozenset[int]]]:
    """Give blanks between two tagged words the tags both share, so one span is not cut in two."""
    out = list(pieces)
    for k in range(1, len(out) - 1):
        text, tags = out[k]
        if not tags and not text.strip():
            out[k] = (text, out[k - 1][1] & out[k + 1][1])
    return out


@dataclass(slots=True)
class _Pipeline:
    """One running Apertium pipeline for one mode, spoken to in NUL-separated requests."""

    mode: Path
    process: subprocess.Popen[bytes]
    stderr: tempfile._TemporaryFileWrapper[bytes]
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, mode: Path) -> _Pipeline:
        if shutil.which("apertium-wblank-mode") is None:
            raise EngineNotInstalled("Apertium is not installed (apertium-wblank-mode not found)", hint=INSTALL_HINT)
        try:
            script = subprocess.run(
                ["apertium-wblank-mode", "-z", str(mode)], check=True, capture_output=True, text=True
            ).stdout.strip()
        except subprocess.CalledProcessError as error:
            raise EngineError(f"cannot read the Apertium mode {mode}: {error.stderr.strip()}", path=mode) from error
        # $1 is the generator's flag (-g keeps the unknown-word marks we report), $2 the tagger's.
        script = script.replace("$1", "-g").replace("$2", "")
        stderr = tempfile.TemporaryFile()
        process = subprocess.Popen(
            ["bash", "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            start_new_session=True,  # its own process group, so close() can end all 13 programs
        )
        logger.debug("started Apertium pipeline for %s (pid %d)", mode.stem, process.pid)
        return cls(mode, process, stderr)

    def translate(self, requests: Sequence[str], *, timeout: float) -> list[str]:
        """Send every request, NUL-terminated, from a thread while reading the answers here."""
        with self.lock:  # one conversation at a time: answers come back in the order asked
            return self._translate(requests, timeout=timeout)

    def _translate(self, requests: Sequence[str], *, timeout: float) -> list[str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        payload = b"".join(r.encode("utf-8") + b"\0" for r in requests)
        writer = threading.Thread(target=self._write, args=(payload,), daemon=True)
        writer.start()
        answers: list[bytes] = []
        buffer = b""
        fd = self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while len(answers) < len(requests):
                if not selector.select(timeout):
                    self.close()
                    raise EngineError(f"Apertium ({self.mode.stem}) stopped answering after {timeout:.0f} s")
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EngineError(f"Apertium ({self.mode.stem}) exited: {self._stderr_tail()}")
                buffer += chunk
                *done, buffer = buffer.split(b"\0")
                answers.extend(done)
        writer.join()
        return [answer.decode("utf-8", errors="replace") for answer in answers[: len(requests)]]

    def _write(self, payload: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(payload)
            self.process.stdin.flush()
        except BrokenPipeError:
            logger.debug("Apertium (%s) closed its input", self.mode.stem)

    def _stderr_tail(self) -> str:
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", errors="replace").strip().splitlines()
        return lines[-1] if lines else "no message"

    def close(self) -> None:
        if self.process.poll() is None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        self.stderr.close()


@dataclass(frozen=True, slots=True)
class ApertiumSettings:
    """``[engines.apertium]``: where the mode files are, and the pairs reached through a pivot."""

    modes_dir: Path = DEFAULT_MODES_DIR
    pivots: tuple[PivotRoute, ...] = ()

    @classmethod
    def read(cls, section: Section) -> ApertiumSettings:
        pivots = []
        table = f"{section.table}.pivots"
        for route, via in sorted(section.values["pivots"].items()):
            src, _, tgt = route.partition("-")
            line = section.line(route, table=table)
            if not tgt or not isinstance(via, str):
                raise ConfigError(f"{table}: {brief(route)} = {brief(via)} is not a route", path=section.settings.path,
                                  line=line, hint='write "SRC-TGT" = "PIVOT", e.g. en-pt = "es"')
            path = section.settings.path
            pivots.append((normalize_language(src, path=path, line=line), normalize_language(via, path=path, line=line),
                           normalize_language(tgt, path=path, line=line)))
        return cls(Path(section.string("modes_dir", example='"/usr/share/apertium/modes"')), tuple(pivots))


class ApertiumEngine(Engine):
    """Apertium's installed language pairs, one persistent pipeline per pair used.

    Safe to call from several threads: each pair's pipeline serves one batch at a time, and
    different pairs run side by side. ``pivots`` are (src, via, tgt) routes offered where both
    steps are installed pairs.
    """

    name = "apertium"
    # Numbers pass Apertium untouched and keep the grammar around them ("del 9900199"):
    # measured 30/30 terms restored, where XTERMkX lost possessives and ⟦k⟧ was split.
    capabilities = Capabilities(dictionaries=("bidix",), placeholder="99{index:03d}99")

    def __init__(self, *, modes_dir: Path = DEFAULT_MODES_DIR, pivots: Sequence[PivotRoute] = (),
                 timeout: float = 120.0) -> None:
        self.modes_dir = modes_dir
        self.declared_pivots = tuple(pivots)
        self.timeout = timeout
        self._modes: dict[Pair, Path] | None = None
        self._pipelines: dict[Path, _Pipeline] = {}
        self._pre_editors: dict[Path, PreEditor] = {}
        self._term_locks: dict[Pair, threading.Lock] = {}
        self._told_missing = False
        self._signatures: dict[Pair, Signature] = {}
        self._lock = threading.Lock()

    def installed(self) -> bool:
        """Whether Apertium's programs and mode folder are on this machine."""
        return shutil.which("apertium-wblank-mode") is not None and self.modes_dir.is_dir()

    def unavailable(self, *, package: str = "apertium-eng-spa") -> EngineNotInstalled | None:
        """Why Apertium offers no pair here (its programs missing, its modes folder wrong or empty), or None.

        The hints suggest installing ``package`` (the Debian package of the pair the caller wants).
        """
        install = f"sudo apt-get install apertium {package}"
        if shutil.which("apertium-wblank-mode") is None:
            return EngineNotInstalled("Apertium is not installed (apertium-wblank-mode not found)",
                                      hint=f"install it with: {install} (or run `make demo`)")
        if self.modes_dir.is_dir() and self.modes():
            return None
        state = ("holds no Apertium modes (*.mode files)" if self.modes_dir.is_dir()
                 else "is not a folder" if self.modes_dir.exists() else "does not exist")
        if self.modes_dir == DEFAULT_MODES_DIR:
            hint = f"install a language pair: {install} (or run `make demo`), or set {MODES_SETTING} in translate.toml"
        else:
            hint = (f"set {MODES_SETTING} in translate.toml to the folder holding Apertium's *.mode files "
                    f"({DEFAULT_MODES_DIR}, where `{install}` puts them)")
        return EngineNotInstalled(f"Apertium's modes folder {brief(str(self.modes_dir))} ({MODES_SETTING}) {state}",
                                  hint=hint)

    def modes(self) -> dict[Pair, Path]:
        if self._modes is None:
            self._modes = find_modes(self.modes_dir) if self.installed() else {}
        return self._modes

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.modes())

    def pivots(self) -> frozenset[PivotRoute]:
        direct = self.pairs()
        return frozenset((src, via, tgt) for src, via, tgt in self.declared_pivots
                         if (src, via) in direct and (via, tgt) in direct)

    def problem(self, src: str, tgt: str) -> EngineNotInstalled | None:
        return self.unavailable(package=apt_packages().get((src, tgt), "apertium-eng-spa"))

    def suggestion(self, src: str, tgt: str) -> str | None:
        packages = apt_packages()
        if (src, tgt) in packages:
            return f"sudo apt-get install {packages[(src, tgt)]} adds it"
        chains = [
            f"{packages[(src, via)]} + {packages[(via, tgt)]} (via {via}, declared in translate.toml)"
            for (a, via) in sorted(packages)
            if a == src and (via, tgt) in packages
        ]
        if chains:
            return f"no Debian Apertium package offers it; a pivot could: {chains[0]}"
        return "no Debian Apertium package offers it; an argostranslate package for it would"

    def listing(self, offered: frozenset[Pair], show: Callable[[Path], str]) -> Listing:
        problem = self.unavailable()
        lines = []
        if problem is not None:
            lines.append(f"Apertium offers no pair: {problem}")
        elif not offered:
            lines.append("No engine is installed: sudo apt-get install apertium apertium-eng-spa (or make demo).")
        missing = sorted({pkg for pair, pkg in apt_packages().items() if pair not in offered})
        more = " ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
        lines.append(f"More Apertium pairs: sudo apt-get install {more}")
        lines.append("Pivots (SRC → PIVOT → TGT through two Apertium pairs) are declared in translate.toml "
                     "[engines.apertium.pivots].")
        return Listing(tuple(lines), {"apt_packages_not_installed": missing,
                                      "apertium_problem": str(problem) if problem is not None else None})

    def with_glossary(self, glossary: Glossary, src: str, tgt: str, *, state_dir: Path,
                      notify: Callable[[str], None] | None = None) -> tuple[Engine, frozenset[str]]:
        """This engine for src -> tgt with the glossary's terms compiled into copies of the pair's dictionaries
        (see :mod:`translate.engines.apertium_terms`; English sources pre-edited, see
        :mod:`translate.engines.apertium_preedit`), sharing this engine's processes.

        Without lttoolbox-dev or cg3 it takes nothing and says once, through ``notify``, how to install them.
        """
        pair = (src, tgt)
        mode = self.modes().get(pair)
        if mode is None or not glossary.concepts:
            return self, frozenset()
        problem = apertium_terms.missing_tools()
        if problem is not None:
            with self._lock:
                told, self._told_missing = self._told_missing, True
            if notify is not None and not told:
                notify(f"{problem}; until then terms are protected around Apertium, with less grammatical results")
            return self, frozenset()
        with self._lock:
            lock = self._term_locks.setdefault(pair, threading.Lock())
        with lock:
            built = apertium_terms.build(glossary, mode, src, tgt, state_dir, notify=notify)
        editor = None
        if base_language(src) == "en":
            from translate.engines.apertium_preedit import PreEditor  # it builds on this module

            with self._lock:
                editor = self._pre_editors.setdefault(built.mode, PreEditor(built.mode, timeout=self.timeout))
        return _WithTerms(self, pair, built.mode, glossary, editor), built.handled

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        problem = self.unavailable()
        if problem is not None:
            raise problem
        mode = self.modes().get((src, tgt))
        if mode is None:
            raise PairNotAvailable(f"Apertium has no {src}->{tgt} pair installed", hint=INSTALL_HINT)
        return self.run_mode(mode, texts, name=mode.stem)

    def run_mode(self, run: Path, texts: Sequence[str], *, name: str) -> list[MTResult]:
        """``texts`` through the mode file ``run`` in its persistent pipeline; ``name`` is the pair's, for findings."""
        todo = [i for i, text in enumerate(texts) if text.strip()]
        results = [MTResult(text) for text in texts]
        if not todo:
            return results
        with self._lock:
            pipeline = self._pipelines.get(run)
            if pipeline is None:
                pipeline = self._pipelines[run] = _Pipeline.start(run)
        answers = pipeline.translate([encode(texts[i]) for i in todo], timeout=self.timeout)
        for i, answer in zip(todo, answers, strict=True):
            results[i] = decode(answer, mode=name)
        return results

    def signature(self, src: str, tgt: str) -> Signature:
        pair = (src, tgt)
        if pair not in self._signatures:
            mode = self.modes().get(pair)
            name = mode.stem if mode else f"{src}-{tgt}"
            self._signatures[pair] = Signature((EngineStep(f"apertium-{name}", signature_part(package_version(mode))),))
        return self._signatures[pair]

    def close(self) -> None:
        for pipeline in self._pipelines.values():
            pipeline.close()
        self._pipelines.clear()
        for editor in self._pre_editors.values():
            editor.close()
        self._pre_editors.clear()


class _WithTerms(Engine):
    """An Apertium pair translated with the glossary's terms in its dictionaries (see ApertiumEngine.with_glossary)."""

    def __init__(self, engine: ApertiumEngine, pair: Pair, mode: Path, glossary: Glossary,
                 editor: PreEditor | None) -> None:
        self.engine, self.pair, self.mode, self.glossary, self.editor = engine, pair, mode, glossary, editor
        self.name = engine.name
        self.capabilities = engine.capabilities

    def pairs(self) -> frozenset[Pair]:
        return frozenset({self.pair})

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        if (src, tgt) != self.pair:
            raise ValueError(f"these terms are for {self.pair[0]}->{self.pair[1]}, not {src}->{tgt}")
        if self.editor is not None:
            # English whose grammar hides a term's role ("Kyiv's decision", "a Luhansk-based group"), rewritten.
            matcher = matcher_for(self.glossary, src)
            texts = self.editor.edit(texts, [[(m.start, m.end) for m in matcher.find(text)] for text in texts])
        return self.engine.run_mode(self.mode, texts, name=self.mode.stem)

    def signature(self, src: str, tgt: str) -> Signature:
        return self.engine.signature(src, tgt)

    def close(self) -> None:
        """The processes are the engine's: it closes them."""


ENGINE = EngineSpec(
    name="apertium",
    defaults={
        # Where Debian's apertium packages put their mode files.
        "modes_dir": str(DEFAULT_MODES_DIR),
        # Pairs no Apertium package offers directly, reached through a pivot language:
        # "SRC-TGT" = "PIVOT" means SRC -> PIVOT -> TGT, each step an installed pair.
        "pivots": {"en-pt": "es", "en-fr": "es", "en-it": "es"},
    },
    free_tables=("pivots",),
    read_settings=ApertiumSettings.read,
    build=lambda settings: ApertiumEngine(modes_dir=settings.modes_dir, pivots=settings.pivots),
)
