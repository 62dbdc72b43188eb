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


def pytest_collection_modifyitems(items):
    # schemathesis gives every operation's test the function's node id; xdist schedules by node
    # id (with --dist loadfile only the first of equal ids ran), so each gets its operation's.
    from _pytest.nodes import coerce_node_id

    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith(f"[{label}]"):
            item._id = coerce_node_id(f"{item.nodeid}[{label}]")
