"""One glossary file's bytes to YAML nodes, every reason there are none reported with its line and a hint.

libyaml composes the nodes (:data:`translate.yamlsafe.SafeLoader`, ten times PyYAML's own speed,
with the same line numbers). Nothing is constructed into Python objects, so no tag can run code,
and a tag written out (``!!python/...``) is refused. Aliases that would expand a file beyond
:data:`translate.yamlsafe.ALIAS_ALLOWANCE` values or :data:`translate.yamlsafe.CHARACTER_ALLOWANCE`
characters are refused before anything walks the nodes, and
a file nested deeper than libyaml's 1,000 levels is a problem, not a crash. Every piece of the file
quoted in a message is cut short (:func:`cut`, :func:`translate.errors.brief`).
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from translate import yamlsafe
from translate.errors import GlossaryError, brief
from translate.glossary.files import GlossaryFile
from translate.textio import NotUtf8, decode_utf8

START_HINT = "start it with `terms:` and a list of `- id: ...` entries"
_TAG = "tag:yaml.org,2002:"
# Every tag the resolver gives a node written without one ("<<" is merge, "=" is value): only a tag
# written out is refused, so a file without "!" needs no look at its tags.
_KNOWN_TAGS = frozenset(_TAG + name for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value"))
_CUT = 120


def cut(text: str, limit: int = _CUT) -> str:
    """``text`` as written, cut to ``limit`` characters: file content in a message stays one short line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_file(file: GlossaryFile, problems: list[GlossaryError]) -> Node | None:
    """The file's YAML node tree, or None after adding to ``problems`` why there is none."""

    def problem(message: str, line: int | None, hint: str) -> None:
        problems.append(GlossaryError(message, path=file.path, line=line, hint=hint))

    try:
        text = decode_utf8(file.data)
    except NotUtf8 as error:
        problem(str(error), error.line, "save the file as UTF-8")
        return None
    try:
        root = yaml.compose(text, Loader=yamlsafe.SafeLoader)
        # Aliases need anchors, written with "&": a file without one (nearly every glossary)
        # cannot hold an alias bomb and is spared a walk over all its nodes.
        if root is not None and "&" in text:
            yamlsafe.check_aliases(root)
    except yamlsafe.AliasBomb as error:
        problem(str(error), error.line, "write the values out instead of repeating them through anchors and aliases "
                "(&name, *name)")
        return None
    except yaml.MarkedYAMLError as error:
        problem(*_syntax_error(error))
        return None
    except yaml.reader.ReaderError as error:
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters: find the character itself.
        found = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        position = found if found >= 0 else min(error.position, len(text))
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        problem(f"YAML syntax error at line {line}, column {column}: {error.reason} (#x{error.character:x})", line,
                "remove the control character")
        return None
    except RecursionError:  # PyYAML without libyaml composes recursively; libyaml stops at 1,000 levels
        problem("YAML nested too deeply to read", None, "a glossary needs only a few levels of nesting")
        return None
    if root is None:
        problem("the file has no 'terms:' list", 1, START_HINT)
        return None
    if "!" in text:  # no tag can be written without one
        for node in _tagged(root):
            problem(f"unsupported YAML tag {brief(node.tag)}", node.start_mark.line + 1,
                    "remove the tag; write plain text")
            root = None
    return root


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[str, int, str]:
    """Message, line and hint for a YAML syntax error, in PyYAML's or libyaml's words."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = error.context_mark if error.context else None
    if context is not None and mark is not None and (context.line, context.column) == (mark.line, mark.column):
        context = None
    started = f" ({error.context} at line {context.line + 1}, column {context.column + 1})" if context else ""
    problem = cut(str(error.problem))
    if "'\\t'" in problem or "tab character" in problem:  # PyYAML says '\t', libyaml "a tab character"
        hint = "indent with spaces, not tabs"
    elif "nesting depth" in problem:
        hint = "a glossary needs only a few levels of nesting: terms, concepts, languages, lists"
    else:
        hint = "check brackets, indentation and quoting near there; quote values containing ': ' or ' #'"
    return f"YAML syntax error at line {line}, column {column}: {problem}{cut(started)}", line, hint


def _tagged(root: Node) -> list[Node]:
    """The nodes with a tag other than YAML's plain ones (``!!python/...``), each once (aliases share nodes)."""
    seen: set[int] = set()
    stack, found = [root], []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _KNOWN_TAGS:
            found.append(node)
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return found
