"""An uploaded file whose name carries control characters is refused with a message beside the
file field (or above the form), and nothing is stored: materials, delegation lists, attendance
reports and follow-up evidence alike."""
import io

import pytest
import sqlalchemy as sa

from lokakarya.attendance.models import AttendanceImport
from lokakarya.demo.seed import SLUG
from lokakarya.extensions import db as _db
from lokakarya.followup.models import ActionUpdate
from lokakarya.materials.models import Material
from lokakarya.registration.models import Registration
from tests.attendance.helpers import sample
from tests.conftest import strip_tags
from tests.foundation.hostile_world import sign_in
from tests.materials.samples import PDF

NAMES = ["paparan\x00.pdf", "paparan\x01.pdf", "pa\x1bparan.pdf", "paparan\x7f.pdf"]


def posts(world):
    """(who, url, form data without the file, file field, file content, what counts the stored rows)."""
    delegation = b"nama,nip,jabatan,email,ponsel\nA,198609262015051001,B,a@b.go.id,081273001104\n"
    return {
        "materials": ("organiser", f"/events/{SLUG}/materials/upload",
                      {"session_id": str(world["session"]), "title": "Paparan", "visibility": "public"},
                      "file", PDF, Material),
        "attendance": ("organiser", f"/events/{SLUG}/attendance/import",
                       {"timezone": "Asia/Jakarta", "date_order": "mdy"}, "file",
                       sample("zoom-participants.csv"), AttendanceImport),
        "delegation": ("agency", "/events/uji/delegation", {"consent": "y"}, "file", delegation, Registration),
        "evidence": ("province", f"/follow-up/items/{world['item']}/updates", {"note": "Bukti"},
                     "evidence_file", PDF, ActionUpdate),
    }


def count(app, model) -> int:
    with app.app_context():
        return _db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


@pytest.mark.parametrize("where", ["materials", "attendance", "delegation", "evidence"])
def test_file_names_with_control_characters_are_refused(app, client, world, where):
    who, url, data, field, content, model = posts(world)[where]
    sign_in(client, who, world)
    before = count(app, model)
    for name in NAMES:
        response = client.post(url, data={**data, field: (io.BytesIO(content), name)},
                               content_type="multipart/form-data", follow_redirects=True)
        assert response.status_code in (200, 422), name
        assert "Nama berkas berisi karakter tak terlihat" in strip_tags(response.get_data(as_text=True)), name
    assert count(app, model) == before
    # The same file under a plain name is taken.
    response = client.post(url, data={**data, field: (io.BytesIO(content), "berkas.pdf" if content is PDF
                                                      else "berkas.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert count(app, model) > before
