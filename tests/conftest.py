"""Test fixtures: one database per test run (SQLite, or PostgreSQL via TEST_DATABASE_URL),
built by the real migrations, emptied (but for region data) after every test."""
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from lokakarya import create_app
from lokakarya.extensions import db as _db

REFERENCE_TABLES = {"provinces", "regencies", "alembic_version"}
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def _database_url(tmp_root: Path) -> str:
    suffix = _worker_suffix()
    if not PG_URL:
        return f"sqlite:///{tmp_root / f'test{suffix}.db'}"
    if not suffix:
        return PG_URL
    # One database per xdist worker, created next to the configured one.
    base, _, name = PG_URL.rpartition("/")
    worker_db = f"{name}_{suffix}"
    engine = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": worker_db}).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{worker_db}"'))
    engine.dispose()
    return f"{base}/{worker_db}"


def reset_schema(url: str) -> None:
    """Start from an empty database so the migrations build everything."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        else:
            for table in sa.inspect(conn).get_table_names():
                conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table}"'))
    engine.dispose()


def test_config(url: str, tmp_root: Path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_DELIVER_INLINE": False,
        "MAIL_URL": "",
        "OUTBOX_DIR": str(tmp_root / "outbox"),
        "UPLOAD_DIR": str(tmp_root / "uploads"),
        "BASE_URL": "http://lokakarya.test",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lokakarya")


@pytest.fixture(scope="session")
def database_url(tmp_root) -> str:
    return _database_url(tmp_root)


@pytest.fixture(scope="session")
def app(database_url, tmp_root):
    os.environ.setdefault("INSTANCE_PATH", str(tmp_root / "instance"))
    reset_schema(database_url)
    application = create_app(test_config(database_url, tmp_root))
    from flask_migrate import upgrade

    with application.app_context():
        upgrade()
    return application


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        _db.session.remove()
        engine = _db.engine
        tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(table.delete())


@pytest.fixture
def make_app(app, database_url, tmp_root):
    """make_app(**config) → another app on the test database with those settings (CSRF, rate
    limits, mail), e.g. `make_app(RATELIMIT_ENABLED=True)`."""
    from lokakarya.extensions import limiter

    was_enabled = limiter.enabled
    limited, built = [], []

    def build(**overrides):
        limited.append(overrides.get("RATELIMIT_ENABLED", False))
        built.append(create_app(test_config(database_url, tmp_root, **overrides)))
        return built[-1]

    yield build
    for extra in built:  # close its connections (PostgreSQL is shared by everyone's tests)
        with extra.app_context():
            _db.engine.dispose()
    # The limiter is one object shared by every app in this process: switch it back for the
    # session's app and forget the hits counted here.
    limiter.enabled = was_enabled
    if any(limited):
        limiter.reset()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def db(app_ctx):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """make_user(role, email=…, password=…, agency_id=…, province_code=…) → committed User."""
    from lokakarya.auth.services import create_user

    counter = iter(range(1, 10_000))

    def factory(role="organiser", email=None, password="correct-horse-9", **kwargs):
        with app.app_context():
            user = create_user(email or f"{role}{next(counter)}@example.go.id",
                               kwargs.pop("name", role.title()), role, password, **kwargs)
            _db.session.commit()
            _db.session.refresh(user)
            _db.session.expunge(user)
            return user

    return factory


def login(client, email: str, password: str = "correct-horse-9"):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client, make_user):
    """login_as(role, **kwargs) → the signed-in User (on the `client` fixture)."""

    def do(role="organiser", **kwargs):
        user = make_user(role, **kwargs)
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return do


@pytest.fixture
def api_token(app, make_user):
    """api_token(role, **kwargs) → (user, bearer token)."""
    from lokakarya.auth.tokens import issue_api_token

    def do(role="organiser", **kwargs):
        user = make_user(role, **kwargs)
        with app.app_context():
            token = issue_api_token(_db.session.get(type(user), user.id))
            _db.session.commit()
        return user, token

    return do


@pytest.fixture
def demo(app):
    """The seeded 2020 workshop."""
    from lokakarya.demo.seed import seed

    with app.app_context():
        summary = seed()
        _db.session.commit()
    return summary


@pytest.fixture
def stored(app):
    """A function reading every stored text (names, titles: Indonesian in both languages), which
    the language checks of tests/languages.py leave aside."""
    from tests.languages import data_strings, stored_codes

    with app.test_request_context():
        stored_codes()  # the label maps, read once with the app's Babel

    def read():
        with app.app_context():
            return data_strings(_db.session)

    return read


@contextmanager
def count_queries(engine):
    """Count the SQL statements run on `engine` inside the block: `with count_queries(e) as n: …; n[0]`."""
    counter = [0]

    def before(*_args, **_kwargs):
        counter[0] += 1

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def query_counter(app):
    """query_counter() → a context manager counting statements: `with query_counter() as n:`."""
    with app.app_context():
        engine = _db.engine
    return lambda: count_queries(engine)


@pytest.fixture
def smtp_server():
    """A strict SMTP server (aiosmtpd) on a free local port (tests/smtp_servers.py): `.url`,
    `.messages`, `.refused`, `.connections`, `.unknown`."""
    from tests.smtp_servers import StrictSmtpServer

    with StrictSmtpServer() as server:
        yield server


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free local port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# --- browser -----------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser test: {CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


# --- what may be skipped -----------------------------------------------------------------

def pytest_configure(config):
    if IN_CI and not PG_URL:
        # CI runs the suite again on PostgreSQL; there these tests run. Deselecting them here
        # (rather than skipping) keeps "nothing skipped under CI" true, and pytest counts them.
        expr = config.option.markexpr
        config.option.markexpr = f"({expr}) and not postgres" if expr else "not postgres"
        config._lokakarya_note = ("PostgreSQL-only tests (marked 'postgres') are deselected on SQLite; "
                                  "CI runs them in its PostgreSQL pass")


def pytest_collection_modifyitems(config, items):
    if PG_URL or IN_CI:
        return
    marker = pytest.mark.skip(reason="PostgreSQL-only: set TEST_DATABASE_URL="
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    fuzzed = [(report.nodeid, value) for reports in terminalreporter.stats.values() for report in reports
              if getattr(report, "when", None) == "teardown"
              for name, value in getattr(report, "user_properties", ()) if name == "api_fuzz_cases"]
    if fuzzed:
        failed = {r.nodeid for r in terminalreporter.stats.get("failed", [])}
        terminalreporter.write_line(
            f"API fuzz run (tests/api_fuzz): {sum(v for _n, v in fuzzed)} generated requests in "
            f"{len(fuzzed)} operation × role tests, {sum(1 for n, _v in fuzzed if n in failed)} failed")
    note = getattr(config, "_lokakarya_note", None)
    if note:
        terminalreporter.write_line(note)
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped; reasons are listed above (-ra).")
    if IN_CI and skipped:
        terminalreporter.write_line("CI=true: skipped tests are not allowed here.", red=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1


def strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
