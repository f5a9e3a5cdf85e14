"""Finding cases: search, filters and sort orders on the API list and the page, with
keyset pagination that holds for every order, never beyond what the viewer may see."""

import base64
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import update

from mediation_app.cases import queries
from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.parties.operations import create_centre, create_user
from tests.factories import PASSWORD, Person, uscc
from workflows.case_states import CaseState

HUADA = "海安华达锦纶有限公司"  # the world's usual respondent


def _party(name: str, serial: int) -> dict:
    return {"name": name, "uscc": uscc(serial)}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [c["id"] for c in response.get_json()["items"]]


def _find(client, **params) -> list[int]:
    """Every page of a search, following next_cursor; the ids in the order listed."""
    seen, cursor = [], None
    for _ in range(50):
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = client.get(f"/cases?{urlencode(query)}").get_json()
        assert "items" in body, body
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination does not end")


def _field_errors(response) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    return error["fields"]


def _file_at(world, case_id: int, moment: datetime) -> None:
    """Backdate a case's filing (created_at, UTC): test data only."""
    with world.app.app_context():
        db.session.execute(update(Case.__table__).where(Case.id == case_id).values(created_at=moment))
        db.session.commit()


# ---- each filter ------------------------------------------------------------------------------


def test_each_filter_alone_and_combined(world, api):
    other_respondent = _party("南通远航化纤贸易有限公司", 20)
    plain = world.case("filed")
    assigned = world.case("assigned", respondent=other_respondent, claim_amount="1200.00")
    to_other = world.case("filed", respondent=other_respondent)
    world.fire(to_other, "assign", mediator_id=world.other_mediator.id)
    delegated = world.case("filed", source="court_delegated", court_case_number="(2024)苏0621民诉前调7号")
    settled = world.case("settled")
    everything = {plain, assigned, to_other, delegated, settled}
    staff = api(world.staff)

    def find(**params) -> set[int]:
        found = _find(staff, **params)
        assert len(found) == len(set(found))
        return set(found)

    assert find() == everything
    assert find(state="filed") == {plain, delegated}
    assert find(state="assigned") == {assigned, to_other}
    assert find(mediator_id=world.mediator.id) == {assigned, settled}
    assert find(mediator_id=world.other_mediator.id) == {to_other}
    assert find(source="court_delegated") == {delegated}
    assert find(source="direct") == everything - {delegated}
    assert find(party="远航化纤") == {assigned, to_other}  # a respondent
    assert find(party="常安纺织") == everything  # the applicant of all
    assert find(party=HUADA) == {plain, delegated, settled}  # a whole name
    assert find(party="不存在的企业") == set()

    number = staff.get(f"/cases/{delegated}").get_json()["number"]
    assert find(number=number) == {delegated}  # exact
    assert find(number=number[-6:]) == {delegated}  # contained: 字第0004号
    assert find(number="字第") == everything
    fullwidth = number.replace("(", "（").replace(")", "）")
    assert find(number=fullwidth) == {delegated}  # typed with full-width brackets

    # Combined, every filter narrows the others.
    assert find(state="assigned", party="远航") == {assigned, to_other}
    assert find(state="assigned", party="远航", mediator_id=world.mediator.id) == {assigned}
    assert find(source="direct", state="filed", party="华达") == {plain}
    assert find(source="court_delegated", state="settled") == set()
    assert find(number=number, party="远航") == set()
    assert find(state="settled", mediator_id=world.mediator.id, party="华达", source="direct") == {settled}


def test_the_filing_date_is_the_china_calendar_date_of_filing(world, api):
    # 2026-01-31T16:30Z is 00:30 on 1 February in Shanghai; 15:59:59Z is still 31 January.
    last_of_january = world.case("filed")
    first_of_february = world.case("filed")
    late_february = world.case("filed")
    _file_at(world, last_of_january, datetime(2026, 1, 31, 15, 59, 59, tzinfo=UTC))
    _file_at(world, first_of_february, datetime(2026, 1, 31, 16, 30, tzinfo=UTC))
    _file_at(world, late_february, datetime(2026, 2, 28, 15, 59, 59, tzinfo=UTC))
    staff = api(world.staff)

    def find(**params) -> set[int]:
        return set(_find(staff, **params))

    assert find(filed_from="2026-02-01") == {first_of_february, late_february}
    assert find(filed_to="2026-01-31") == {last_of_january}
    assert find(filed_from="2026-01-31", filed_to="2026-01-31") == {last_of_january}
    assert find(filed_from="2026-02-01", filed_to="2026-02-01") == {first_of_february}
    assert find(filed_from="2026-02-28", filed_to="2026-02-28") == {late_february}  # inclusive end
    assert find(filed_from="2026-03-01") == set()
    assert find(filed_from="2026-01-01", filed_to="2026-12-31") == {
        last_of_january,
        first_of_february,
        late_february,
    }
    assert find(filed_from="2026-02-01", state="filed", party="华达") == {first_of_february, late_february}


