#!/usr/bin/env bash
# Runs the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
# Extra arguments go to pytest, e.g. ./test.sh tests/reports -x
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh requirements-dev.txt

export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production}
exec .venv/bin/pytest "$@"
