#!/usr/bin/env bash
# Re-extract the UI's messages and merge them into every catalog; then translate the
# new entries (tests/test_translations.py fails while any is empty or fuzzy).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg --project=mediation-centre --version=0.1.0 -c TRANSLATORS: \
  -o mediation_app/translations/messages.pot .
.venv/bin/pybabel update -i mediation_app/translations/messages.pot -d mediation_app/translations \
  --no-fuzzy-matching --ignore-obsolete
