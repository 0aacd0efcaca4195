#!/usr/bin/env bash
# Runs the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
# Extra arguments go to pytest, e.g. ./test.sh tests/reports -x
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh requirements-dev.txt

# The browser tests (tests/browser) drive Debian's Chromium, never a browser
# downloaded by Playwright: found on the PATH or at $SNIA_CHROMIUM, installed
# when run as root. In CI (CI=true) a missing Chromium fails the run; elsewhere
# the browser tests fail, saying how to install it.
chromium_path() { echo "${SNIA_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"; }
if [ ! -x "$(chromium_path)" ] && [ -z "${SNIA_CHROMIUM:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests (Debian package chromium)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x "$(chromium_path)" ]; then
  echo "Chromium not found ($(chromium_path)): the browser tests need it." >&2
  echo "Install it with: sudo apt-get install chromium (or set SNIA_CHROMIUM to its path)" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
fi

# tests/i18n/test_catalogues.py extracts our strings with GNU gettext, as translators do.
if ! command -v xgettext >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing GNU gettext for the catalogue tests (Debian package gettext)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
fi

export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production}
exec .venv/bin/pytest "$@"
