#!/usr/bin/env bash
# System parts the project needs beyond Python packages: a CJK font for the PDFs,
# HarfBuzz's subsetter (without it one Chinese PDF takes ~7 s instead of ~0.2 s),
# poppler-utils (pdftoppm/pdftotext, to look at rendered documents), Chromium for
# the browser tests (driven by Playwright, whose own browser download is never used)
# with its Chinese locale (chromium-l10n: date fields read year/month/day, as the
# centre's users see them)
# and wrk, the C load generator of `make bench`: a Python client on the same 2 cores
# takes CPU from gunicorn and caps what it can measure (QUALITY.md, Performance); the
# PostgreSQL client tools for backups.
set -euo pipefail

packages=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils chromium chromium-l10n wrk)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# pg_dump and pg_restore for `flask backup` on PostgreSQL: any installed client will do.
command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
