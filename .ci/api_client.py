"""A partner's script, written against the Python client that openapi-python-client
generates from our OpenAPI schema (package `snia_api_client`, on PYTHONPATH; see
.ci/api-client). Run against a live server holding the demo data, as the CP4 focal
point (OIM): get a token with the password, list the sessions, create a draft
session, submit it, read the 2020 figures, revoke the token.

Usage: python .ci/api_client.py http://127.0.0.1:PORT
Exits non-zero, saying which step failed, at the first unexpected answer.
"""

import base64
import datetime
import importlib
import os
import pkgutil
import sys
import time
import urllib.error
import urllib.request
from http import HTTPStatus

import snia_api_client.api
from snia_api_client import AuthenticatedClient
from snia_api_client.api.auth import auth_token_create, auth_token_destroy
from snia_api_client.api.institutions import institutions_list
from snia_api_client.api.sessions import sessions_create, sessions_list, sessions_submit_create
from snia_api_client.api.stats import stats_retrieve
from snia_api_client.models import ReviewStateEnum, SessionKindEnum, SessionRequest

USERNAME = "pf.cp4"
PASSWORD = os.environ.get("SNIA_DEMO_PASSWORD") or "snia-demo-2020!"
TITLE = "Formation des travailleurs sociaux (client généré)"


def check(step: str, actual, expected) -> None:
    if actual != expected:
        sys.exit(f"FAILED {step}: expected {expected!r}, got {actual!r}")
    print(f"ok  {step}: {actual!r}", flush=True)


def wait_for_server(base_url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/api/v1/", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # 401: up, and asking for credentials.
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"FAILED: no server at {base_url} within {seconds} s")
            time.sleep(0.5)


def every_operation_imports() -> None:
    # A schema advertising form and multipart bodies besides JSON gave update
    # modules that fail to import (NameError), openapi-python-client issue #1451.
    failures = []
    modules = list(pkgutil.walk_packages(snia_api_client.api.__path__, "snia_api_client.api."))
    for module in modules:
        try:
            importlib.import_module(module.name)
        except Exception as error:  # any failure, reported with the others
            failures.append(f"{module.name}: {error!r}")
    check(f"modules of the generated client that fail to import (of {len(modules)})", failures, [])


def main(base_url: str) -> None:
    every_operation_imports()
    wait_for_server(base_url)
    basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    with AuthenticatedClient(base_url=base_url, token=basic, prefix="Basic") as password_client:
        created = auth_token_create.sync_detailed(client=password_client)
    check("token created with the password (HTTP status)", created.status_code, HTTPStatus.CREATED)
    check("token length", len(created.parsed.token), 40)

    with AuthenticatedClient(base_url=base_url, token=created.parsed.token, prefix="Token") as api:
        listed = sessions_list.sync(client=api, year=2020)
        # Of the demo's 15 sessions of 2020, the OIM organises 7.
        check("2020 sessions the OIM focal point sees", listed.count, 7)
        check("first page holds them all", len(listed.results), 7)

        institutions = institutions_list.sync(client=api, acronym="OIM")
        check("institutions with acronym OIM", [i.acronym for i in institutions.results], ["OIM"])

        draft = SessionRequest(
            kind=SessionKindEnum.TRAINING,
            title=TITLE,
            year=2021,
            start_date=datetime.date(2021, 3, 15),
            end_date=datetime.date(2021, 3, 17),
            city="Oujda",
            organisers=[institutions.results[0].id],
            actions=["11.12"],
            women=14,
            men=9,
        )
        response = sessions_create.sync_detailed(
            client=api, body=draft, idempotency_key="client-genere-2021-03-15"
        )
        check("draft created (HTTP status)", response.status_code, HTTPStatus.CREATED)
        session = response.parsed
        check(
            "draft's state, total and actions",
            (session.review_state, session.total, session.actions),
            (
                ReviewStateEnum.DRAFT,
                23,
                ["11.12"],
            ),
        )

        response = sessions_submit_create.sync_detailed(session.id, client=api)
        check("draft submitted (HTTP status)", response.status_code, HTTPStatus.OK)
        check("state after submitting", response.parsed.review_state, ReviewStateEnum.SUBMITTED)

        mine = sessions_list.sync(client=api, year=2021, search="client généré")
        check(
            "2021 sessions found by the search",
            [(s.id, s.review_state) for s in mine.results],
            [(session.id, ReviewStateEnum.SUBMITTED)],
        )

        figures = stats_retrieve.sync(2020, client=api)
        totals = figures.totals
        check(
            "2020 totals: sessions, women, men, sex not recorded, participants",
            (totals.sessions, totals.women, totals.men, totals.unrecorded, totals.total),
            (15, 3280, 2879, 140, 6299),
        )

        revoked = auth_token_destroy.sync_detailed(client=api)
        check("token revoked (HTTP status)", revoked.status_code, HTTPStatus.NO_CONTENT)
        check(
            "the revoked token is refused (HTTP status)",
            sessions_list.sync_detailed(client=api).status_code,
            401,
        )
    print("The generated client passed its script.")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
