"""An administrator's reset, clicked through in Chromium: the temporary password opens
only the change-password page; once changed, the account page lists the user's tokens."""

from dataclasses import replace

from tests.conftest import Api

NEW_PASSWORD = "a-brand-new-passphrase"


def test_a_reset_password_is_changed_at_the_next_log_in(app, world, visit):
    admin = visit(world.admin)
    admin.click("text=账号管理")
    reset = admin.locator("li", has_text=world.staff.email).locator("details", has_text="重置密码")
    reset.locator("summary").click()
    reset.locator("input[name=confirm]").check()  # the page asks first
    reset.locator("button").click()
    temporary = admin.locator("li", has_text=world.staff.email).locator("code").inner_text()

    staff = visit(replace(world.staff, password=temporary))
    assert staff.url.endswith("/account/password")
    staff.goto(staff.url.replace("/account/password", "/cases"))
    assert staff.url.endswith("/account/password")  # nothing else opens
    staff.fill("#current_password", temporary)
    staff.fill("#new_password", "password1234")
    staff.fill("#confirm", "password1234")
    staff.click("button.primary")
    assert "过于常见" in staff.inner_text(".field.has-error")
    staff.fill("#current_password", temporary)
    staff.fill("#new_password", NEW_PASSWORD)
    staff.fill("#confirm", NEW_PASSWORD)
    staff.click("button.primary")
    assert "密码已修改" in staff.inner_text(".flash")

    Api(app.test_client()).login(replace(world.staff, password=NEW_PASSWORD))
    staff.click("a[title=您的账号]")
    assert staff.locator("table.cases tbody tr").count() == 1
    staff.click("button:has-text('在所有设备上退出')")
    staff.wait_for_url(lambda url: "/login" in url)
