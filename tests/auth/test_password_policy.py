"""Passwords are checked wherever they are set: at least 10 characters, not a common one."""

import pytest
from flask_babel import force_locale

from mediation_app.auth.passwords import check_policy, common_passwords

CREATE = ["users", "create", "--role", "staff", "--email", "new@test.example", "--password"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw", "must be at least 10 characters"),
        ("x" * 129, "must be at most 128 characters"),
        ("1234567890", "is too common; choose another"),
        ("QWERTYUIOP", "is too common; choose another"),  # compared without case
        ("Woaini1314520", "is too common; choose another"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(app, password, message):
    with app.test_request_context(), force_locale("en"), pytest.raises(ValueError, match=message):
        check_policy(password)


def test_the_list_is_shipped_without_its_comments(app):
    assert "password1234" in common_passwords() and not any(p.startswith("#") for p in common_passwords())


def test_an_acceptable_password_passes(app):
    with app.test_request_context():
        assert check_policy("correct-horse-battery") == "correct-horse-battery"


@pytest.mark.parametrize(
    ("password", "ok"), [("mediation123", False), ("short", False), ("tidal-plum-harbour", True)]
)
def test_the_users_create_command_applies_the_rules(app, clean_db, password, ok):
    result = app.test_cli_runner().invoke(args=[*CREATE, password])
    assert (result.exit_code == 0) is ok, result.output
