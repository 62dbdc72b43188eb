"""/users: organisers list accounts, invite focal points (mail through the outbox), deactivate."""
from lokakarya.auth.services import find_user
from lokakarya.extensions import db
from tests.conftest import login
from tests.foundation.conftest import mail_text, outbox_rows

PROVINCES = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32")


def _agency(app, name="Dinas Dukcapil Provinsi Bengkulu", province="17"):
    from lokakarya.agencies.services import create_agency

    with app.app_context():
        agency = create_agency(name, "dukcapil", province, None)
        db.session.commit()
        return agency.id


def test_organiser_sees_users_with_role_and_agency(client, app, login_as, make_user):
    agency_id = _agency(app)
    make_user("agency_focal_point", email="siti@example.go.id", name="Siti Aminah", agency_id=agency_id)
    make_user("province_focal_point", email="budi@example.go.id", name="Budi", province_code="17")
    login_as("organiser")
    html = client.get("/users").get_data(as_text=True)
    assert "Siti Aminah" in html and "Focal point instansi" in html
    assert "Dinas Dukcapil Provinsi Bengkulu" in html
    assert "Focal point provinsi" in html and "Bengkulu" in html


def test_invite_agency_focal_point_queues_an_invitation(client, app, login_as):
    agency_id = _agency(app)
    login_as("organiser", name="Ibu Penyelenggara")
    response = client.post("/users/invite", data={
        "name": "Siti Aminah", "email": "Siti@Dukcapil.Bengkuluprov.go.id",
        "role": "agency_focal_point", "agency_id": str(agency_id)}, follow_redirects=True)
    assert "Undangan dikirim ke siti@dukcapil.bengkuluprov.go.id" in response.get_data(as_text=True)
    [mail] = outbox_rows(app)
    assert mail.kind == "invitation" and mail.subject == "Undangan ke Lokakarya"
    assert "/invite/" in mail_text(mail) and "Siti Aminah" in mail_text(mail)
    with app.app_context():
        user = find_user("siti@dukcapil.bengkuluprov.go.id")
        assert (user.role, user.agency_id, user.password_hash, user.active) == (
            "agency_focal_point", agency_id, None, True)


def test_invitation_mail_is_in_english_when_the_organiser_uses_english(client, app, login_as):
    login_as("organiser")
    client.get("/lang/en")
    client.post("/users/invite", data={"name": "Budi", "email": "budi@example.go.id",
                                       "role": "province_focal_point", "province_code": "17"})
    [mail] = outbox_rows(app)
    assert mail.subject == "Invitation to Lokakarya"


def test_bad_invitations_are_refused_with_messages_and_change_nothing(client, app, login_as, make_user):
    make_user("organiser", email="taken@example.go.id")
    login_as("organiser")
    cases = [
        ({"name": "A", "email": "not-an-address", "role": "province_focal_point", "province_code": "17"}, None),
        ({"name": "A", "email": "a@example.go.id", "role": "agency_focal_point", "agency_id": ""},
         "Focal point instansi memerlukan instansi."),
        ({"name": "A", "email": "a@example.go.id", "role": "agency_focal_point", "agency_id": "999999"},
         "Focal point instansi memerlukan instansi."),
        ({"name": "A", "email": "a@example.go.id", "role": "province_focal_point", "province_code": "99"},
         "Focal point provinsi memerlukan provinsi."),
        ({"name": "A", "email": "taken@example.go.id", "role": "province_focal_point", "province_code": "17"},
         "Sudah ada akun dengan e-mail ini."),
        # an organiser may not create organisers or admins
        ({"name": "A", "email": "a@example.go.id", "role": "admin"}, None),
    ]
    for data, message in cases:
        response = client.post("/users/invite", data=data)
        assert response.status_code == 400, data
        if message:
            assert message in response.get_data(as_text=True)
    assert outbox_rows(app) == []
    with app.app_context():
        assert find_user("a@example.go.id") is None


def test_admin_may_invite_an_organiser(client, app, login_as):
    login_as("admin")
    assert 'value="organiser"' in client.get("/users").get_data(as_text=True)
    client.post("/users/invite", data={"name": "Org", "email": "org@example.go.id", "role": "organiser"})
    with app.app_context():
        assert find_user("org@example.go.id").role == "organiser"