# ---- sort orders and keyset pagination --------------------------------------------------------

AMOUNTS = ["300.00", "100.00", "300.00", "200.00", "100.00", "300.00", "50.00", "100.00"]
SORTS = {
    "newest": lambda case: -case[0],
    "oldest": lambda case: case[0],
    "claim_desc": lambda case: (-case[1], -case[0]),
    "claim_asc": lambda case: (case[1], case[0]),
}


@pytest.fixture
def amounts(world):
    """Cases with repeated claim amounts (ties), as (id, amount), and one foreign case."""
    cases = [(world.case("filed", claim_amount=a), Decimal(a)) for a in AMOUNTS]
    outsider = _party("无关企业有限公司", 3)
    world.case("filed", applicant=outsider, claim_amount="150.00")
    return cases


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("limit", [1, 2, 3, 100])
def test_every_sort_pages_through_every_visible_case_exactly_once_in_order(world, api, amounts, sort, limit):
    expected = [case_id for case_id, _amount in sorted(amounts, key=SORTS[sort])]
    # The applicant sees its eight cases, not the outsider's one; staff see all nine.
    assert _find(api(world.applicant), sort=sort, limit=limit) == expected
    everything = _find(api(world.staff), sort=sort, limit=limit)
    assert len(everything) == len(set(everything)) == len(AMOUNTS) + 1


def test_amount_pages_hold_ties_and_list_by_amount(world, api, amounts):
    staff = api(world.staff)
    first = staff.get("/cases?sort=claim_desc&limit=2&party=华达").get_json()
    assert [c["claim_amount"] for c in first["items"]] == ["300.00", "300.00"]
    # The cursor sits between two cases of equal amount: the third 300.00 comes next.
    second = staff.get(f"/cases?sort=claim_desc&limit=2&party=华达&cursor={first['next_cursor']}").get_json()
    assert [c["claim_amount"] for c in second["items"]] == ["300.00", "200.00"]
    listed = _find(staff, sort="claim_asc", limit=3)
    amounts_listed = [staff.get(f"/cases/{i}").get_json()["claim_amount"] for i in listed]
    assert amounts_listed == sorted(amounts_listed, key=Decimal)


def test_the_python_callers_keep_their_shorthands(world, ctx):
    ids = [world.case("filed") for _ in range(3)]
    world.case("assigned")
    staff = world.staff.user()
    page, next_cursor = queries.list_cases(staff, state=CaseState.FILED, limit=2)  # the dashboard
    assert [c.id for c in page] == ids[:0:-1] and next_cursor == str(ids[1])
    page, next_cursor = queries.list_cases(staff, state=CaseState.FILED, before_id=ids[1])
    assert [c.id for c in page] == [ids[0]] and next_cursor is None


# ---- search terms are text --------------------------------------------------------------------

AWKWARD_NAMES = {
    "percent": "50%折扣贸易有限公司",
    "fifty": "50元折扣贸易有限公司",  # what 50% would match as a wildcard
    "underscore": "下划线_贸易有限公司",
    "backslash": "反斜杠\\贸易有限公司",
    "slash": "斜杠/贸易有限公司",
    "quote": "O'Brien Trading 有限公司",
    "double_quote": 'Say "Hi" 有限公司',
    "injection": "'; DROP TABLE cases; --",
    "latin": "Acme Trading Company",
}


@pytest.fixture
def awkward(world):
    return {
        key: world.case("filed", respondent=_party(name, 30 + i))
        for i, (key, name) in enumerate(AWKWARD_NAMES.items())
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("50%", {"percent"}),
        ("%", {"percent"}),
        ("%%", set()),
        ("50", {"percent", "fifty"}),
        ("_", {"underscore"}),
        ("线_贸", {"underscore"}),
        ("\\", {"backslash"}),
        ("\\%", set()),
        ("/", {"slash"}),
        ("/%", set()),
        ("'", {"quote", "injection"}),
        ("O'Brien", {"quote"}),
        ('"Hi"', {"double_quote"}),
        ("'; DROP TABLE cases; --", {"injection"}),
        ("' OR '1'='1", set()),
        ("acme trading", {"latin"}),  # case-insensitive (both databases fold ASCII)
        ("ACME", {"latin"}),
        ("*", set()),
        ("[a-z]", set()),
    ],
)
def test_search_terms_match_literally(world, api, awkward, term, expected):
    found = set(_find(api(world.staff), party=term))
    assert found == {awkward[key] for key in expected}
    assert set(_find(api(world.staff), number=term)) == set()


