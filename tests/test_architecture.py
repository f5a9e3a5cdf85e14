"""The shape of the code: domain packages import each other in one direction only
(the import-linter layers contract in setup.cfg), so the graph between them has no cycle."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_domain_packages_import_each_other_in_one_direction_only(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename="setup.cfg") == 0, capsys.readouterr().out
