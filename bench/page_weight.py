"""Page weight at national scale: what a phone downloads on the first visit of the event page
and of the registration form (HTML + CSS + JS, bytes as sent to a browser that accepts
gzip/br), with a directory of 50 agencies and with the national one (38 provinces and their
514 regencies/cities × Setda, DPMPTSP, Dukcapil = 1,656 agencies). Target: <= 30 KB each.

    .venv/bin/python bench/page_weight.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/page_weight.py
"""
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from calendar_bench import setup_app  # noqa: E402  (same app and database set-up)

BUDGET = 30 * 1024


def main() -> None:
    from lokakarya.agencies.models import Agency
    from lokakarya.auth.services import create_user
    from lokakarya.demo.national import add_directory, add_national_event
    from lokakarya.demo.weight import first_load
    from lokakarya.extensions import db

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='lk-bench-')}/bench.db"
    app = setup_app(url)
    with app.app_context():
        organiser = create_user(f"bench-{time.time_ns()}@example.go.id", "Penyelenggara", "organiser",
                                "kata-sandi-bench-9")
        db.session.flush()
        slug = f"nasional-{time.time_ns()}"
        add_national_event(slug, organiser.id)
        db.session.execute(db.delete(Agency))
        db.session.commit()
    client = app.test_client()
    print(f"database: {url.split(':', 1)[0]}; bytes as sent (bodies), Accept-Encoding gzip, br")
    print(f"{'agencies':>8}  {'page':<22} {'HTML':>7} {'CSS':>7} {'JS':>7} {'total':>8}  (budget {BUDGET})")
    for size in (50, None):
        with app.app_context():
            db.session.execute(db.delete(Agency))
            count = add_directory(size)
            db.session.commit()
        for label, path in (("event page", f"/events/{slug}"),
                            ("registration form", f"/events/{slug}/register"),
                            ("form, Jawa Timur", f"/events/{slug}/register?province=35")):
            w = first_load(client, path)
            flag = "ok" if w.total <= BUDGET else "OVER"
            print(f"{count:>8}  {label:<22} {w.html:>7} {w.css:>7} {w.js:>7} {w.total:>8}  {flag}")


if __name__ == "__main__":
    main()
