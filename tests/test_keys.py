"""Keys generated into the instance folder when the environment gives none: made once,
kept private, and the same for every process that starts after."""

import stat
from concurrent.futures import ThreadPoolExecutor

from mediation_app.config import load_config


def test_keys_are_generated_once_private_and_distinct(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    with ThreadPoolExecutor(8) as pool:  # processes starting together agree on one key
        configs = list(pool.map(lambda _: load_config(tmp_path), range(8)))
    assert len({(c["SECRET_KEY"], c["AUDIT_KEY"]) for c in configs}) == 1
    first = configs[0]
    assert len(first["AUDIT_KEY"]) == 64 and first["AUDIT_KEY"] != first["SECRET_KEY"]
    assert load_config(tmp_path)["AUDIT_KEY"] == first["AUDIT_KEY"]
    assert stat.S_IMODE((tmp_path / "audit_key").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit_key", "secret_key"]  # no drafts left


def test_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_KEY", "from-the-environment")
    assert load_config(tmp_path)["AUDIT_KEY"] == "from-the-environment"
    assert not (tmp_path / "audit_key").exists()
