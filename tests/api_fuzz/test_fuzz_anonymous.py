"""The API fuzz run without a token (see harness.py)."""
import pytest

from tests.api_fuzz.harness import SETTINGS, run_case, schema


@pytest.fixture
def anonymous_world(world_for):
    return world_for(None)


@schema.parametrize()
@SETTINGS
def test_api_anonymously(case, app, anonymous_world):
    run_case(case, app, None, "anonymous")
