"""The dispute type (纠纷类型) is chosen when filing, on the page and through the API."""

import pytest

from mediation_app.cases.models import Case
from mediation_app.extensions import db


def test_a_filing_through_the_api_records_its_dispute_type_and_defaults_to_other(world, api, app):
    client = api(world.staff)
    filed = client.post("/cases", json=world.filing(dispute_type="loan")).get_json()
    loan = filed["id"]
    assert filed["dispute_type"] == "loan"
    assert client.get(f"/cases/{loan}").get_json()["dispute_type"] == "loan"
    unspecified = client.post("/cases", json=world.filing()).get_json()["id"]
    with app.app_context():
        assert db.session.get(Case, loan).dispute_type == "loan"
        assert db.session.get(Case, unspecified).dispute_type == "other"


@pytest.mark.parametrize("value", ["借款", "LOAN", 3, ["loan"]])
def test_an_unknown_dispute_type_is_refused(world, api, value):
    response = api(world.staff).post("/cases", json=world.filing(dispute_type=value))
    assert response.status_code == 422
    assert (
        "sale_contract, processing_contract, loan" in response.get_json()["error"]["fields"]["dispute_type"]
    )


def test_the_filing_form_offers_the_dispute_types(world, browser, app):
    staff = browser(world.staff)
    page = staff.get("/cases/new").get_data(as_text=True)
    assert 'name="dispute_type"' in page and 'value="processing_contract"' in page
    form = {
        "applicant_name": "江苏常安纺织科技有限公司",
        "applicant_uscc": world.applicant_uscc,
        "respondent_name": "海安华达锦纶有限公司",
        "respondent_uscc": world.respondent_uscc,
        "claim_amount": "1000.00",
        "summary": "加工费纠纷",
        "industry": "textile",
        "dispute_type": "processing_contract",
        "source": "direct",
        "procedure": "ordinary",
    }
    assert staff.post("/cases/new", data=form).status_code == 302
    with app.app_context():
        assert db.session.query(Case).one().dispute_type == "processing_contract"
