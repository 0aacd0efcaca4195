"""No 5xx, whatever is typed into an address or posted: every URL pattern
(from the URL resolver, path parameters filled with valid and hostile values)
and every admin list (from admin.site._registry, with hostile query strings),
for every role, with hostile bodies. A new URL or admin is walked without
being listed here.

Each request runs in a savepoint rolled back afterwards, so that a deletion or
a transition posted as one role does not change what the next request sees,
and a database error cannot spoil the requests after it. CI runs this file on
PostgreSQL too, where NUL characters and integers out of range fail.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from access.roles import Role
from adminsite.input import offered_lookups
from reports.leases import WorkerHeartbeat
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    FocalPointFactory,
    MeetingFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
    user_with_role,
)

HUGE = "99999999999999999999"
DEEP_JSON = "[" * 1000 + "]" * 1000
# Query strings a hostile user types into a list: NUL, numbers out of range,
# lookups the list does not offer, orderings and pages that do not exist. One
# key each: the admin stops at the first bad one.
LIST_QUERIES = [
    "q=%00",
    "q=(",
    "title__regex=(",
    "pk__in=abc",
    "author__password__startswith=a",
    "o=abc.-99.0",
    "p=-1",
    f"p={HUGE}",
    "_facets=1",
    f"year={HUGE}",
    "start_date__year=99999999999",
    f"date__year={HUGE}",
]
# The same on every other page, where unknown parameters are ignored or each
# refused on its own (the API's filters).
PAGE_QUERY = (
    f"page=-1&page_size=abc&ordering=-author__password&search=(&id={HUGE}&limit={HUGE}"
    f"&offset=-1&title__regex=(&pk__in=abc&year={HUGE}&brouillons=abc"
)
# One hostile form, one hostile JSON body: bad ids where ids go, numbers out
# of range, a bulk action on ids that are not ids.
HOSTILE_FORM = {
    "action": "delete_selected",
    "_selected_action": ["abc", HUGE],
    "index": "0",
    "organisers": ["abc"],
    "actions": [HUGE],
    "committee": "abc",
    "year": HUGE,
    "women": HUGE,
    "version": "abc",
    "comment": "x",
}
HOSTILE_JSON = (
    '{"organisers": ["abc"], "actions": [99999999999999999999], "committee": "abc", '
    '"year": 99999999999999999999, "women": -1, "start_date": "2020-13-45", "version": "abc"}'
)
# NUL characters where the API reads text, ids or codes (the middleware refuses
# them in forms; JSON is the serializers' to refuse).
NUL_JSON = (
    '{"committee": "CP\\u0000", "actions": ["11.12\\u0000"], "organisers": ["\\u0000"], '
    '"title": "\\u0000", "comment": "\\u0000", "reason": "\\u0000", "kind": "\\u0000", '
    '"mode": "\\u0000", "city": "\\u0000", "institution": "\\u0000", "version": "\\u0000"}'
)
# Never posted to: they would end the walking user's session.
NOT_POSTED = {"admin:logout"}

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)|\((?!\?)[^)]*\)")


def url_patterns(patterns=None, prefix: str = ""):
    """(pattern text, callback) of every URL the project serves."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def model_of(callback) -> type[models.Model] | None:
    """The model a view serves: an admin view's ModelAdmin, a viewset's queryset."""
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    view_class = getattr(callback, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    return queryset.model if queryset is not None else None


def parameter_values(name: str, model: type[models.Model] | None) -> list[str]:
    """A valid value (when one exists), then hostile ones."""
    if name == "format":
        return ["json"]
    if name == "year":
        return ["2020", HUGE, "0"]
    if name == "transition":
        return ["soumettre", "valider", "renvoyer", "abc"]
    if name == "name":
        return ["cr-cp2.pdf", "../../settings.py", "%00.pdf"]
    if name == "app_label":
        return ["trainings", "abc"]
    valid = []
    if model is not None:
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            valid = [str(pk)]
    return [*valid, "abc", HUGE, "%00"]


def fill(pattern: str, values: dict[str, str]) -> str:
    """The URL of `pattern` with its parameters (named, or numbered for unnamed groups) set."""
    counter = iter(range(100))

    def route(match: re.Match) -> str:
        return values[match["name"]]

    def group(match: re.Match) -> str:
        return values[match["name"] or f"_{next(counter)}"]

    url = ROUTE_PARAMETER.sub(route, pattern)
    url = REGEX_GROUP.sub(group, url)
    url = url.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + url


def parameter_names(pattern: str) -> list[str]:
    names = [match["name"] for match in ROUTE_PARAMETER.finditer(pattern)]
    unnamed = 0
    for match in REGEX_GROUP.finditer(pattern):
        if match["name"]:
            names.append(match["name"])
        else:
            names.append(f"_{unnamed}")
            unnamed += 1
    return names


def walked_urls() -> list[tuple[str, bool]]:
    """(URL, whether its parameters are valid) of every URL pattern: once with
    valid values, once per hostile value of each parameter."""
    urls = {}
    for pattern, callback in url_patterns():
        model = model_of(callback)
        choices = {name: parameter_values(name, model) for name in parameter_names(pattern)}
        valid = {name: values[0] for name, values in choices.items()}
        combinations = [(valid, True)]
        for name, values in choices.items():
            combinations += [({**valid, name: value}, False) for value in values[1:]]
        for values, is_valid in combinations:
            url = fill(pattern, {name: quote(value, safe="/%") for name, value in values.items()})
            try:
                resolve(url.replace("%00", "\x00"))
            except Resolver404:
                continue  # a value its converter refuses: Django answers 404 by itself
            urls.setdefault(url, is_valid)
    return list(urls.items())


@pytest.fixture
def world(db, tmp_path, settings):
    """One record of each kind, the CP2 focal point's among them."""
    settings.MEDIA_ROOT = tmp_path
    cp2 = CommitteeFactory(code="CP2")
    focal = user_with_role("pf.cp2", Role.FOCAL_POINT)
    focal_point = FocalPointFactory(user=focal)
    focal_point.committees.set([cp2])
    programme = ProgrammeFactory(number=11)
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    action = ActionFactory(code="11.12", specific_objective=osp)
    action.lead_institutions.set([focal_point.institution])
    session = SessionFactory(author=focal)
    session.organisers.set([focal_point.institution])
    session.actions.set([action])
    ProjectFactory()
    MeetingFactory(committee=cp2, author=focal)
    ReportingYearFactory(year=2020)
    NarrativeSectionFactory(programme=programme)
    ReportItemFactory(programme=programme)
    StudyFactory()
    UniversityProgrammeFactory()
    # A live worker: /health/ answers 200, so any 5xx there is a bug. A long
    # lease: on a loaded machine a role's walk reaches /health/ after more than
    # the default 60 s, when this heartbeat would read as a dead worker's (503).
    settings.RENDER_LEASE_SECONDS = 3600
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="walk", hostname="walk", pid=1, started_at=now, heartbeat_at=now)
    return {
        "anonymous": None,
        "reader": user_with_role("lecteur", Role.READER),
        "focal point": focal,
        "staff": user_with_role("suivi", Role.STAFF),
        "administrator": user_with_role("administrateur", Role.ADMINISTRATOR),
    }


