"""YAML that people write (front matter, glossary files): plain tags only, and aliases that cannot explode.

PyYAML shares an aliased node instead of copying it, so a few hundred bytes of nested aliases (the
"billion laughs" of YAML) compose and construct quickly, but anything that walks the result as a
tree (a repr in an error message, a JSON dump, text extraction) visits billions of nodes. Every
document is therefore measured as a tree before it is used, in nodes and in characters, and an
alias may not contain itself. Expanded, a document may hold at most :data:`ALIAS_ALLOWANCE` more
nodes than it has written out, and at most :data:`CHARACTER_ALLOWANCE` more characters in its
scalars (keys and values) than its distinct scalars hold, each counted once: few aliases of one
long string cost as much as many of a short one (3,000 aliases of a 100 KB string are 300 MB
expanded, which a glossary check, a run and the glossary cache would each build).
"""

from __future__ import annotations

from typing import Any

import yaml
import yaml.constructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from translate.errors import brief

ALIAS_ALLOWANCE = 10_000
"""How many more nodes aliases may add to a document, expanded, than it has written out."""
CHARACTER_ALLOWANCE = 100_000
"""How many more scalar characters aliases may add to a document, expanded, than its distinct scalars hold."""

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML was built with it (ten times faster; nodes keep their line numbers)."""


class AliasBomb(ValueError):
    """A document whose aliases expand beyond the allowance, or refer to themselves; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def check_aliases(
    root: Node, *, allowance: int = ALIAS_ALLOWANCE, characters: int = CHARACTER_ALLOWANCE
) -> None:
    """AliasBomb if ``root``, expanded as a tree, is more than ``allowance`` nodes, or more than ``characters``
    scalar characters, larger than as written (each distinct node counted once)."""
    sizes: dict[int, tuple[int, int]] = {}  # a node's expanded (nodes, characters)
    distinct = written = 0
    # Iterative post-order walk: hostile documents may also be deeply nested. A subtree found too
    # large when it closes makes the whole document too large: what is not walked yet adds at least
    # as much to the expanded size as to the written one.
    stack: list[tuple[Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            nodes, chars = 1, _length(node)
            for child in children(node):
                child_nodes, child_chars = sizes[id(child)]
                nodes, chars = nodes + child_nodes, chars + child_chars
            sizes[key] = nodes, chars
            if nodes > distinct + allowance:
                raise AliasBomb(
                    f"YAML aliases expand this document beyond {distinct + allowance:,} values", _line(node)
                )
            if chars > written + characters:
                raise AliasBomb(f"YAML aliases expand this document beyond {written + characters:,} characters",
                                _line(node))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasBomb("a YAML alias refers to the value that contains it", _line(node))
        open_nodes.add(key)
        distinct += 1
        written += _length(node)
        stack.append((node, True))
        stack.extend((child, False) for child in children(node) if id(child) not in sizes)


def _length(node: Node) -> int:
    return len(node.value) if isinstance(node, ScalarNode) else 0


def compose(text: str) -> Node | None:
    """The document's node tree (None for an empty document), aliases checked; yaml.YAMLError or AliasBomb."""
    root = yaml.compose(text, Loader=SafeLoader)
    if root is not None:
        check_aliases(root)
    return root


class BadValue(ValueError):
    """A value YAML cannot make of what is written (``!!timestamp 99999-01-01``, ``!!bool maybe``, an
    impossible date, a number of more than 4,300 digits); ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, every failure to construct one value a BadValue at that value's line.

    PyYAML lets AttributeError, KeyError, OverflowError and plain ValueError out of its constructors.
    """

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (BadValue, yaml.YAMLError):
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as error:
            written = f"{brief(node.value, limit=60)} " if isinstance(node, ScalarNode) else ""
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            # datetime says what is wrong with a date ("month must be in 1..12"); the rest is PyYAML's inside.
            why = f" ({brief(str(error), limit=80)})" if tag == "timestamp" and type(error) is ValueError else ""
            raise BadValue(f"the value {written}cannot be read as {tag}{why}", _line(node)) from None


def load(text: str) -> Any:
    """The document's value with safe tags only, aliases checked first; yaml.YAMLError, AliasBomb or BadValue."""
    root = compose(text)
    if root is None:
        return None
    return _Constructor().construct_document(root)


def _line(node: Node) -> int:
    return node.start_mark.line + 1 if node.start_mark is not None else 1
