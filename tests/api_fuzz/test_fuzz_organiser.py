"""The API fuzz run as an organiser (see harness.py)."""
import pytest

from tests.api_fuzz.harness import SETTINGS, run_case, schema


@pytest.fixture
def organiser_world(world_for):
    return world_for("organiser")


@schema.parametrize()
@SETTINGS
def test_api_as_organiser(case, app, organiser_world):
    run_case(case, app, organiser_world.token, "organiser")
