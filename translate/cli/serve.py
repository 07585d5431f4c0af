"""`translate serve`: the post-editing workbench in the browser, on this machine only."""

from __future__ import annotations

import socket

import click

from translate.cli.options import Context
from translate.web.security import LOOPBACK


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on: loopback only (127.0.0.1, localhost or ::1) until accounts exist.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.pass_obj
def serve(obj: Context, host: str, port: int) -> None:
    """Start the workbench on this workspace (the same store, glossary and rules as the CLI) and print its address.

    Translators post-edit in the browser, reviewers approve, and every change is recorded as the CLI's are.
    Ctrl+C stops it.

    Example: translate serve --port 8765
    """
    if host not in LOOPBACK:
        raise click.BadParameter(f"{host} is not this machine: the workbench has no accounts yet, so it listens on "
                                 "loopback only (127.0.0.1, localhost or ::1)", param_hint="--host")
    _check_free(host, port)
    import uvicorn  # only when serving: the rest of the CLI starts without the web stack

    from translate.web.app import create_app

    app = create_app(obj.workspace, host=host, port=port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Workbench: http://{shown}:{port}/  (workspace {obj.workspace.root}; Ctrl+C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on")


def _check_free(host: str, port: int) -> None:
    """A clear error, before anything starts, if the port is taken (uvicorn would log a traceback-like line)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.UsageError(f"cannot listen on {host}:{port}: {error.strerror}; is another workbench "
                                   "running? pass another --port") from None
