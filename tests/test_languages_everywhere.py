"""Every page of the app, in Indonesian and in English, as everyone who may see it (a visitor, a
participant through their personal link, an agency and a province focal point, an organiser, an
admin, someone halfway through a two-step sign-in): no string of the other language, no stored
code shown as it is. Then every form's error state once in each language: WTForms' own messages
in the page's language too, and each field saying what is wrong once.

The pages are the GET routes of app.url_map, so a new page is walked without touching this file;
a route that cannot be filled with the world's values fails here until it is given one (VALUES)
or excluded with a reason (EXCLUDED). The detector is tests/languages.py, built from the
catalogues."""
import io
import re
from collections import defaultdict
from html import unescape
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for

from lokakarya.auth.models import User
from lokakarya.certificates.models import Certificate
from lokakarya.demo.seed import ADMIN, AGENCY_FOCAL_POINT, FOCAL_POINT, ORGANISER, SLUG
from lokakarya.demo.upcoming import SLUG as UPCOMING
from lokakarya.events.models import Event, EventSession
from lokakarya.extensions import db as _db
from lokakarya.registration.models import Registration
from tests.attendance.helpers import sample
from tests.conftest import login
from tests.foundation.hostile_world import prepare_organiser, world  # noqa: F401  (a fixture)
from tests.foundation.page_forms import post_forms
from tests.languages import (
    data_strings,
    leaks,
    raw_codes,
    stored_codes,
    visible_text,
    wtforms_english_pieces,
    wtforms_messages,
)
from tests.registration.factory import person

LANGUAGES = ("id", "en")
# Routes no person reads as a page, or that only send elsewhere.
EXCLUDED = {
    "static": "files", "core.favicon": "redirects to the versioned icon",
    "core.set_language": "switches the language and redirects", "core.healthz": "for load balancers",
    "core.healthz_worker": "for load balancers", "agencies.picker": "JSON for the picker's script",
    "ical.event_calendar": ".ics", "ical.session_calendar": ".ics", "ical.personal_feed": ".ics",
    "ical.organiser_feed": ".ics", "attendance.daftar_hadir": "download (XLSX/PDF)",
    "certificates.organiser_pdf": "download (PDF)", "certificates.participant_pdf": "download (PDF)",
    "registration.delegation_template": "download (CSV/XLSX template)",
    "registration.export_csv": "download", "registration.export_xlsx": "download",
    "registration.download": "download (the participant's data as JSON)",
    "evaluation.export": "download (XLSX)", "followup.export_csv": "download",
    "followup.export_xlsx": "download", "followup.report_pdf": "download (PDF)",
    "followup.evidence": "download (an uploaded file)", "materials.download": "download (a material)",
    "materials.registrant_download": "download (a material)",
    "auth.oidc_login": "redirects to the OpenID provider (tests/sso walk its pages with one running)",
    "auth.oidc_callback": "answers the OpenID provider (tests/sso)",
    "vc.bbb_ended": "BigBlueButton's callback: redirects",
}
# Events in three states (past with a follow-up round, open with an evaluation, upcoming
# national), each page of an event walked for each.
EVENTS = (SLUG, "uji", UPCOMING)
# Pages that show something else with a query: the province step, pending agencies, …
VARIANTS = {
    "registration.register": ("province=17", "province=pusat"),
    "agencies.index": ("pending=1",),
    "followup.add_recommendation_view": ("province_code=17",),
    "attendance.recap": ("live=1",),
    "mail.outbox": ("status=failed",),
}


@pytest.fixture
def everyone(app, world, make_user):  # noqa: F811  (the fixture imported above)
    """A signed-in client per role, the world's pages prepared (an attendance report, a
    certificate, a material, a queued e-mail), and the values that fill the routes."""
    clients = {role: app.test_client() for role in ("visitor", "agency", "province", "organiser", "admin",
                                                     "second_step")}
    for role, account in (("agency", AGENCY_FOCAL_POINT), ("province", FOCAL_POINT), ("organiser", ORGANISER),
                          ("admin", ADMIN)):
        assert login(clients[role], account.email, account.password).status_code == 302
    organiser = clients["organiser"]
    # One attendance report applied (rows with their sources), one awaiting review, a certificate.
    applied, _session_list, _certificates = prepare_organiser(organiser, world)
    assert organiser.post(f"{applied}/apply").status_code == 302
    again = organiser.post(f"/events/{SLUG}/attendance/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(sample("zoom-participants.csv")), "zoom.csv"), "timezone": "Asia/Jakarta",
        "date_order": ""})
    preview = again.headers["Location"]
    assert organiser.post("/users/invite", data={"email": "baru@example.go.id", "name": "Pengguna Baru",
                                                 "role": "province_focal_point", "province_code": "18",
                                                 "agency_id": ""}).status_code == 302  # a queued e-mail
    slow = make_user("organiser", email="dua.langkah@example.go.id")
    with app.app_context():
        from lokakarya.materials.services import add_link

        add_link(_db.session.get(EventSession, world["session"]), "Bahan paparan", "registrants",
                 "https://example.go.id/paparan.pdf")
        _db.session.get(User, slow.id).totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        # Participants in every other state, for their personal pages.
        agency = _db.session.execute(sa.select(Registration.agency_id).where(
            Registration.token == world["token"])).scalar()
        others = [Registration(event_id=world["event_id"], agency_id=agency, status=status, **person(901 + i))
                  for i, status in enumerate(("pending", "waitlisted", "cancelled", "rejected"))]
        _db.session.add_all(others)
        _db.session.commit()
        other_tokens = tuple(r.token for r in others)
        sessions = {slug: _db.session.execute(sa.select(sa.func.min(EventSession.id)).join(Event).where(
            Event.slug == slug)).scalar() for slug in EVENTS}
        demo_token = _db.session.get(Registration, world["demo_registration"]).token
        certificate = _db.session.execute(sa.select(Certificate.code)).scalars().first()
    assert login(clients["second_step"], slow.email).status_code == 302
    values = {
        "token": (world["token"], demo_token, *other_tokens), "code": ("17", certificate),
        "agency_id": (world["agency"],), "item_id": (world["item"],), "issue_id": (world["issue"],),
        "registration_id": (world["demo_registration"],), "import_id": (int(preview.rsplit("/", 1)[1]),),
    }
    links = {"auth.accept_invitation": world["links"]["invite"], "auth.reset_password": world["links"]["reset"]}
    return {"clients": clients, "values": values, "sessions": sessions, "links": links}