def client_for(user) -> Client:
    # A 500 comes back as a response to collect, not as an exception.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def request(client: Client, method: str, url: str, **kwargs):
    with transaction.atomic():
        response = getattr(client, method)(url, **kwargs)
        transaction.set_rollback(True)
    return response


def server_errors(client: Client, requests) -> list[str]:
    failures = []
    for method, url, kwargs in requests:
        status = request(client, method, url, **kwargs).status_code
        if status >= 500:
            failures.append(f"{method.upper()} {url} → {status}")
    return failures


def changelist_requests(request_user=None):
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for query in LIST_QUERIES:
            yield "get", f"{url}?{query}", {}
        if request_user is not None:
            # Every filter the list offers, with a number no column can hold.
            request = RequestFactory().get(url)
            request.user = request_user
            for parameter in sorted(offered_lookups(model_admin, request)):
                yield "get", f"{url}?{parameter}={HUGE}", {}
        yield "post", url, {"data": HOSTILE_FORM}
        yield "post", url, {"data": {**HOSTILE_FORM, "q": "\x00"}}


def pattern_requests(urls: list[tuple[str, bool]]):
    for url, is_valid in urls:
        yield "get", url, {}
        if is_valid:
            # Hostile query strings on a page that exists (the lists have their own walk).
            yield "get", f"{url}?{PAGE_QUERY}", {}
        if resolve(url.replace("%00", "\x00")).view_name in NOT_POSTED or "%00" in url:
            continue
        if url.startswith("/api/"):
            yield "post", url, {"data": HOSTILE_JSON, "content_type": "application/json"}
            if is_valid:
                yield "post", url, {"data": NUL_JSON, "content_type": "application/json"}
                yield "patch", url, {"data": DEEP_JSON, "content_type": "application/json"}
                yield "post", url, {"data": DEEP_JSON, "content_type": "application/json"}
        else:
            yield "post", url, {"data": HOSTILE_FORM}


@pytest.mark.parametrize("role", ["anonymous", "reader", "focal point", "staff", "administrator"])
def test_no_admin_list_answers_5xx_to_hostile_queries(world, role):
    # Each filter's own values once, as the administrator (who sees every list):
    # the filters are the same for everyone, only their rows differ.
    filters_seen_by = world[role] if role == "administrator" else None
    assert server_errors(client_for(world[role]), changelist_requests(filters_seen_by)) == []


@pytest.mark.parametrize("role", ["anonymous", "reader", "focal point", "staff", "administrator"])
def test_no_url_answers_5xx_to_hostile_parameters_and_bodies(world, role):
    urls = walked_urls()
    # The walk covers the whole project: admin, API, reports and minutes.
    walked = {url for url, _valid in urls}
    assert {"/reports/bilan/2020/", "/api/v1/sessions/", "/admin/trainings/session/"} <= walked
    assert "/committees/minutes/cr-cp2.pdf" in walked

    assert server_errors(client_for(world[role]), pattern_requests(urls)) == []
