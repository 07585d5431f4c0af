"""`translate publish`: a release of approved translations."""

from __future__ import annotations

import click

from translate.cli.options import Context, languages_option, relative, writes_workspace
from translate.i18n import missing_catalogs
from translate.release import publish as publish_release


@click.command()
@click.option("--release", "name", required=True, help="Release name: the folder outputs/releases/NAME.")
@click.option("--article", "articles", multiple=True, help="Only this article (slug); repeatable.")
@languages_option("--lang", "langs", help="Languages, comma-separated (default: all translated).")
@click.option("--allow-unreviewed", is_flag=True,
              help="Publish languages not fully approved, marked as unreviewed machine translation.")
@click.pass_obj
@writes_workspace
def publish(obj: Context, name: str, articles: tuple[str, ...], langs: list[str] | None, allow_unreviewed: bool) -> None:
    """Publish approved translations (HTML, DOCX, Markdown) in outputs/releases/NAME, with index and manifest.

    Example: translate publish --release 2024-03 --lang es,ca
    """
    report = publish_release(obj.workspace, name=name, slugs=articles,
                             langs=langs or (),
                             allow_unreviewed=allow_unreviewed)
    where = relative(report.folder, obj.workspace)
    if (english := missing_catalogs(report.languages)) is not None:
        click.echo(f"note: {english}")
    if not report.changed:
        click.echo(f"{where}: unchanged, nothing rewritten ({report.unchanged} files)")
        return
    click.echo(f"{where}: {len(report.written)} file(s) written, {report.unchanged} unchanged"
               + (f", {len(report.removed)} removed" if report.removed else ""))
    if report.unreviewed:
        click.echo(f"unreviewed machine translation, marked as such: {', '.join(report.unreviewed)}")
    click.echo(f"open {where}/index.html")
