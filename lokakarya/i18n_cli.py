"""`flask i18n missing`: the Indonesian strings that have no English translation yet."""
from pathlib import Path

import click
from babel.messages.extract import extract_from_dir
from flask.cli import AppGroup

from lokakarya.i18n import load_translations

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("lokakarya/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2"), ("templates/**.ics", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}

i18n_cli = AppGroup("i18n", help="Translations.")


def source_messages() -> dict[str, list[str]]:
    """msgid → where it is used, for every translatable string in code and templates."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS,
        options_map={"templates/**": {"extensions": "jinja2.ext.i18n"}},
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing(lang: str = "en") -> dict[str, list[str]]:
    catalogue = load_translations(lang)
    return {m: where for m, where in source_messages().items()
            if catalogue.gettext(m) == m and not catalogue._catalog.get(m)}


@i18n_cli.command("missing")
@click.option("--lang", default="en")
def missing_command(lang: str) -> None:
    """Print untranslated strings as .po entries to paste into a feature's translations."""
    for msgid, where in sorted(missing(lang).items()):
        click.echo(f"#: {' '.join(where[:3])}")
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        click.echo(f'msgid "{escaped}"\nmsgstr ""\n')
