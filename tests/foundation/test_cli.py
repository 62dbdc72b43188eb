"""`flask users create` and `flask users token`, as DESIGN.md describes them."""
from lokakarya.auth.services import find_user
from lokakarya.extensions import db
from tests.conftest import login
from tests.foundation.conftest import link_in, outbox_rows


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_with_password_can_sign_in(app, client):
    result = run(app, "users", "create", "--email", "Rina@KemenPANRB.go.id", "--name", "Rina",
                 "--role", "organiser", "--password", "rahasia-2020")
    assert result.exit_code == 0, result.output
    assert "created user" in result.output and "rina@kemenpanrb.go.id" in result.output
    assert login(client, "rina@kemenpanrb.go.id", "rahasia-2020").status_code == 302
    assert outbox_rows(app) == []


def test_create_without_password_e_mails_an_invitation(app, client):
    result = run(app, "users", "create", "--email", "budi@bengkuluprov.go.id", "--name", "Budi",
                 "--role", "province_focal_point", "--province", "17")
    assert result.exit_code == 0, result.output
    assert "invitation queued" in result.output
    [mail] = outbox_rows(app)
    assert mail.recipient == "budi@bengkuluprov.go.id" and mail.kind == "invitation"
    assert client.get(link_in(mail)).status_code == 200
    with app.app_context():
        assert find_user("budi@bengkuluprov.go.id").province_code == "17"


def test_agency_focal_point_with_agency(app):
    from lokakarya.agencies.services import create_agency

    with app.app_context():
        agency_id = create_agency("Dinas Dukcapil Provinsi Bengkulu", "dukcapil", "17", None).id
        db.session.commit()
    result = run(app, "users", "create", "--email", "siti@example.go.id", "--name", "Siti",
                 "--role", "agency_focal_point", "--agency-id", str(agency_id), "--password", "rahasia-2020")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert find_user("siti@example.go.id").agency_id == agency_id


def test_bad_input_is_refused_with_a_message_and_creates_nothing(app, make_user):
    make_user("organiser", email="taken@example.go.id")
    cases = [
        (["--email", "a@example.go.id", "--name", "A", "--role", "boss"], "'boss' is not one of"),
        (["--email", "a@example.go.id", "--name", "A", "--role", "agency_focal_point"], "needs --agency-id"),
        (["--email", "a@example.go.id", "--name", "A", "--role", "province_focal_point"], "needs --province"),
        (["--email", "a@example.go.id", "--name", "A", "--role", "organiser", "--password", "short1"],
         "at least 10 characters"),
        (["--email", "taken@example.go.id", "--name", "A", "--role", "organiser"], "exists already"),
        (["--name", "A", "--role", "organiser"], "Missing option '--email'"),
    ]
    for args, message in cases:
        result = run(app, "users", "create", *args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    with app.app_context():
        assert find_user("a@example.go.id") is None
    assert outbox_rows(app) == []


def test_token_is_the_last_line_and_works_against_the_api(app, client, make_user):
    make_user("organiser", email="rina@example.go.id")
    result = run(app, "users", "token", "--email", "RINA@example.go.id")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("lk_") and len(token) > 40
    response = client.post("/api/v1/agencies", headers={"Authorization": f"Bearer {token}"},
                           json={"name": "Kementerian PANRB", "kind": "ministry"})
    assert response.status_code == 201, response.get_json()
    second = run(app, "users", "token", "--email", "rina@example.go.id").output.strip().splitlines()[-1]
    assert second != token


def test_token_for_an_unknown_user_is_refused(app):
    result = run(app, "users", "token", "--email", "nobody@example.go.id")
    assert result.exit_code != 0 and "no user with e-mail nobody@example.go.id" in result.output