def test_deactivated_focal_point_cannot_sign_in_and_can_be_reactivated(client, app, login_as, make_user):
    focal = make_user("province_focal_point", email="budi@example.go.id", province_code="17")
    login_as("organiser")
    response = client.post(f"/users/{focal.id}/active", data={"active": "0"}, follow_redirects=True)
    assert "dinonaktifkan" in response.get_data(as_text=True)
    other = app.test_client()
    assert login(other, "budi@example.go.id").status_code == 401
    client.post(f"/users/{focal.id}/active", data={"active": "1"})
    assert login(other, "budi@example.go.id").status_code == 302
    with app.app_context():
        from lokakarya.audit.models import AuditEntry

        actions = db.session.execute(db.select(AuditEntry.action).where(AuditEntry.action.like("user.%"))
                                     .order_by(AuditEntry.id)).scalars().all()
        assert actions == ["user.deactivate", "user.activate"]


def test_deactivation_ends_the_open_session_too(client, app, login_as, make_user):
    focal = make_user("province_focal_point", email="budi@example.go.id", province_code="17")
    budi = app.test_client()
    assert login(budi, "budi@example.go.id").status_code == 302
    assert budi.get("/account").status_code == 200
    login_as("organiser")
    client.post(f"/users/{focal.id}/active", data={"active": "0"})
    assert budi.get("/account").status_code == 401


def test_organiser_may_not_deactivate_themselves_or_other_organisers(client, login_as, make_user):
    colleague = make_user("organiser", email="colleague@example.go.id")
    me = login_as("organiser")
    assert client.post(f"/users/{me.id}/active", data={"active": "0"}).status_code == 403
    assert client.post(f"/users/{colleague.id}/active", data={"active": "0"}).status_code == 403
    assert client.post("/users/999999/active", data={"active": "0"}).status_code == 404
    assert login(client.application.test_client(), "colleague@example.go.id").status_code == 302


def test_users_page_runs_a_constant_number_of_statements(client, app, login_as, make_user, query_counter):
    login_as("organiser")

    def measure():
        with query_counter() as n:
            assert client.get("/users").status_code == 200
        return n[0]

    agency_id = _agency(app)

    def add(start, stop):
        for i in range(start, stop):
            make_user("agency_focal_point", agency_id=agency_id, email=f"a{i}@example.go.id")
            make_user("province_focal_point", province_code=PROVINCES[i], email=f"p{i}@example.go.id")

    add(0, 1)
    few = measure()
    add(1, 12)
    assert measure() == few


def test_the_list_says_how_each_person_signs_in_and_who_has_no_second_factor(client, app, login_as, make_user):
    from lokakarya.auth.models import Passkey, User

    sso = make_user("province_focal_point", email="sso@example.go.id", name="Lewat SSO", password=None,
                    province_code="17")
    totp = make_user("organiser", email="totp@example.go.id", name="Pakai Aplikasi")
    key = make_user("organiser", email="key@example.go.id", name="Pakai Passkey")
    make_user("organiser", email="plain@example.go.id", name="Hanya Sandi")
    with app.app_context():
        db.session.get(User, sso.id).oidc_issuer = "https://sso.example.go.id"
        db.session.get(User, sso.id).oidc_subject = "abc-123"
        db.session.get(User, totp.id).totp_secret = "JBSWY3DPEHPK3PXP"
        for n in (1, 2):
            db.session.add(Passkey(user_id=key.id, credential_id=f"cred-{n}", public_key=b"k", name=f"Kunci {n}"))
        db.session.commit()
    login_as("admin", email="admin-users@example.go.id")
    rows = {}
    for language in ("id", "en"):
        client.get(f"/lang/{language}")
        html = client.get("/users").get_data(as_text=True)
        table = html.split('data-testid="users"')[1].split("</table>")[0]
        rows[language] = {row.split("<td>")[1].split("</td>")[0]: " ".join(row.split())
                          for row in table.split("<tr>")[2:]}
    assert 'data-testid="sign-in-methods">SSO' in rows["id"]["Lewat SSO"]
    assert "Aktif" in rows["id"]["Lewat SSO"] and "Diundang" not in rows["id"]["Lewat SSO"]
    assert "kata sandi, aplikasi autentikator" in rows["id"]["Pakai Aplikasi"]
    assert "tanpa faktor kedua" not in rows["id"]["Pakai Aplikasi"]
    assert "kata sandi, 2 passkey" in rows["id"]["Pakai Passkey"]
    assert "kata sandi" in rows["id"]["Hanya Sandi"] and "tanpa faktor kedua" in rows["id"]["Hanya Sandi"]
    assert "password, authenticator app" in rows["en"]["Pakai Aplikasi"]
    assert "no second factor" in rows["en"]["Hanya Sandi"] and "Invited" not in rows["en"]["Lewat SSO"]
