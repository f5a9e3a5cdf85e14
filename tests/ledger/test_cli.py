"""``flask ledger export`` and ``flask ledger import``: the same operations from the
command line, with a progress bar and the report on stderr."""

from sqlalchemy import func, select

from mediation_app.cases.models import Case
from mediation_app.extensions import db
from mediation_app.ledger import columns as c
from tests.ledger.conftest import ledger_file, ledger_row


def test_export_then_import_again_reports_every_case_as_already_present(world, app, tmp_path):
    world.case("settled")
    world.case("filed")
    runner = app.test_cli_runner()
    path = tmp_path / "台账.xlsx"
    exported = runner.invoke(args=["ledger", "export", str(path)])
    assert exported.exit_code == 0, exported.output
    assert "2 case(s) of test written" in exported.output
    imported = runner.invoke(args=["ledger", "import", str(path), "--staff", world.staff.email])
    assert imported.exit_code == 0, imported.output
    assert "0 case(s) imported, 2 already present, 0 invalid row(s) left out" in imported.output
    assert "第2行 [案件编号] 本中心已有此案件，未重复导入" in imported.output


def test_an_invalid_ledger_is_refused_with_its_report_and_exit_status_1(world, app, tmp_path):
    path = tmp_path / "bad.xlsx"
    bad = ledger_row(**{c.NUMBER: "(2021)测商调字第0002号", c.INDUSTRY: "化工"})
    path.write_bytes(ledger_file([ledger_row(), bad]).getvalue())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ledger", "import", str(path), "--staff", world.staff.email])
    assert result.exit_code == 1
    assert "第3行 [行业] 未知的值“化工”" in result.output
    assert "1 行有错误；未导入任何内容。" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 0

    valid_only = runner.invoke(
        args=["ledger", "import", str(path), "--staff", world.staff.email, "--valid-only"]
    )
    assert valid_only.exit_code == 0, valid_only.output
    assert "1 case(s) imported, 0 already present, 1 invalid row(s) left out" in valid_only.output


def test_only_a_staff_account_imports(world, app, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(ledger_file([ledger_row()]).getvalue())
    result = app.test_cli_runner().invoke(
        args=["ledger", "import", str(path), "--staff", world.mediator.email]
    )
    assert result.exit_code == 1
    assert "您的角色无权执行此操作" in result.output
