"""Kit commands: export-pdf, export-site, and ``kit`` (an operator's privacy and look
settings of one kit)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from creatorkit import clock
from creatorkit.cli.operations import database
from creatorkit.cli.output import echo_json, progress
from creatorkit.errors import InputError
from creatorkit.kit.build import build_kit_view
from creatorkit.kit.privacy import KEYS, validate_hidden
from creatorkit.kit.summary import kit_edit
from creatorkit.site import export as site_export
from creatorkit.storage import creators as creator_store
from creatorkit.web.i18n import SUPPORTED
from creatorkit.web.kits.pages import kit_pdf_bytes
from creatorkit.web.kits.render import Links
from creatorkit.web.kits.source import as_of

THEMES = ("light", "dark", "warm")
VISIBILITIES = ("public", "unlisted", "off")


@click.command("export-pdf")
@click.argument("handle")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: HANDLE.pdf).")
@click.option("--lang", type=click.Choice(SUPPORTED), help="Language (default: the creator's).")
@with_appcontext
def export_pdf(handle: str, output: Path | None, lang: str | None) -> None:
    """Write HANDLE's media kit as a PDF (the same document as /@HANDLE.pdf)."""
    db = database()
    creator = creator_store.get_creator(db, handle)
    if creator["visibility"] == "off":
        raise InputError(f"The kit of {creator['handle']!r} is switched off.")
    view = build_kit_view(db, creator, as_of(db, creator, current_app.config), current_app.config,
                          now=clock.now(current_app.config))
    output = output or Path(f"{view.handle}.pdf")
    with force_locale(lang or view.locale):
        output.write_bytes(kit_pdf_bytes(view, Links.for_app(current_app, view.handle, absolute=True)))
    click.echo(f"Wrote {output} ({output.stat().st_size:,} bytes).")


@click.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--handle", "handles", multiple=True, help="Export only this kit (repeatable).")
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (much faster).")
@with_appcontext
def export_site(directory: Path, handles: tuple[str, ...], no_pdf: bool) -> None:
    """Write the public kits (or the --handle ones) as a static microsite in DIRECTORY."""
    app = current_app._get_current_object()
    total = len(handles) or len(site_export.chosen_creators(database(), ()))
    with progress() as bar:
        task = bar.add_task("Exporting", total=total)
        done = site_export.export_site(app, directory, handles, with_pdf=not no_pdf,
                                       on_kit=lambda _handle: bar.advance(task))
    click.echo(f"Wrote {len(done)} kit(s) to {directory}/ (open {directory}/index.html).")


@click.command("kit")
@click.argument("handle")
@click.option("--hide", multiple=True, metavar="KEY", help="Hide a section or metric (repeatable).")
@click.option("--show", multiple=True, metavar="KEY", help="Show a hidden section or metric again.")
@click.option("--visibility", type=click.Choice(VISIBILITIES), help="public (listed), unlisted or off.")
@click.option("--theme", type=click.Choice(THEMES), help="Colour theme of the kit.")
@click.option("--locale", type=click.Choice(SUPPORTED), help="Language of the kit.")
@click.option("--keys", "list_keys", is_flag=True, help="List the keys that can be hidden.")
@click.option("--json", "as_json", is_flag=True, help="Print the kit's settings as JSON.")
@with_appcontext
def kit_command(handle: str, hide: tuple[str, ...], show: tuple[str, ...], visibility: str | None,
                theme: str | None, locale: str | None, list_keys: bool, as_json: bool) -> None:
    """Show or change HANDLE's kit settings: hidden keys, visibility, theme, language."""
    if list_keys:
        click.echo("\n".join(KEYS))
        return
    db = database()
    creator = creator_store.get_creator(db, handle)
    hidden = set(validate_hidden(creator["hidden"])) | set(validate_hidden(hide))
    hidden -= set(validate_hidden(show))
    changes = {key: value for key, value in (("visibility", visibility), ("theme", theme),
                                             ("locale", locale)) if value}
    if set(validate_hidden(hidden)) != set(creator["hidden"]):
        changes["hidden"] = list(validate_hidden(hidden))
    if changes:
        with kit_edit(db, creator["id"], current_app.config):
            creator_store.update_creator(db, creator["id"], **changes)
        creator = creator_store.get_creator(db, handle)
    settings = {key: creator[key] for key in ("handle", "visibility", "theme", "locale", "hidden",
                                              "data_version")}
    if as_json:
        echo_json(settings)
    else:
        for key, value in settings.items():
            click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")


COMMANDS = (export_pdf, export_site, kit_command)
