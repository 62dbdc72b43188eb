"""Opening the round (mails, invitations), the province's draft → submitted → returned →
resubmitted cycle, and refusals that change nothing."""
import email

from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionItem, FollowupRound, Issue, Submission
from lokakarya.mail.models import OutboxMessage
from tests.conftest import login, strip_tags


def _mails(app, kind=None):
    with app.app_context():
        rows = _db.session.query(OutboxMessage).all()
        return [(r.recipient, r.kind, email.message_from_bytes(r.raw)) for r in rows if kind in (None, r.kind)]


def test_opening_the_round_mails_focal_points_and_invites_missing_ones(app, client, world, users):
    login(client, users["organiser"].email)
    response = client.post(f"/events/{world.slug}/follow-up/open", data={
        "deadline": "2020-11-30 23:59", "contact_94": "fp.papua@example.go.id"})
    assert response.status_code == 302
    sent = _mails(app, "followup_round")
    assert sorted(r for r, _k, _m in sent) == ["fp.papua@example.go.id", "fp17@example.go.id", "fp73@example.go.id"]
    body = sent[0][2].get_payload(decode=True).decode()
    assert f"/events/{world.slug}/follow-up/provinces/" in body and "30 November 2020 23.59 WIB" in body
    invitations = _mails(app, "invitation")
    assert [r for r, _k, _m in invitations] == ["fp.papua@example.go.id"]
    with app.app_context():
        rnd = _db.session.query(FollowupRound).one()
        assert rnd.deadline.isoformat() == "2020-11-30T16:59:00+00:00"
        assert sorted(s.province_code for s in _db.session.query(Submission)) == ["17", "73", "94"]
    page = strip_tags(client.get(f"/events/{world.slug}/follow-up").get_data(as_text=True))
    assert "fp.papua@example.go.id" in page
    # A second opening is refused and sends nothing.
    client.post(f"/events/{world.slug}/follow-up/open", data={"deadline": "2020-12-30 23:59"})
    assert len(_mails(app, "followup_round")) == 3


def test_remind_reaches_only_provinces_that_have_not_submitted(app, client, world, users, open_submissions):
    with app.app_context():
        _db.session.add(FollowupRound(event_id=world.event_id, deadline=__import__("datetime").datetime(
            2020, 11, 30, 17, tzinfo=__import__("datetime").UTC)))
        _db.session.query(Submission).filter_by(province_code="17").update({"state": "submitted"})
        _db.session.commit()
    login(client, users["organiser"].email)
    client.post(f"/events/{world.slug}/follow-up/remind")
    assert [r for r, _k, _m in _mails(app, "followup_round_reminder")] == ["fp73@example.go.id"]


def test_bad_deadline_changes_nothing(app, client, world, users):
    login(client, users["organiser"].email)
    response = client.post(f"/events/{world.slug}/follow-up/open", data={"deadline": "besok"},
                           follow_redirects=True)
    assert "Waktu tidak valid" in response.get_data(as_text=True)
    with app.app_context():
        assert _db.session.query(FollowupRound).count() == 0
    assert _mails(app) == []


def test_submit_return_fix_resubmit(app, client, world, users, open_submissions):
    base = f"/events/{world.slug}/follow-up/provinces/17"
    login(client, users["fp17"].email)
    # Submitting an empty submission is refused.
    text = client.post(f"{base}/submit", follow_redirects=True).get_data(as_text=True)
    assert "Tambahkan setidaknya satu" in text
    client.post(f"{base}/issues", data={"category": "sarana_prasarana", "description": "Belum ada MPP",
                                        "agency_id": world.agencies["17"]})
    with app.app_context():
        issue_id = _db.session.query(Issue.id).scalar()
    client.post(f"{base}/commitments", data={
        "title": "Pelayanan prima berbasis online", "agency_id": world.agencies["17"], "due_date": "2021-12-31",
        "expected_output": "Sistem terintegrasi", "issue_ids": [str(issue_id)]})
    with app.app_context():
        item = _db.session.query(ActionItem).one()
        assert (item.kind, item.tracked, item.category, [i.id for i in item.issues]) == (
            "commitment", False, "sarana_prasarana", [issue_id])
    client.post(f"{base}/submit")
    with app.app_context():
        assert _db.session.query(Submission).filter_by(province_code="17").one().state == "submitted"
        assert _db.session.query(ActionItem).one().tracked
    # Submitted: the focal point can no longer change it.
    text = client.post(f"{base}/issues", data={"category": "lainnya", "description": "Terlambat"},
                       follow_redirects=True).get_data(as_text=True)
    assert "tidak dapat diubah" in text
    client.post("/logout")
    login(client, users["organiser"].email)
    client.post(f"{base}/return", data={"comment": "Lengkapi keluaran yang diharapkan."})
    client.post("/logout")
    login(client, users["fp17"].email)
    page = strip_tags(client.get(base).get_data(as_text=True))
    assert "Dikembalikan" in page and "Lengkapi keluaran yang diharapkan." in page
    client.post(f"/follow-up/issues/{issue_id}/edit", data={"category": "sarana_prasarana",
                                                            "description": "Belum ada Mal Pelayanan Publik"})
    client.post(f"{base}/submit")
    with app.app_context():
        assert _db.session.query(Submission).filter_by(province_code="17").one().state == "submitted"
        assert _db.session.get(Issue, issue_id).description == "Belum ada Mal Pelayanan Publik"


def test_commitment_with_another_provinces_agency_or_issue_is_refused(app, client, world, users, open_submissions,
                                                                      add_issue):
    foreign_issue = add_issue("73")
    login(client, users["fp17"].email)
    base = f"/events/{world.slug}/follow-up/provinces/17"
    text = client.post(f"{base}/commitments", data={
        "title": "X", "agency_id": world.agencies["73"], "due_date": "2021-13-01",
        "issue_ids": [str(foreign_issue)]}, follow_redirects=True).get_data(as_text=True)
    assert "Instansi tidak dikenal" in text and "Tanggal tidak valid" in text and "Permasalahan tidak dikenal" in text
    with app.app_context():
        assert _db.session.query(ActionItem).count() == 0
