"""Every form the pages offer, posted with what a person should not be able to store: characters
that cannot be stored, text beyond any column, numbers beyond the database's integer, other
scripts' digits. No answer is a server error, and nothing of it is stored."""
import re

import pytest
import sqlalchemy as sa

from lokakarya.core.text import has_forbidden_characters
from lokakarya.extensions import db as _db
from tests.foundation.hostile_world import HOSTILE, pages, prepare_organiser, sign_in
from tests.foundation.page_forms import filled, post_forms


def stored_forbidden(app) -> list[tuple[str, str]]:
    """(table.column, value) for every stored text carrying characters input may not carry."""
    found = []
    with app.app_context():
        for table in _db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String):
                    continue
                for (value,) in _db.session.execute(sa.select(column).where(column.is_not(None))):
                    if isinstance(value, str) and has_forbidden_characters(value):
                        found.append((f"{table.name}.{column.name}", value[:40]))
    return found


@pytest.mark.parametrize("who", ["organiser", "province", "agency", "anonymous"])
def test_every_form_refuses_hostile_values_without_a_server_error(app, client, world, who):
    sign_in(client, who, world)
    errors, unexplained = [], []
    walked = set()
    serial = 0
    urls = pages(world)[who] + (prepare_organiser(client, world) if who == "organiser" else [])
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        for form in post_forms(page.get_data(as_text=True), url):
            shape = re.sub(r"\d+", "N", form.action)  # one of a page's many alike forms (a row each)
            if form.action == "/logout" or shape in walked:
                continue
            walked.add(shape)
            typed = form.typed_names()
            for name in form.text_names():
                for label, value in HOSTILE.items():
                    serial += 1
                    data = filled(form, serial)
                    data[name] = [value]
                    response = client.post(form.action, data=data,
                                           content_type="multipart/form-data" if form.multipart else None)
                    if response.status_code >= 500:
                        errors.append((form.action, name, label, response.status_code))
                    elif label == "control" and name in typed:
                        if response.status_code in (301, 302, 303):
                            response = client.get(response.headers["Location"])
                        if "karakter tak terlihat" not in response.get_data(as_text=True):
                            unexplained.append((form.action, name))
    assert errors == [], "\n".join(map(str, errors))
    assert unexplained == [], "\n".join(map(str, unexplained))
    assert stored_forbidden(app) == []
