"""Whole-app error answers: 405 carries Allow; a body over MAX_CONTENT_LENGTH answers 413 (page in
the user's language, the API's JSON shape) also when it is streamed without Content-Length;
a database that cannot be reached answers 503 with Retry-After to pages, API calls and posts."""
import http.client
import json
import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from lokakarya.extensions import db as _db
from tests.conftest import strip_tags

# --- 405 ----------------------------------------------------------------------------------------

# (method, path, methods the path does allow)
NOT_ALLOWED = [
    ("POST", "/", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/healthz", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/logout", {"POST", "OPTIONS"}),
    ("PUT", "/login", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("GET", "/events/uji/registrations/decide", {"POST", "OPTIONS"}),
    ("PATCH", "/events/uji/register", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("DELETE", "/api/v1/events", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("PUT", "/api/v1/provinces", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/api/v1/events/uji/registrations", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("GET", "/api/v1/registrations/1", {"PATCH", "OPTIONS"}),
]


@pytest.mark.parametrize(("method", "path", "allowed"), NOT_ALLOWED)
def test_405_names_the_allowed_methods(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "method_not_allowed"
    else:
        assert "405 · Metode tidak diizinkan" in response.get_data(as_text=True)


# --- 413 ----------------------------------------------------------------------------------------

@contextmanager
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()


def post_raw(port: int, path: str, size: int, chunked: bool, content_type: str, headers=None):
    """POST `size` bytes, declared or streamed in chunks (no Content-Length), over a real socket."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = (b"a=" + b"x" * (size - 2)) if "form" in content_type else b"[" + b"1," * (size // 2 - 1) + b"1]"
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", content_type)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    try:
        for start in range(0, len(body), 64 * 1024):
            piece = body[start:start + 64 * 1024]
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered before reading it all: the answer is what counts
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_page_post_over_the_limit_answers_413_in_the_users_language(make_app, chunked, lang):
    app = make_app(MAX_CONTENT_LENGTH=256 * 1024, WTF_CSRF_ENABLED=True)
    with served(app) as port:
        status, _headers, html = post_raw(port, f"/login?lang={lang}", 300 * 1024, chunked,
                                          "application/x-www-form-urlencoded")
    assert status == 413
    text = strip_tags(html)
    if lang == "id":
        assert "413 · Berkas terlalu besar" in text
        assert "Kiriman (berkas dan isian bersama-sama) melebihi batas 256 KB." in text
    else:
        assert "413 · File too large" in text and "larger than the 256 KB limit" in text


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_an_api_post_over_the_limit_answers_413_as_json(make_app, api_token, chunked):
    _user, token = api_token("organiser")
    app = make_app(MAX_CONTENT_LENGTH=256 * 1024)
    with served(app) as port:
        status, _headers, body = post_raw(port, "/api/v1/events", 300 * 1024, chunked, "application/json",
                                          {"Authorization": f"Bearer {token}"})
    assert status == 413
    assert '"code":"too_large"' in body.replace(" ", "")


def test_a_streamed_body_within_the_limit_arrives_whole(make_app):
    """Werkzeug cut a streamed body at the limit without a word: a form arrived truncated."""
    app = make_app(MAX_CONTENT_LENGTH=256 * 1024)
    from flask import request

    @app.post("/_echo_length")
    def echo_length():
        return {"length": len(request.form.get("a", ""))}

    with served(app) as port:
        status, _headers, body = post_raw(port, "/_echo_length", 200 * 1024, True,
                                          "application/x-www-form-urlencoded")
        assert (status, json.loads(body)) == (200, {"length": 200 * 1024 - 2})
        status, _headers, _body = post_raw(port, "/_echo_length", 257 * 1024, True,
                                           "application/x-www-form-urlencoded")
        assert status == 413


# --- 503 ----------------------------------------------------------------------------------------

def unreachable(kind: str, tmp_path) -> str:
    if kind == "postgresql":
        return "postgresql+psycopg://postgres@127.0.0.1:9/lokakarya?connect_timeout=2"  # port 9: closed
    return f"sqlite:///{tmp_path}/no/such/dir/lokakarya.db"


def requests_of(client, token: str):
    """A page, a signed-in page, an API read, an API write, a form post."""
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # a signed-in visitor: the page must not ask for the user either
    signed_in = client.get("/events/uji")
    with client.session_transaction() as session:
        session.clear()
    return {
        "page": client.get("/"),
        "signed-in page": signed_in,
        "api read": client.get("/api/v1/events"),
        "api write": client.post("/api/v1/events", json={"title": "x"}, headers={"Authorization": f"Bearer {token}"}),
        "form post": client.post("/events/uji/register", data={"name": "A", "consent": "y"}),
        "login post": client.post("/login", data={"email": "a@b.go.id", "password": "kuda-benar-9"}),
    }


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_an_unreachable_database_answers_503_with_retry_after(make_app, tmp_path, kind):
    app = make_app(SQLALCHEMY_DATABASE_URI=unreachable(kind, tmp_path))
    client = app.test_client()
    for name, response in requests_of(client, "no-such-token").items():
        assert response.status_code == 503, (name, response.status_code)
        assert response.headers["Retry-After"] == "30", name
        if name.startswith("api"):
            assert response.get_json()["error"]["code"] == "unavailable", name
        else:
            text = strip_tags(response.get_data(as_text=True))
            assert "503 · Layanan sedang tidak tersedia" in text and "Tidak ada yang tersimpan" in text, name
    english = client.get("/?lang=en")
    assert "503 · Service unavailable" in strip_tags(english.get_data(as_text=True))
    # /healthz keeps its shape.
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "error" and health.get_json()["database"].startswith("error")


def test_a_full_connection_pool_answers_503(make_app):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2})
    with app.app_context():
        held = _db.engine.connect()  # the pool's only connection, taken by "another request"
        held.execute(sa.text("SELECT 1"))
    try:
        response = app.test_client().get("/api/v1/provinces")
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        page = app.test_client().get("/")
        assert page.status_code == 503
    finally:
        held.close()
    assert app.test_client().get("/api/v1/provinces").status_code == 200