def test_a_broad_party_term_matches_the_same_way(world, api, awkward, monkeypatch):
    # Beyond PARTY_IDS_INLINE matching enterprises, the names stay a subquery.
    monkeypatch.setattr(queries, "PARTY_IDS_INLINE", 1)
    staff = api(world.staff)
    assert set(_find(staff, party="贸易")) == {
        awkward[k] for k in ("percent", "fifty", "underscore", "backslash", "slash")
    }
    assert set(_find(staff, party="%")) == {awkward["percent"]}
    # Every applicant here is 江苏常安纺织科技有限公司.
    assert set(_find(staff, party="有限公司", state="filed")) == set(awkward.values())


def test_an_injection_attempt_is_only_text(world, api, awkward):
    staff = api(world.staff)
    for name in ("number", "party"):
        assert _ids(staff.get("/cases", query_string={name: "1'; DROP TABLE cases; --"})) == []
    assert len(_find(staff)) == len(AWKWARD_NAMES)  # the table is still there, whole


# ---- never beyond what the viewer may see -----------------------------------------------------

FILTERS = [
    {},
    {"party": "华达"},
    {"party": "常安"},
    {"party": "无关企业"},
    {"party": "%"},
    {"party": "_"},
    {"number": "字第"},
    {"state": "filed"},
    {"state": "assigned"},
    {"source": "direct"},
    {"source": "court_delegated"},
    {"filed_from": "2000-01-01", "filed_to": "2099-12-31"},
    {"sort": "oldest"},
    {"sort": "claim_desc"},
    {"sort": "claim_asc", "party": "华达"},
    {"limit": "1"},
]


def _other_centre_staff(world) -> Person:
    with world.app.app_context():
        create_centre("other", "另一调解中心", "另商调")
        user = create_user(
            role="staff", email="other-staff@test.example", password=PASSWORD, centre_code="other"
        )
        return Person(user.id, user.email, "staff", None)


def test_no_filter_reaches_a_foreign_row(world, api):
    mine = world.case("filed", respondent=_party("无关企业有限公司", 3))  # the outsider is a party
    theirs = [
        world.case("filed"),
        world.case("assigned"),
        world.case("filed", source="court_delegated", court_case_number="(2024)苏0621民诉前调8号"),
    ]
    world.fire(theirs[0], "assign", mediator_id=world.other_mediator.id)
    visible = {
        world.outsider: {mine},
        world.other_mediator: {theirs[0]},
        world.other_liaison: set(),
        _other_centre_staff(world): set(),
    }
    for person, allowed in visible.items():
        client = api(person)
        for params in [
            *FILTERS,
            {"mediator_id": world.mediator.id},
            {"mediator_id": world.other_mediator.id},
        ]:
            found = set(_find(client, **params))
            assert found <= allowed, (person.email, params)
        assert set(_find(client)) == allowed
    assert set(_find(api(world.outsider), party="华达")) == set()
    assert set(_find(api(world.outsider), party="无关")) == {mine}


def test_a_hand_made_cursor_only_moves_within_what_one_may_see(world, api):
    foreign = [world.case("filed") for _ in range(3)]
    outsider = api(world.outsider)
    for sort, key in (("oldest", None), ("claim_desc", "99999.00"), ("claim_asc", "0.01")):
        data = {"s": sort, "id": 1 if sort != "claim_desc" else foreign[-1] + 1}
        if key:
            data["k"] = key
        cursor = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())
        response = outsider.get(f"/cases?sort={sort}&cursor={cursor.decode().rstrip('=')}")
        assert _ids(response) == []
    assert _ids(outsider.get(f"/cases?cursor={foreign[-1] + 1}")) == []


# ---- bad input: field-specific 422s -----------------------------------------------------------


def _cursor(data) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


