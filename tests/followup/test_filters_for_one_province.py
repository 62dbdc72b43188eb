"""Filters that cannot change anything for the viewer are not shown: a focal point sees one
province, so the province-group and province choices are left out; organisers keep them."""
import pytest

from tests.conftest import login


@pytest.mark.parametrize("path", ["/follow-up/", "/follow-up/items"])
@pytest.mark.parametrize("who", ["fp17", "agency17"])
def test_focal_points_see_no_province_filters(client, world, users, path, who):
    login(client, users[who].email)
    html = client.get(path).get_data(as_text=True)
    assert 'name="status"' in html
    assert 'name="province_group"' not in html and 'name="province_code"' not in html


def test_organisers_keep_the_province_filters(client, world, users):
    login(client, users["organiser"].email)
    html = client.get("/follow-up/items").get_data(as_text=True)
    assert 'name="province_group"' in html and 'name="province_code"' in html
