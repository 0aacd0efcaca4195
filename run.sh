#!/usr/bin/env bash
# Sets up SNIA Suivi with the 2020 demo data and serves it on http://127.0.0.1:8000, or
# on SNIA_ADDRESS (with the background workers that render the PDF bilans and send
# mail). Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh requirements.txt

# A local demo: debug on unless the caller configured the environment.
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}

address=${SNIA_ADDRESS:-127.0.0.1:8000}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo --address "$address"

# snia_worker is db_worker that first takes up renders a killed worker left
# behind; never under the autoreloader, which would kill renders mid-way.
.venv/bin/python manage.py snia_worker --no-reload &
worker=$!
# Mail has a queue and a worker of its own: it never waits behind a render.
# With DEBUG on, the mail it sends is printed here.
.venv/bin/python manage.py snia_worker --no-reload --queue-name emails &
mail_worker=$!
trap 'kill $worker $mail_worker 2>/dev/null' EXIT INT TERM

.venv/bin/python manage.py runserver "$address"