TAMPERED = [
    ("newest", "abc"),
    ("newest", "0"),
    ("newest", "-1"),
    ("newest", "01"),
    ("newest", "1.5"),
    ("newest", "１２"),  # full-width digits
    ("newest", "99999999999"),
    ("newest", "9" * 5000),
    ("newest", _cursor({"s": "newest", "id": 1})),
    ("oldest", "12"),
    ("oldest", "!!!"),
    ("oldest", "x" * 201),
    ("oldest", _cursor({"s": "oldest", "id": 1}) + "=="),  # padded: not how it was handed out
    ("oldest", _cursor({"s": "newest", "id": 1})),  # another order's cursor
    ("oldest", _cursor({"s": "oldest", "id": "1"})),
    ("oldest", _cursor({"s": "oldest", "id": True})),
    ("oldest", _cursor({"s": "oldest", "id": 1.0})),
    ("oldest", _cursor({"s": "oldest", "id": 0})),
    ("oldest", _cursor({"s": "oldest", "id": 2**31})),
    ("oldest", _cursor({"s": "oldest", "id": 1, "extra": 1})),
    ("oldest", _cursor([1, 2])),
    ("oldest", _cursor("oldest")),
    ("oldest", _cursor(None)),
    ("oldest", base64.urlsafe_b64encode(b"\xff\xfe{}").decode().rstrip("=")),
    ("oldest", base64.urlsafe_b64encode(b"not json").decode().rstrip("=")),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1})),  # no amount
    ("claim_desc", _cursor({"s": "claim_asc", "id": 1, "k": "1.00"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": 100})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "1e5"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "-1.00"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "0.00"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "NaN"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "1.5"})),
    ("claim_desc", _cursor({"s": "claim_desc", "id": 1, "k": "1234567890123.00"})),
    ("claim_asc", _cursor({"s": "claim_asc", "id": 1, "k": "1.00\u0000"})),
    ("claim_asc", _cursor({"s": "claim_asc", "id": 1, "k": None})),
    ("claim_asc", '{"s":"claim_asc","id":1,"k":"1.00"}'),  # not encoded
]


@pytest.mark.parametrize(("sort", "cursor"), TAMPERED)
def test_a_tampered_cursor_is_a_field_error(world, api, sort, cursor):
    response = api(world.staff).get("/cases", query_string={"sort": sort, "cursor": cursor})
    assert set(_field_errors(response)) == {"cursor"}


def test_a_cursor_from_another_order_is_refused(world, api, amounts):
    staff = api(world.staff)
    cursors = {sort: staff.get(f"/cases?sort={sort}&limit=1").get_json()["next_cursor"] for sort in SORTS}
    for sort in SORTS:
        for other, cursor in cursors.items():
            response = staff.get("/cases", query_string={"sort": sort, "cursor": cursor})
            if other == sort:
                assert response.status_code == 200
            else:
                assert set(_field_errors(response)) == {"cursor"}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"filed_from": "2026-13-01"}, {"filed_from"}),
        ({"filed_from": "2026-02-30"}, {"filed_from"}),
        ({"filed_from": "2026/01/01"}, {"filed_from"}),
        ({"filed_from": "20260101"}, {"filed_from"}),
        ({"filed_from": "2026-01-01T00:00"}, {"filed_from"}),
        ({"filed_to": "yesterday"}, {"filed_to"}),
        ({"filed_to": "２０２６-０１-０１"}, {"filed_to"}),
        ({"filed_from": "1899-12-31"}, {"filed_from"}),
        ({"filed_from": "0001-01-01"}, {"filed_from"}),
        ({"filed_to": "9999-12-31"}, {"filed_to"}),
        ({"filed_from": "2026-02-01", "filed_to": "2026-01-31"}, {"filed_to"}),
        ({"state": "lost"}, {"state"}),
        ({"state": "FILED"}, {"state"}),
        ({"source": "mail"}, {"source"}),
        ({"sort": "claim"}, {"sort"}),
        ({"sort": "id; DROP TABLE cases"}, {"sort"}),
        ({"sort": "claim", "cursor": "abc"}, {"sort"}),  # no cursor error without an order
        ({"mediator_id": "abc"}, {"mediator_id"}),
        ({"mediator_id": "1.5"}, {"mediator_id"}),
        ({"mediator_id": "-1"}, {"mediator_id"}),
        ({"mediator_id": "0"}, {"mediator_id"}),
        ({"mediator_id": "99999999999999999999"}, {"mediator_id"}),
        ({"number": "号" * 101}, {"number"}),
        ({"party": "x" * 101}, {"party"}),
        ({"party": "x" * 100_000}, {"party"}),
        ({"party": "a\u0000b"}, {"party"}),
        ({"party": "a\u202eb"}, {"party"}),
        ({"number": "a\nb"}, {"number"}),
        ({"limit": "0"}, {"limit"}),
        ({"limit": "9" * 5000}, {"limit"}),
        (
            {"state": "lost", "source": "mail", "mediator_id": "x", "filed_from": "x", "party": "y" * 101},
            {"state", "source", "mediator_id", "filed_from", "party"},
        ),
    ],
)
def test_bad_search_parameters_are_field_errors(world, api, params, fields):
    assert set(_field_errors(api(world.staff).get("/cases", query_string=params))) == fields


