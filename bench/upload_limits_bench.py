"""Uploads over their row limit are refused while reading: how long the refusal takes and the
peak memory it needs, for files that once held a gunicorn worker past its 30 s timeout.

- a 300,000-row delegation XLSX (about 5 MB, as Excel saves it: shared strings), posted to
  /events/<slug>/delegation by an agency focal point (limit: 500 rows);
- a zip bomb: an XLSX of 8 MB whose sheet inflates to 2 GB (refused by its declared size), and
  one of 50 KB that inflates to 60 MB (read until its row 501);
- a Zoom attendance report of 100,001 rows (13 MB, limit 100,000), posted to the import page.

Figures are printed, never asserted (speed is not checked by tests).

    .venv/bin/python bench/upload_limits_bench.py
"""
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def measured(label: str, action) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<52} {seconds:6.2f} s  peak {peak / 1e6:7.1f} MB  → {outcome}")


def main() -> None:
    from tests.xlsx_files import delegation_rows, xlsx, zip_bomb

    started = time.perf_counter()
    big = xlsx(delegation_rows(300_000), shared_strings=True)
    print(f"built the 300,000-row XLSX: {len(big) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    bomb = zip_bomb(2 * 1024 ** 3)
    small_bomb = zip_bomb(60 * 1024 ** 2)
    print(f"built the zip bombs: {len(bomb) / 1e6:.1f} MB → 2 GB and {len(small_bomb) / 1e3:.0f} KB → 60 MB "
          f"in {time.perf_counter() - started:.1f} s")

    from lokakarya.registration import upload

    def refuse(data: bytes):
        def run():
            try:
                upload.parse_rows("delegasi.xlsx", data)
            except upload.UploadError as refused:
                return refused.problem.code
            return "accepted"
        return run

    print("reading (lokakarya.registration.upload.parse_rows):")
    measured("300,000-row XLSX", refuse(big))
    measured("zip bomb, 2 GB inflated", refuse(bomb))
    measured("zip bomb, 60 MB inflated", refuse(small_bomb))

    with tempfile.TemporaryDirectory() as directory:
        os.environ.setdefault("INSTANCE_PATH", directory)
        app, client, report = _app_with_event(directory)
        print("through the app (POST, one request each):")
        measured("delegation: 300,000-row XLSX", lambda: client.post(
            "/events/uji/delegation", content_type="multipart/form-data",
            data={"file": (io.BytesIO(big), "delegasi.xlsx"), "consent": "y"}).status_code)
        measured("delegation: zip bomb, 2 GB inflated", lambda: client.post(
            "/events/uji/delegation", content_type="multipart/form-data",
            data={"file": (io.BytesIO(bomb), "delegasi.xlsx"), "consent": "y"}).status_code)
        client.post("/logout")
        client.post("/login", data={"email": "panitia@example.go.id", "password": "kuda-benar-baterai-9"})
        measured(f"attendance: 100,001-row Zoom report ({len(report) / 1e6:.0f} MB)", lambda: client.post(
            "/events/uji/attendance/import", content_type="multipart/form-data",
            data={"file": (io.BytesIO(report), "zoom.csv"), "timezone": "Asia/Jakarta",
                  "date_order": "mdy"}).status_code)


def _app_with_event(directory: str):
    from flask_migrate import upgrade

    from lokakarya import create_app
    from lokakarya.agencies.models import Agency
    from lokakarya.auth.services import create_user
    from lokakarya.extensions import db
    from tests.attendance.test_report_limits import zoom_with
    from tests.registration.factory import make_event

    url = f"sqlite:///{directory}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "MAIL_DELIVER_INLINE": False, "MAIL_URL": ""})
    with app.app_context():
        upgrade()
        make_event(slug="uji", provinces=("17",))
        agency = Agency(name="Dinas Uji", kind="dukcapil", province_code="17")
        db.session.add(agency)
        db.session.flush()
        create_user("focal@example.go.id", "Focal", "agency_focal_point", "kuda-benar-baterai-9",
                    agency_id=agency.id)
        create_user("panitia@example.go.id", "Panitia", "organiser", "kuda-benar-baterai-9")
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "focal@example.go.id", "password": "kuda-benar-baterai-9"})
    return app, client, zoom_with(100_001)


if __name__ == "__main__":
    main()
