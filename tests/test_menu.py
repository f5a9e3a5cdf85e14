"""The top menu offers each user only pages that open for them."""

import pytest
from flask import url_for

from mediation_app.menu import ENTRIES, menu_for
from tests.conftest import log_in

ROLES = ["staff", "mediator", "liaison", "applicant", "federation", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_entry_offered_opens_for_its_user(app, world, role):
    person = getattr(world, role)
    client = log_in(app.test_client(), person)
    with app.app_context():
        offered = menu_for(person.user())
    page = client.get("/cases").get_data(as_text=True) if role != "federation" else ""
    for entry in offered:
        with app.test_request_context():
            url = url_for(entry.endpoint)
        assert client.get(url).status_code == 200, (role, url)
        if page:
            assert f'href="{url}"' in page, (role, url)


def test_every_entry_is_offered_to_someone(app, world):
    with app.app_context():
        offered = {id(entry) for role in ROLES for entry in menu_for(getattr(world, role).user())}
    assert offered == {id(entry) for entry in ENTRIES}