def page_urls(app, everyone) -> dict[str, list[str]]:
    """endpoint → the URLs that show it, for every GET route but the excluded ones."""
    urls, unfilled = defaultdict(list), []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith("api.") or rule.endpoint in EXCLUDED:
            continue
        combos = [{}]
        for name in sorted(rule.arguments):
            if name == "token" and rule.endpoint in everyone["links"]:
                options = (everyone["links"][rule.endpoint],)
            elif name == "slug":
                options = EVENTS
            elif name == "session_id":
                options = tuple(everyone["sessions"].values())
            else:
                options = everyone["values"].get(name)
            if options is None:
                unfilled.append(f"{rule.endpoint}: <{name}>")
                options = ()
            combos = [{**c, name: o} for c in combos for o in options]
        for args in combos:
            if "slug" in args and "session_id" in args and args["session_id"] != everyone["sessions"][args["slug"]]:
                continue  # a session of another event: not found
            with app.test_request_context():
                url = url_for(rule.endpoint, **args)
            urls[rule.endpoint] += [url] + [f"{url}?{q}" for q in VARIANTS.get(rule.endpoint, ())]
    assert not unfilled, "Routes this walk cannot fill: give VALUES or an EXCLUDED reason: " + ", ".join(unfilled)
    return urls


GENERIC_ERROR = re.compile(r"<h1>\d{3} · ")  # core/error.html, in both languages in tests/foundation/test_pages


def is_page(response) -> bool:
    """A page of its own (a refusal such as "this session has ended" is one; the generic 403 or
    404 page is not)."""
    if response.mimetype != "text/html" or response.status_code >= 300 and response.status_code < 400:
        return False
    return response.status_code == 200 or not GENERIC_ERROR.search(response.get_data(as_text=True))


def problems_of(html: str, lang: str, data) -> list[str]:
    text = visible_text(html)
    found = []
    if f'<html lang="{lang}">' not in html:
        found.append("the page's lang attribute")
    other = "English" if lang == "id" else "Indonesian"
    found += [f"{other}: {s!r} in …{around(text, s)}…" for s in leaks(text, lang, data)]
    if lang == "id":
        found += [f"WTForms' English: {s!r}" for s in wtforms_english_pieces() if s in text]
    found += [f"code: {c!r} in …{around(text, c)}…" for c in raw_codes(text, lang, data)]
    return found


def around(text: str, found: str) -> str:
    at = max(text.find(found), 0)
    return text[max(at - 40, 0):at + len(found) + 40].replace("\n", " ⏎ ")


def test_every_page_in_both_languages_shows_only_that_language(app, everyone):
    with app.test_request_context():
        stored_codes()  # the label maps are read once, with the app's Babel
        data = data_strings(_db.session)
    urls = page_urls(app, everyone)
    shown, problems, errors = defaultdict(set), [], []
    for lang in LANGUAGES:
        for role, client in everyone["clients"].items():
            client.get(f"/lang/{lang}")
            with client.session_transaction() as session:
                session.pop("_flashes", None)  # said in the other language, on pages not shown
            for endpoint, addresses in urls.items():
                for url in addresses:
                    response = client.get(url)
                    if response.status_code >= 500:
                        errors.append(f"{role} {url}: {response.status_code}")
                    if not is_page(response):
                        continue
                    shown[lang].add(endpoint)
                    problems += [f"{lang} {role:11} {url}: {p}"
                                 for p in problems_of(response.get_data(as_text=True), lang, data)]
    assert errors == []
    assert problems == [], "\n" + "\n".join(problems)
    for lang in LANGUAGES:
        assert sorted(set(urls) - shown[lang]) == [], f"pages nobody could open in {lang}"


