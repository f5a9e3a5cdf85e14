"""The Simplified-Chinese catalog: complete, consistent with its msgids, and in
step with the source, so a new untranslated string fails the suite.

No app and no database: these tests read the catalogs and re-extract the
messages from the source with the same command that produces ``messages.pot``::

    .venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ \\
        --project=mediation-centre --version=0.1.0 -c TRANSLATORS: \\
        -o mediation_app/translations/messages.pot .
    .venv/bin/pybabel update -i mediation_app/translations/messages.pot \\
        -d mediation_app/translations -l zh
"""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "mediation_app" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
ZH_CATALOG = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"
# Keywords beyond Babel's defaults (_, gettext, ngettext, ...). babel.cfg names them
# per section as well; they are repeated here as in the documented command.
EXTRA_KEYWORDS = ("_l", "lazy_gettext", "N_")

# A printf-style conversion, named or not: %(n)d, %(name)s, %s, %.2f, %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")


def _load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(value) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple of strings (plural forms are tuples already)."""
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def zh() -> Catalog:
    return _load(ZH_CATALOG)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """The messages in the source today, extracted into a throw-away .pot."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    keywords = [arg for keyword in EXTRA_KEYWORDS for arg in ("-k", keyword)]
    command = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "-F",
        "babel.cfg",
        *keywords,
        "-o",
        str(pot),
        ".",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, f"pybabel extract failed:\n{result.stderr}"
    catalog = _load(pot)
    assert len(catalog) > 0, "extraction found no messages; is babel.cfg still matching the source?"
    return catalog


def test_the_zh_catalog_is_for_chinese(zh):
    assert str(zh.locale) == "zh"
    assert not zh.fuzzy, "the catalog header is marked fuzzy"


def test_every_message_has_a_translation_that_is_not_fuzzy(zh):
    untranslated = [_msgid(m) for m in zh if m.id and not all(text.strip() for text in _strings(m.string))]
    fuzzy = [_msgid(m) for m in zh if m.id and m.fuzzy]
    assert not untranslated and not fuzzy, (
        f"without a translation: {untranslated}; fuzzy (review them, then drop the flag): {fuzzy}"
    )


def test_placeholders_are_the_same_in_msgid_and_msgstr(zh):
    mismatches = []
    for message in zh:
        if not message.id:
            continue
        expected = _placeholders(" ".join(_strings(message.id)))
        for translation in _strings(message.string):
            if _placeholders(translation) != expected:
                mismatches.append(f"{_msgid(message)!r} -> {translation!r}")
    assert not mismatches, "placeholders differ:\n" + "\n".join(mismatches)


def test_babel_finds_no_errors_in_the_catalog(zh):
    """Babel's own checks (python-format compatibility, plural forms), as at compile time."""
    problems = [f"{_msgid(message)!r}: {error}" for message, errors in zh.check() for error in errors]
    assert not problems, "\n".join(problems)


def test_every_message_in_the_source_is_translated(extracted, zh):
    missing = sorted(_msgid(m) for m in extracted if m.id and zh.get(m.id, m.context) is None)
    assert not missing, (
        f"{len(missing)} message(s) in the source are not in {ZH_CATALOG.relative_to(ROOT)}; "
        f"re-extract messages.pot, run `pybabel update` and translate them: {missing}"
    )


def test_the_template_is_in_step_with_the_source(extracted):
    template = _load(TEMPLATE)
    missing = sorted(_msgid(m) for m in extracted if m.id and template.get(m.id, m.context) is None)
    stale = sorted(_msgid(m) for m in template if m.id and extracted.get(m.id, m.context) is None)
    assert not missing and not stale, (
        f"{TEMPLATE.relative_to(ROOT)} is out of date; re-extract it (see this module's "
        f"docstring). Missing: {missing}; no longer in the source: {stale}"
    )
