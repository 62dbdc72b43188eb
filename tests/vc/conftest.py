"""Fixtures of the vc tests: the strict local Zoom and an app configured to use it."""
import pytest

from tests.vc.zoom_server import ZoomServer


@pytest.fixture
def zoom():
    with ZoomServer() as server:
        yield server


@pytest.fixture
def zapp(make_app, zoom):
    """The app (as in production) with ZOOM_API_URL / ZOOM_OAUTH_URL pointing at `zoom`."""
    return make_app(**zoom.config())
