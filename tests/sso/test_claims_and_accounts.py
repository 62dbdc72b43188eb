"""What the provider's claims say about a person (pure), and the account they sign in to."""
import pytest

from lokakarya.audit.models import AuditEntry
from lokakarya.auth.models import User
from lokakarya.auth.oidc import ClaimsProblem, Identity, identity_from_claims, settings_problem
from lokakarya.auth.sso_accounts import account_for

ISSUER = "https://sso.kemendagri.go.id/realms/pemda"


def identity(claims: dict) -> Identity:
    return identity_from_claims(claims, "lokakarya_role", "province_code", "agency_id")


def test_claims_map_to_role_province_and_agency():
    got = identity({"sub": "f:1", "email": " Dewi@Bengkulu.go.id ", "email_verified": True,
                    "given_name": "Dewi", "family_name": "Lestari",
                    "lokakarya_role": "PROVINCE_FOCAL_POINT", "province_code": 17, "agency_id": "42"})
    assert got == Identity("f:1", "dewi@bengkulu.go.id", True, "Dewi Lestari", "province_focal_point", "17", 42)


@pytest.mark.parametrize(("value", "role"), [
    (None, None), ("", None), ([], None),
    (["offline_access", "organiser"], "organiser"),  # other roles of the provider beside ours
    (["agency_focal_point", "organiser"], "organiser"),  # the first in the order of ROLES
    ("admin", "admin"),
])
def test_role_claim_values(value, role):
    assert identity({"sub": "s", "lokakarya_role": value}).role == role


@pytest.mark.parametrize(("claims", "reason"), [
    ({"lokakarya_role": "superuser"}, "unknown_role"),
    ({"agency_id": "12a"}, "invalid_agency"),
    ({"sub": ""}, "invalid_subject"),
    ({"email": "not-an-address"}, "invalid_email"),
])
def test_claims_that_cannot_make_an_account(claims, reason):
    with pytest.raises(ClaimsProblem) as caught:
        identity({"sub": "s", **claims})
    assert caught.value.reason == reason


def test_email_verified_as_the_string_some_providers_send():
    assert identity({"sub": "s", "email": "a@b.id", "email_verified": "true"}).email_verified
    assert not identity({"sub": "s", "email": "a@b.id", "email_verified": "false"}).email_verified
    assert not identity({"sub": "s", "email": "a@b.id"}).email_verified


def test_settings_problems():
    ok = {"OIDC_ISSUER": ISSUER, "OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s",
          "OIDC_SCOPES": "openid email profile", "PASSWORD_SIGN_IN": False}
    assert settings_problem(ok) is None
    assert settings_problem({"PASSWORD_SIGN_IN": True}) is None  # no SSO at all
    assert "OIDC_ISSUER must be" in settings_problem({**ok, "OIDC_ISSUER": "sso.example"})


def _who(db, **claims) -> Identity:
    return identity({"sub": "dewi", "email": "dewi@bengkulu.go.id", "email_verified": True, **claims})


def test_the_role_claim_keeps_the_account_in_step_and_is_audited(db):
    created = account_for(_who(db, lokakarya_role="province_focal_point", province_code="17"), ISSUER)
    db.session.commit()
    assert (created.user.role, created.user.province_code) == ("province_focal_point", "17")

    again = account_for(_who(db, lokakarya_role="organiser"), ISSUER)
    db.session.commit()
    assert again.user.id == created.user.id
    assert (again.user.role, again.user.province_code) == ("organiser", None)
    update = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "user.sso_update")).scalar_one()
    assert update.before == {"role": "province_focal_point", "province_code": "17", "agency_id": None}

    without_claim = account_for(_who(db), ISSUER)  # no role claim: the account stays as it is
    assert without_claim.user.role == "organiser" and without_claim.reason == ""


@pytest.mark.parametrize(("claims", "reason"), [
    ({"lokakarya_role": "province_focal_point", "province_code": "99"}, "unknown_province"),
    ({"lokakarya_role": "agency_focal_point"}, "agency_missing"),
    ({"lokakarya_role": "agency_focal_point", "agency_id": 999999}, "unknown_agency"),
    ({"lokakarya_role": "organiser", "email": ""}, "no_email"),
    ({}, "no_role"),
])
def test_no_account_from_claims_that_do_not_hold(db, claims, reason):
    outcome = account_for(_who(db, **claims), ISSUER)
    assert (outcome.user, outcome.reason) == (None, reason)
    assert db.session.execute(db.select(User)).first() is None


def test_an_email_already_linked_to_another_subject_is_not_taken_over(db, make_user):
    make_user("organiser", email="dewi@bengkulu.go.id")
    first = account_for(_who(db), ISSUER)
    assert first.user.oidc_subject == "dewi"
    other = account_for(identity({"sub": "someone-else", "email": "dewi@bengkulu.go.id",
                                  "email_verified": True, "lokakarya_role": "admin"}), ISSUER)
    assert other.reason == "email_linked_elsewhere"
