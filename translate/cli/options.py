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

from translate.config import Workspace
from translate.errors import LanguageError
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
    """The comma-separated codes of a language option; None when it is not given. Given empty, it is an
    error, not "every default language"."""
    if value is None:
        return None
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        option = param.opts[0] if param.opts else "the option"
        raise LanguageError(f"{option} {value!r} names no language",
                            hint=f"give codes such as {option} es,ca, or leave {option} out for the default ones")
    return codes




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
