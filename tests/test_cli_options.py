"""The shared language options: one parser for every --lang, --to and --from."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from translate.cli.options import comma_list, language_option, languages_option
from translate.errors import LanguageError


@click.command()
@languages_option("--lang", "langs", help="languages")
@language_option("--one", help="one language")
def _echo(langs: list[str] | None, one: str | None) -> None:
    click.echo(f"{langs!r} {one!r}")


def _run(*args: str) -> str | BaseException:
    result = CliRunner().invoke(_echo, list(args))
    return result.exception if result.exception is not None else result.stdout.strip()


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param((), "None None", id="absent"),
    pytest.param(("--lang", "es,ca"), "['es', 'ca'] None", id="list"),
    pytest.param(("--lang", " es_ES , spa,ES"), "['es-ES', 'es'] None", id="normalized-and-once"),
    pytest.param(("--one", "pt_BR"), "None 'pt-BR'", id="one-normalized"),
])
def test_language_options_give_normalized_codes(args: tuple[str, ...], expected: str) -> None:
    assert _run(*args) == expected


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("--lang", " , "), r"^--lang ' , ' names no language$", id="list-empty"),
    pytest.param(("--one", ""), r"^--one '' names no language$", id="one-empty"),
    pytest.param(("--one", "es,ca"), r"^--one 'es,ca' names 2 languages; this command takes one$", id="one-two"),
    pytest.param(("--lang", "es,xx-nope"), r"^unknown language code 'xx-nope'$", id="unknown"),
])
def test_language_options_refuse_what_names_no_single_language(args: tuple[str, ...], message: str) -> None:
    error = _run(*args)
    assert isinstance(error, LanguageError)
    assert re.search(message, error.message), error.message


@pytest.mark.parametrize(("value", "items"), [
    pytest.param(None, [], id="absent"),
    pytest.param("mt-draft, edited,,", ["mt-draft", "edited"], id="blanks-dropped"),
])
def test_comma_list(value: str | None, items: list[str]) -> None:
    assert comma_list(value) == items
