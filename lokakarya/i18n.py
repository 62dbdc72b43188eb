"""Languages: Indonesian by default (source strings are Indonesian), English on request.

Each feature keeps its English catalogue beside its code in `translations/en.po`; they are
read straight from the .po files (no compile step) and merged once per process.
"""
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import has_request_context, request, session
from flask_babel import Domain, get_locale

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
PACKAGE_DIR = Path(__file__).parent


def catalogue_files(lang: str) -> list[Path]:
    return sorted(PACKAGE_DIR.glob(f"*/translations/{lang}.po"))


@cache
def load_translations(lang: str) -> NullTranslations:
    merged = Translations()
    for po_file in catalogue_files(lang):
        with po_file.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        merged.merge(Translations(buffer))
    return merged


class FeatureCatalogues(Domain):
    def get_translations(self):
        locale = get_locale()
        if locale is None or str(locale) == DEFAULT_LANGUAGE:
            return NullTranslations()
        return load_translations(str(locale))


def select_locale() -> str:
    """An explicit choice (?lang=, then the session) wins; otherwise Indonesian."""
    if not has_request_context():  # CLI commands and workers: force_locale() or the default
        return DEFAULT_LANGUAGE
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return str(locale) if locale else DEFAULT_LANGUAGE
