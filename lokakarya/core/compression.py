"""HTML and JSON answers gzip-compressed for clients that accept it (static files are
compressed ahead of time, core/assets). Runs after every other after_request hook has set its
headers; the CSP and the validators stay. A compressed body is another representation of the
same page, so its ETag becomes weak (`W/"…"`): If-None-Match compares weakly, so a client's
stored copy still gets its 304."""
import gzip

from flask import Flask, Response, request

COMPRESSIBLE = ("text/html", "application/json")
MINIMUM = 500  # bytes: below this gzip's own overhead is not worth it


def init_app(app: Flask) -> None:
    # Registered first, so it runs last (Flask runs after_request hooks in reverse order).
    app.after_request_funcs.setdefault(None, []).insert(0, compress)


def compress(response: Response) -> Response:
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code in (204, 304) or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers
            or "gzip" not in request.accept_encodings):
        return response
    body = response.get_data()
    if len(body) < MINIMUM:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response
