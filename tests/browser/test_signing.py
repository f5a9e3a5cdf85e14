"""Signing the agreement in Chromium: drawing on the canvas, the seal and a scan."""

import pytest

from tests.documents.test_signing import _seal
from tests.factories import MINIMAL_PDF

pytestmark = pytest.mark.with_documents  # these tests read the PDFs the transitions issue


def _draw(page):
    canvas = page.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 30, box["y"] + (40 if step % 2 else 110))
    page.mouse.up()


def test_parties_draw_or_upload_and_the_mediator_countersigns(world, visit, tmp_path):
    case_id = world.agreed()
    seal, scan = tmp_path / "seal.png", tmp_path / "signed.pdf"
    seal.write_bytes(_seal())
    scan.write_bytes(MINIMAL_PDF)

    applicant = visit(world.applicant)
    applicant.goto(applicant.url.split("/cases")[0] + f"/cases/{case_id}")
    form = applicant.locator("form.signing")
    form.locator("input[name=seal]").set_input_files(str(seal))
    form.locator("input[name=confirm]").check()
    form.locator("button.primary").click()
    assert "在框内手写签名" in applicant.inner_text(".flash.error")  # nothing drawn
    form = applicant.locator("form.signing")
    _draw(applicant)
    form.locator("input[name=seal]").set_input_files(str(seal))
    form.locator("input[name=confirm]").check()
    form.locator("button.primary").click()
    assert applicant.locator("ul.signatures li", has_text="✔").count() == 1
    assert applicant.locator("form.signing").count() == 0  # signed once

    respondent = visit(world.respondent)
    respondent.goto(applicant.url)
    form = respondent.locator("form.signing")
    form.locator("input[value=scan]").check()
    form.locator("input[name=scan]").set_input_files(str(scan))
    form.locator("input[name=confirm]").check()
    form.locator("button.primary").click()
    assert respondent.locator("ul.signatures li", has_text="✔").count() == 2

    mediator = visit(world.mediator)
    mediator.goto(applicant.url)
    _draw(mediator)
    form = mediator.locator("form.signing")
    form.locator("input[name=confirm]").check()
    form.locator("button.primary").click()
    assert mediator.locator("ul.signatures li", has_text="✔").count() == 3
    mediator.click("#documents > summary")  # in effect: the documents fold away again
    assert "生效" in mediator.inner_text("#documents")
    assert mediator.locator("#documents a", has_text="生效文本").count() == 1