def test_limits_of_good_input_are_accepted(world, api):
    world.case("filed")
    staff = api(world.staff)
    for params in (
        {"party": "x" * 100},
        {"party": "  华达  "},  # trimmed
        {"filed_from": "2000-01-01", "filed_to": "2099-12-31"},
        {"filed_from": "2026-01-01", "filed_to": "2026-01-01"},
        {"mediator_id": "2147483647"},
        {"state": "", "source": "", "sort": "", "party": "", "cursor": ""},  # empty means no filter
    ):
        assert staff.get("/cases", query_string=params).status_code == 200, params
    assert len(_ids(staff.get("/cases", query_string={"party": "  华达  "}))) == 1


def test_errors_name_the_problem_in_english_on_request(world, api):
    response = api(world.staff).get(
        "/cases?filed_from=2026-02-01&filed_to=2026-01-01&sort=up", headers={"Accept-Language": "en"}
    )
    assert _field_errors(response) == {
        "filed_to": "must not be before the start date",
        "sort": "unknown sort order",
    }


# ---- the page ---------------------------------------------------------------------------------


def _next_link(html: str) -> str | None:
    match = re.search(r'<p class="pager"><a href="([^"]+)"', html)
    return unescape(match.group(1)) if match else None


def _case_links(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/cases/(\d+)"', html)]


def test_the_page_keeps_the_search_in_the_form_and_across_pages(world, browser):
    others = [world.case("filed", respondent=_party("南通远航化纤贸易有限公司", 20)) for _ in range(2)]
    matching = [world.case("filed", claim_amount=f"{100 + i}.00") for i in range(21)]
    page = browser(world.staff)
    first = page.get("/cases?party=华达&state=filed&sort=claim_asc")
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert 'name="party" value="华达"' in html
    assert re.search(r'<option value="filed" selected>', html)
    assert re.search(r'<option value="claim_asc" selected>', html)
    assert _case_links(html) == matching[:20]  # lowest amounts first
    link = _next_link(html)
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("/cases?cursor=") and query.pop("cursor")
    assert query == {"party": ["华达"], "state": ["filed"], "sort": ["claim_asc"]}
    second = page.get(link).get_data(as_text=True)
    assert _case_links(second) == matching[20:]  # the other respondent's cases stay out
    assert not set(_case_links(second)) & set(others)
    assert _next_link(second) is None
    assert 'name="party" value="华达"' in second


def test_the_page_shows_errors_beside_the_fields(world, browser):
    world.case("filed")
    response = browser(world.staff).get("/cases?filed_from=2026-02-01&filed_to=2026-01-31&party=" + "x" * 101)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="search-filed_to-error"' in html and "不能早于开始日期" in html
    assert 'id="search-party-error"' in html
    assert 'id="search-filed_from-error"' not in html
    assert 'value="2026-01-31"' in html  # what was typed stays, to be corrected
    assert _case_links(html) == []


def test_the_page_shows_a_clear_empty_state_and_escapes_what_was_typed(world, browser):
    world.case("filed")
    page = browser(world.staff)
    html = page.get("/cases", query_string={"party": '<script>alert(1)</script>"'}).get_data(as_text=True)
    assert 'class="empty"' in html and "没有符合搜索条件的案件" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in html
    assert _case_links(html) == []


def test_the_page_refuses_a_tampered_cursor(world, browser):
    page = browser(world.staff)
    assert page.get("/cases?cursor=abc").status_code == 400
    assert page.get(f"/cases?sort=oldest&cursor={_cursor({'s': 'newest', 'id': 1})}").status_code == 400


def test_staff_filter_by_mediator_on_the_page(world, browser):
    mine = world.case("assigned")
    world.case("filed")
    html = browser(world.staff).get(f"/cases?mediator_id={world.mediator.id}").get_data(as_text=True)
    assert re.search(rf'<option value="{world.mediator.id}" selected>', html)
    assert _case_links(html) == [mine]
