"""translate.yamlsafe: aliases bounded by the values and by the characters they add, expanded; loops refused."""

from __future__ import annotations

import pytest

from translate import yamlsafe
from translate.yamlsafe import CHARACTER_ALLOWANCE, AliasBomb


def aliased(length: int, count: int) -> str:
    """A document with one ``length``-character string, then ``count`` aliases of it in a list (line 2)."""
    return f"text: &t {'x' * length}\nmore: [{', '.join(['*t'] * count)}]\n"


@pytest.mark.parametrize(("text", "message", "line"), [
    pytest.param(aliased(100_000, 3_000), "beyond 200,000 characters", 2, id="100-kb-string-3000-aliases"),
    # The whole document is over: 1,008 characters written (two keys and the string), 102,008 expanded.
    pytest.param(aliased(1_000, 101), "beyond 101,008 characters", 1, id="just-over-the-allowance"),
    pytest.param("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [" + ", ".join(["*a"] * 1_001) + "]\n",
                 "beyond 10,013 values", 2, id="many-values"),
    pytest.param("a: &a [*a]\n", "a YAML alias refers to the value that contains it", 1, id="loop"),
])
def test_aliases_beyond_the_bounds_are_refused(text: str, message: str, line: int) -> None:
    with pytest.raises(AliasBomb, match=message) as raised:
        yamlsafe.compose(text)
    assert raised.value.line == line and len(str(raised.value)) < 200


@pytest.mark.parametrize("text", [
    pytest.param(aliased(1_000, 100), id="at-the-character-allowance"),
    pytest.param(aliased(CHARACTER_ALLOWANCE, 1), id="one-alias-of-a-long-string"),
    pytest.param("es: &es {preferred: Kyiv, forbidden: [Kiev]}\n" + "".join(f"l{n}: *es\n" for n in range(500)),
                 id="a-mapping-shared-by-500-keys"),
])
def test_aliases_within_the_bounds_load(text: str) -> None:
    assert yamlsafe.load(text) is not None


def test_keys_count_as_characters_too() -> None:
    key = "k" * 1_000
    text = f"a: &a {{{key}: 1}}\nb: [{', '.join(['*a'] * 101)}]\n"
    with pytest.raises(AliasBomb, match="characters"):
        yamlsafe.compose(text)
