"""What the commands share: the context object, the workspace lock, option decorators and helpers."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from translate.config import Workspace, normalize_language
from translate.errors import LanguageError, brief
from translate.lock import LockHolder, workspace_lock


@dataclasses.dataclass(slots=True)
class Context:
    workspace: Workspace
    debug: bool
    quiet: bool

    def console(self, *, stderr: bool = False) -> Console:
        # Text, never rich markup: slugs, paths and findings hold brackets ("[engines.apertium.pivots]", "[1] Kiev").
        console = Console(stderr=stderr, quiet=self.quiet and stderr, highlight=False, markup=False, soft_wrap=True)
        if not console.is_terminal:
            console.width = 160  # logs and pipes: wide enough that tables do not truncate slugs
        return console

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace lock for a command that writes (see translate.lock): wait, saying so once.

        A workspace folder that does not exist has nothing to guard yet: it is not created for a lock
        (``translate -w typo publish`` says the store is empty, and leaves no folder behind).
        """
        if not self.workspace.root.is_dir():
            yield
            return
        command = click.get_current_context().command_path
        with workspace_lock(self.workspace, command=command, on_wait=waiting):
            yield


def writes_workspace(command: Callable[..., None]) -> Callable[..., None]:
    """Run a command (under ``@click.pass_obj``) holding the workspace lock; reading commands go without."""

    @functools.wraps(command)
    def locked(obj: Context, *args: Any, **kwargs: Any) -> None:
        with obj.lock():
            command(obj, *args, **kwargs)

    return locked


def waiting(holder: LockHolder) -> None:
    click.echo(f"waiting for {holder.describe()} to finish with this workspace…", err=True)


format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Text for people, JSON for scripts.",
)


def language_list(_ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """The comma-separated codes of a language option, normalized (``es_ES`` is ``es-ES``, ``spa`` is ``es``);
    None when it is not given. Given empty, it is an error, not "every default language"."""
    if value is None:
        return None
    codes = [code.strip() for code in value.split(",") if code.strip()]
    option = param.opts[0] if param.opts else "the option"
    if not codes:
        raise LanguageError(f"{option} {brief(value)} names no language",
                            hint=f"give codes such as {option} es,ca, or leave {option} out for the default ones")
    return list(dict.fromkeys(normalize_language(code) for code in codes))


def one_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The code of an option naming one language, normalized; None when it is not given."""
    codes = language_list(ctx, param, value)
    if codes is None:
        return None
    if len(codes) > 1:
        option = param.opts[0] if param.opts else "the option"
        raise LanguageError(f"{option} {brief(value)} names {len(codes)} languages; this command takes one",
                            hint=f"run it once per language ({option} {codes[0]}, then {option} {codes[1]}…)")
    return codes[0]


def languages_option(*decls: str, help: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A comma-separated list of languages (``--lang es,ca``): the command gets a list of normalized codes, or None."""
    return click.option(*decls, callback=language_list, help=help, **kwargs)


def language_option(*decls: str, help: str, required: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """One language (``--lang es``): the command gets its normalized code, or None."""
    return click.option(*decls, callback=one_language, required=required, help=help)


def comma_list(value: str | None) -> list[str]:
    """The items of a comma-separated option value (``--state mt-draft,edited``), blanks dropped."""
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def relative(path: Path, workspace: Workspace) -> str:
    """``path`` relative to the workspace if it lies in it, else as given; a symbolic link loop on the way
    (which ``resolve`` raises on) is named as written, not followed."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    try:
        return str(resolved.relative_to(workspace.root))
    except ValueError:
        return str(path)
