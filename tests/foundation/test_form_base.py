"""Every form derives from core.forms.Form: characters that cannot be stored, text beyond its
field's limit and numbers beyond the database's integer are field errors, worded in the page's
language (WTForms has no Indonesian of its own)."""
import importlib
import pkgutil
import re
from html import unescape

import pytest
from flask_wtf import FlaskForm

import lokakarya
from lokakarya.core.forms import Form
from tests.conftest import strip_tags


def all_forms() -> list[type]:
    for module in pkgutil.walk_packages(lokakarya.__path__, "lokakarya."):
        if module.name.endswith(("forms", "views")) or ".forms" in module.name:
            importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [f for f in found if f.__module__.startswith("lokakarya.") and f is not Form]


def test_every_form_derives_from_the_core_form():
    forms = all_forms()
    assert len(forms) >= 20
    assert [f.__qualname__ for f in forms if not issubclass(f, Form)] == []


def field_errors(html: str) -> list[str]:
    return [unescape(strip_tags(e)).strip() for e in re.findall(r'<small class="field-error"[^>]*>(.*?)</small>', html)]


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("N" * 201, "id", "Terlalu panjang (paling banyak 200 karakter)."),
    ("N" * 201, "en", "Field cannot be longer than 200 characters."),
    ("Dinas\x00Uji", "id", "Berisi karakter tak terlihat yang tidak dapat disimpan (karakter kendali); "
                           "ketik ulang isian ini."),
    ("Dinas\x1fUji", "en", "Contains invisible characters that cannot be stored (control characters); "
                           "type this field again."),
    ("", "id", "Wajib diisi."),
    ("", "en", "This field is required."),
])
def test_field_errors_beside_the_field_in_the_pages_language(client, db, login_as, value, lang, expected):
    from lokakarya.agencies.models import Agency

    login_as("organiser")
    response = client.post(f"/agencies/new?lang={lang}", data={"name": value, "kind": "dukcapil",
                                                               "province_code": "17", "regency_code": ""})
    assert response.status_code == 400
    assert expected in field_errors(response.get_data(as_text=True))
    assert db.session.execute(db.select(Agency)).first() is None


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("capacity", "99999999999", "Angka terlalu besar."),       # the driver raised on PostgreSQL
    ("quota_per_agency", "2147483648", "Angka terlalu besar."),
    ("retention_days", "-99999999999", "Angka terlalu besar."),
    ("capacity", "²", "Bukan bilangan bulat."),
    ("description", "x" * 20_001, "Terlalu panjang (paling banyak 20000 karakter)."),  # a Text column
])
def test_numbers_and_long_text_in_the_event_form(client, db, login_as, field, value, expected):
    from lokakarya.events.models import Event

    login_as("organiser")
    data = {"title": "Lokakarya Uji", "timezone": "Asia/Jakarta", "status": "draft", "retention_days": "30",
            "attendance_threshold": "70", field: value}
    response = client.post("/events/new", data=data)
    assert response.status_code == 200
    assert expected in field_errors(response.get_data(as_text=True))
    assert db.session.execute(db.select(Event)).first() is None


@pytest.mark.parametrize(("lang", "expected"), [("id", "Pilihan tidak dikenal."),
                                                ("en", "'99' is not a valid choice for this field.")])
def test_unknown_choices_are_refused_in_the_pages_language(client, db, login_as, lang, expected):
    login_as("organiser")
    data = {"title": "Lokakarya Uji", "timezone": "Asia/Jakarta", "status": "draft", "retention_days": "30",
            "attendance_threshold": "70", "provinces": ["17", "99"]}
    response = client.post(f"/events/new?lang={lang}", data=data)
    assert expected in field_errors(response.get_data(as_text=True))
