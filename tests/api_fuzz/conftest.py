import pytest

from lokakarya.extensions import db
from tests.api_fuzz.harness import CURRENT, SENT
from tests.api_fuzz.world import build_world


@pytest.fixture
def world_for(app, request):
    """world_for(role) → the seeded World; afterwards the number of requests the test sent is
    recorded as the property `api_fuzz_cases` (summed at the end of the run, see tests/conftest.py)."""
    before = sum(SENT.values())

    def build(role):
        with app.app_context():
            world = build_world(role)
            db.session.remove()
        CURRENT["values"] = world.values
        return world

    yield build
    request.node.user_properties.append(("api_fuzz_cases", sum(SENT.values()) - before))