# Forms whose empty post is no error, by design (endpoint: why).
NO_ERROR_STATE = {
    "evaluation.answer": "the world's questions are optional: an empty questionnaire is an answer",
    "evaluation.settings": "switches only",
    "events.event_meeting": "empty fields take the event's meeting away",
    "attendance.save_rules": "empty check-in codes and unticked boxes are rules too",
    "attendance.mark": "'no mark' is one of the marks",
    "reminders.send": "a session chosen from a list, nothing typed",
    "materials.minutes": "empty minutes may be saved (publishing them is refused)",
}


def browser_empty(form) -> dict[str, list[str]]:
    """What a browser sends when nothing is typed: hidden values as they are, every text field
    empty, each list at its first option, no box ticked, no file."""
    data: dict[str, list[str]] = {}
    for name, kind, value in form.fields:
        if kind == "hidden":
            data.setdefault(name, []).append(value)
        elif kind == "select":
            data.setdefault(name, []).append((form.options.get(name) or [""])[0])
        elif kind.startswith(("checkbox", "radio")) or kind in ("submit", "button", "file", "image", "reset"):
            continue
        else:
            data.setdefault(name, []).append("")
    return data


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    try:
        return app.url_map.bind("localhost").match(urlsplit(url).path, method=method)[0]
    except Exception:  # noqa: BLE001  (not one of ours: no endpoint)
        return None


def error_containers(html: str) -> list[list[str]]:
    """The messages beside each field (one element per field holding its messages)."""
    groups = re.findall(r'<span id="[^"]+-error">(.*?)</span>', html, flags=re.S)
    return [[unescape(m).strip() for m in re.findall(r"<small[^>]*>(.*?)</small>", g, flags=re.S)] for g in groups]


def unlinked_errors(html: str) -> list[str]:
    """Fields marked invalid whose message is not linked to them (aria-describedby naming an
    element of the page), so a screen reader would not read it with the field."""
    unlinked = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*aria-invalid=\"true\"[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        if not described or any(f'id="{i}"' not in html for i in described.group(1).split()):
            unlinked.append(name.group(1) if name else tag[:80])
    return unlinked


def test_every_forms_error_state_in_both_languages(app, everyone):
    """Each form a page offers, posted with nothing typed (what it shows: its field errors,
    WTForms' included, in the page's language, each said once and linked to its field)."""
    urls = page_urls(app, everyone)
    forms, seen = [], set()
    for role, client in everyone["clients"].items():
        client.get("/lang/id")
        for addresses in urls.values():
            for url in addresses:
                response = client.get(url)
                if not is_page(response):
                    continue
                for form in post_forms(response.get_data(as_text=True), urlsplit(url).path):
                    shape = re.sub(r"\d+", "N", urlsplit(form.action).path)
                    fillable = [n for n, kind, _v in form.fields if n != "csrf_token" and kind not in (
                        "hidden", "submit", "button") and not kind.endswith("-off")]
                    if shape in seen or not fillable or form.action == "/logout":
                        continue
                    seen.add(shape)
                    forms.append((role, form))
    assert len(forms) >= 30, [f.action for _r, f in forms]
    with app.test_request_context():
        data = data_strings(_db.session)
    problems, errors, quiet = [], [], []
    for role, form in forms:
        client = everyone["clients"][role]
        payload = browser_empty(form)
        for lang in LANGUAGES:
            client.get(f"/lang/{lang}")
            response = client.post(form.action, data=payload,
                                   content_type="multipart/form-data" if form.multipart else None)
            if response.status_code >= 500:
                errors.append(f"{role} {form.action} ({lang}): {response.status_code}")
                continue
            landed = form.action
            if response.status_code in (301, 302, 303):
                landed = response.headers["Location"]
                response = client.get(landed)
            html = response.get_data(as_text=True)
            if response.mimetype != "text/html":
                continue
            if response.status_code == 200 and "field-error" not in html and 'class="flash error"' not in html \
                    and endpoint_of(app, form.action, "POST") not in NO_ERROR_STATE:
                quiet.append(f"{form.action} ({role}, {lang}: {visible_text(html)[-300:]!r})")
            problems += [f"{lang} {role:11} POST {form.action}: {p}" for p in problems_of(html, lang, data)]
            # Nothing typed: one thing to say per field ("required"), said once.
            problems += [f"{lang} {role:11} POST {form.action}: one field, several messages {m}"
                         for m in error_containers(html) if len(m) > 1]
            problems += [f"{lang} {role:11} POST {form.action}: {name}'s message is not linked to it"
                         for name in unlinked_errors(html)]
    assert errors == []
    assert problems == [], "\n" + "\n".join(problems)
    assert quiet == [], "forms that showed no error when posted empty:\n" + "\n".join(quiet)


def test_every_wtforms_message_has_indonesian_words():
    """WTForms has no Indonesian catalogue: each of its messages (read from its source) is worded
    in core/forms.py, so no validator can put English on an Indonesian page."""
    from lokakarya.core.forms import WTFORMS_INDONESIAN

    assert len(wtforms_messages()) > 30
    assert [m for m in wtforms_messages() if m not in WTFORMS_INDONESIAN] == []
