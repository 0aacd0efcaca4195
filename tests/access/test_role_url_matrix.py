"""Every role × every URL family: the exact status, and no out-of-scope title in the body.

Roles: anonymous, an account without a role (staff flag, no group), reader,
the focal points of CP2 (Ministère de la Santé) and CP4 (OIM), MDCMRE staff,
administrator. Families: admin changelists and change forms (every model of
`admin.site._registry`), API lists and details (every endpoint of the
router), the year's figures, the bilan preview and workbook with and without
drafts, the PDF's status page (GET and POST) and download, and the minutes.

Each institution has a draft and a validated session, meeting and action
progress with a distinctive title (`SESSION-BROUILLON-SANTE`…). The oracle is
written here, independently of access.rules: readers see validated records;
a focal point sees their own institution's (committee's) records; MDCMRE
sees everything; the published bilan shows every validated record to every
role, and a preview with drafts adds the drafts the user may see.

The list of URLs comes from the URL resolver (tests/url_inventory.py): a
pattern nobody classified fails `test_every_url_pattern_is_classified`.
"""

import datetime
import re
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token, TokenProxy

from access.roles import Role
from committees.models import FocalPoint
from programmes.models import Acronym, ActionProgress, StrategicObjective
from reports.exports import current_revision
from reports.models import BilanEdition, BilanExport
from snia.api_urls import router
from tests.databases import rolled_back
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingTargetFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ProjectFactory,
    ReportingYearFactory,
    ReportItemFactory,
    SessionFactory,
    SpecificObjectiveFactory,
    StudyFactory,
    UniversityProgrammeFactory,
    UserFactory,
    user_with_role,
)
from tests.url_inventory import TESTED_FAMILIES, classify, url_patterns

ROLES = ("anonymous", "no_role", "reader", "focal_cp2", "focal_cp4", "staff", "administrator")
YEAR = 2020
PDF_BYTES = b"%PDF-1.4\n% compte-rendu\n%%EOF\n"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

# What each role may open in the admin and the API, written out (not read from access.roles).
DOMAIN_APPS = {"programmes", "committees", "trainings", "reports"}
REFERENCE = {
    "programmes.strategicobjective",
    "programmes.programme",
    "programmes.specificobjective",
    "programmes.action",
    "programmes.institution",
    "programmes.project",
    "programmes.acronym",
    "committees.committee",
    # Committees' meeting targets per year, set by MDCMRE staff.
    "committees.meetingtarget",
    # The years of the bilan, read-only: their state and the bilan's links.
    "reports.reportingyear",
}
FOCAL_POINT_WORK = {"committees.meeting", "trainings.session", "programmes.actionprogress"}
STAFF_EXTRA = {"auth.user"}
ADMINISTRATOR_EXTRA = {
    "auth.user",
    "auth.group",
    "authtoken.tokenproxy",
    "axes.accessattempt",
    "axes.accessfailurelog",
}
# Registered models of which the world holds no row, so no change form is asked for.
NO_ROW = {
    "axes.accessattempt": "login attempts are written by django-axes itself (tests/security)",
    "axes.accessfailurelog": "written by django-axes itself (tests/security)",
    "axes.accesslog": "written by django-axes itself (tests/security)",
    "django_tasks_database.dbtaskresult": "the worker's queue, written by django-tasks",
}
INSTITUTION_OF = {"focal_cp2": "SANTE", "focal_cp4": "OIM"}


@dataclass(frozen=True)
class Record:
    token: str  # printed in the record's title, chair or narrative
    kind: str  # session, meeting, progress
    institution: str  # SANTE (pf.cp2's) or OIM (pf.cp4's)
    validated: bool
    obj: object


def label_of(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def sees(role: str, record: Record) -> bool:
    """Whether `role` sees `record` in the admin, the API and the minutes."""
    if role in ("staff", "administrator"):
        return True
    if role == "reader":
        return record.validated
    if role in INSTITUTION_OF:
        return record.institution == INSTITUTION_OF[role]
    return False


def printed(role: str, record: Record, drafts: bool) -> bool:
    """Whether the bilan (preview or workbook) shows `record` to `role`."""
    return record.validated or (drafts and sees(role, record))


def may_open(role: str, label: str) -> bool:
    """Model permission of the role: the admin page or API endpoint opens (200) or not (403)."""
    domain = label.split(".")[0] in DOMAIN_APPS
    if role == "administrator":
        return domain or label in ADMINISTRATOR_EXTRA
    if role == "staff":
        return domain or label in STAFF_EXTRA
    if role == "reader":
        return domain
    if role in INSTITUTION_OF:
        return label in REFERENCE | FOCAL_POINT_WORK
    return False


@dataclass
class Cell:
    what: str
    url: str
    status: int
    method: str = "get"
    location: str | None = None  # prefix of the redirect's target
    forbidden: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    body: str = "html"  # html, json, xlsx or none (a file)


# The world, built once for the module (rolled back at its end).


def build_world(media) -> dict:
    health = InstitutionFactory(name="Ministère de la Santé", acronym="MS")
    iom = InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")
    institutions = {"SANTE": health, "OIM": iom}
    cp2, cp4 = CommitteeFactory(code="CP2"), CommitteeFactory(code="CP4")
    committees = {"SANTE": cp2, "OIM": cp4}
    users = {
        "no_role": UserFactory(username="sans.role", is_staff=True),
        "reader": user_with_role("lecteur", Role.READER),
        "focal_cp2": user_with_role("pf.cp2", Role.FOCAL_POINT),
        "focal_cp4": user_with_role("pf.cp4", Role.FOCAL_POINT),
        "staff": user_with_role("suivi", Role.STAFF),
        "administrator": user_with_role("administrateur", Role.ADMINISTRATOR),
    }
    FocalPoint.objects.create(user=users["focal_cp2"], institution=health).committees.set([cp2])
    focal_point = FocalPoint.objects.create(user=users["focal_cp4"], institution=iom)
    focal_point.committees.set([cp4])

    programme = ProgrammeFactory(number=11, name="Gouvernance")
    osp = SpecificObjectiveFactory(number=26, programme=programme)
    actions = {}
    for code, institution, validated in (
        ("11.12", "SANTE", False),
        ("11.13", "OIM", False),
        ("11.14", "SANTE", True),
        ("11.15", "OIM", True),
    ):
        action = ActionFactory(code=code, specific_objective=osp, programme=programme)
        action.lead_institutions.set([institutions[institution]])
        actions[(institution, validated)] = action

    records = []
    day = 0
    for institution in ("SANTE", "OIM"):
        for validated in (False, True):
            state = "validated" if validated else "draft"
            word = "VALIDEE" if validated else "BROUILLON"
            owner = institutions[institution]
            session = SessionFactory(
                title=f"SESSION-{word}-{institution}",
                women=3,
                men=2,
                review_state=state,
                author_institution=owner,
            )
            session.organisers.set([owner])
            session.actions.set([actions[(institution, validated)]])
            day += 1
            meeting = MeetingFactory(
                committee=committees[institution],
                date=datetime.date(YEAR, 3, day),
                chair=f"REUNION-{word}-{institution}",
                review_state=state,
                author_institution=owner,
            )
            meeting.minutes.save(f"cr-{word.lower()}-{institution.lower()}.pdf", ContentFile(PDF_BYTES))
            progress = ActionProgress.objects.create(
                action=actions[(institution, validated)],
                year=YEAR,
                narrative=f"AVANCEMENT-{word}-{institution}",
                review_state=state,
                author_institution=owner,
            )
            records += [
                Record(session.title, "session", institution, validated, session),
                Record(meeting.chair, "meeting", institution, validated, meeting),
                Record(progress.narrative, "progress", institution, validated, progress),
            ]

    year = ReportingYearFactory(year=YEAR)

    # One row of every other registered model, for its change form.
    objects = {
        "programmes.strategicobjective": StrategicObjective.objects.create(number=4, title="Gouvernance"),
        "programmes.programme": programme,
        "programmes.specificobjective": osp,
        "programmes.institution": iom,
        "programmes.project": ProjectFactory(name="Projet commun"),
        "programmes.acronym": Acronym.objects.create(
            sigle="OIM", expansion="Organisation internationale pour les migrations"
        ),
        "committees.committee": cp4,
        "committees.focalpoint": focal_point,
        "committees.meetingtarget": MeetingTargetFactory(committee=cp4, year=YEAR, expected=4),
        "reports.reportingyear": year,
        "reports.narrativesection": NarrativeSectionFactory(programme=programme),
        "reports.reportitem": ReportItemFactory(programme=programme),
        "reports.study": StudyFactory(),
        "reports.universityprogramme": UniversityProgrammeFactory(),
        "auth.user": users["staff"],
        "auth.group": Group.objects.get(name="Lecteur"),
        "authtoken.tokenproxy": TokenProxy.objects.get(pk=Token.objects.create(user=users["staff"]).pk),
    }
    # Both institutions' actions: their pages hold the progress inline.
    action_pages = [actions[("SANTE", False)], actions[("OIM", False)]]
    # A PDF of the year as it now is (last: it is keyed on the year's data).
    export = BilanExport(
        year=year,
        revision=current_revision(YEAR),
        status=BilanExport.Status.READY,
        size=len(PDF_BYTES),
        pages=1,
        finished_at=timezone.now(),
    )
    export.file.save("bilan-programmatique-2020.pdf", ContentFile(PDF_BYTES), save=False)
    export.save()
    # A closed year with a published and an unpublished edition.
    closed = ReportingYearFactory(year=YEAR - 1, closed_at=timezone.now(), closed_by=users["staff"])
    editions = {}
    for number, published in ((1, True), (2, False)):
        edition = BilanEdition(year=closed, language="fr", number=number, closed_by=users["staff"])
        for field in ("html", "pdf", "xlsx", "figures"):
            getattr(edition, field).save(f"edition-{number}.{field}", ContentFile(PDF_BYTES), save=False)
            setattr(edition, f"{field}_sha256", f"{number}" * 64)
        if published:
            edition.published_at, edition.published_by = timezone.now(), users["staff"]
        edition.save()
        editions[published] = edition
    return {
        "users": users,
        "records": records,
        "objects": objects,
        "actions": action_pages,
        "editions": editions,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media, TASKS=DUMMY_TASKS), rolled_back(django_db_blocker):
        yield build_world(media)


# The cells of each family.


def tokens_hidden_from(role: str, records: list[Record]) -> tuple[str, ...]:
    return tuple(record.token for record in records if not sees(role, record))


def refused(role: str, url: str, api: bool = False) -> Cell | None:
    """The answer to anonymous visitors and accounts without a role, or None for a role."""
    if role == "anonymous":
        if api:
            return Cell("anonymous", url, 401, body="json")
        return Cell("anonymous", url, 302, location="/admin/login/")
    if role == "no_role":
        if api:
            return Cell("no role", url, 403, body="json")
        return Cell("no role", url, 403)
    return None


def admin_changelist_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    for model in admin.site._registry:
        label = label_of(model)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if role in ("anonymous", "no_role"):
            # The admin admits no account without a role: both are sent to log in.
            cells.append(Cell(label, url, 302, location="/admin/login/"))
            continue
        opens = may_open(role, label)
        shown = tuple(r.token for r in world["records"] if sees(role, r) and label == label_of(type(r.obj)))
        cells.append(
            Cell(
                label,
                url,
                200 if opens else 403,
                forbidden=tokens_hidden_from(role, world["records"]),
                # Session titles and meeting chairs are list columns.
                required=shown if label in ("trainings.session", "committees.meeting") else (),
            )
        )
    return cells


def admin_change_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    rows = [(label, obj) for label, obj in world["objects"].items()]
    rows += [("programmes.action", action) for action in world["actions"]]
    rows += [(label_of(type(r.obj)), r) for r in world["records"]]
    registered = {label_of(model) for model in admin.site._registry}
    assert {label for label, _ in rows} | set(NO_ROW) == registered
    for label, row in rows:
        record = row if isinstance(row, Record) else None
        obj = record.obj if record else row
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        what = f"{label} {record.token if record else obj.pk}"
        if role in ("anonymous", "no_role"):
            cells.append(Cell(what, url, 302, location="/admin/login/"))
        elif not may_open(role, label):
            cells.append(Cell(what, url, 403))
        elif record is not None and not sees(role, record):
            # Out of scope answers like a record that does not exist.
            cells.append(Cell(what, url, 302, location="/admin/"))
        else:
            cells.append(
                Cell(
                    what,
                    url,
                    200,
                    forbidden=tokens_hidden_from(role, world["records"]),
                    required=(record.token,) if record else (),
                )
            )
    return cells


def _api_endpoints() -> list[tuple[str, type]]:
    return [(basename, viewset) for _prefix, viewset, basename in router.registry]


def api_list_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    for basename, viewset in _api_endpoints():
        url = reverse(f"{basename}-list")
        label = label_of(viewset.queryset.model)
        cell = refused(role, url, api=True)
        if cell is None:
            shown = tuple(
                r.token for r in world["records"] if sees(role, r) and label == label_of(type(r.obj))
            )
            cell = Cell(
                label,
                url,
                200 if may_open(role, label) else 403,
                forbidden=tokens_hidden_from(role, world["records"]),
                required=shown if may_open(role, label) else (),
                body="json",
            )
        cells.append(cell)
    return cells


def api_detail_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    by_label = {label_of(type(r.obj)): [] for r in world["records"]}
    for record in world["records"]:
        by_label[label_of(type(record.obj))].append(record)
    for basename, viewset in _api_endpoints():
        label = label_of(viewset.queryset.model)
        lookup = viewset.lookup_field or "pk"
        rows = by_label.get(label) or [world["objects"].get(label) or world["actions"][0]]
        for row in rows:
            record = row if isinstance(row, Record) else None
            obj = record.obj if record else row
            url = reverse(f"{basename}-detail", args=[getattr(obj, lookup)])
            cell = refused(role, url, api=True)
            if cell is None:
                what = f"{label} {record.token if record else obj.pk}"
                if not may_open(role, label):
                    cell = Cell(what, url, 403, body="json")
                elif record is not None and not sees(role, record):
                    cell = Cell(what, url, 404, body="json")
                else:
                    cell = Cell(
                        what,
                        url,
                        200,
                        forbidden=tokens_hidden_from(role, world["records"]),
                        required=(record.token,) if record else (),
                        body="json",
                    )
            cells.append(cell)
    return cells


def api_stats_cells(role: str, world: dict) -> list[Cell]:
    url = reverse("api-stats", args=[YEAR])
    return [refused(role, url, api=True) or Cell("figures", url, 200, body="json")]


def _bilan_cells(role: str, world: dict, url_name: str, body: str, kinds: set[str]) -> list[Cell]:
    cells = []
    for drafts in (False, True):
        url = reverse(url_name, args=[YEAR]) + ("?brouillons=1" if drafts else "")
        cell = refused(role, url)
        if cell is None:
            records = [r for r in world["records"] if r.kind in kinds]
            cell = Cell(
                "with drafts" if drafts else "published",
                url,
                200,
                forbidden=tuple(r.token for r in records if not printed(role, r, drafts)),
                required=tuple(r.token for r in records if printed(role, r, drafts)),
                body=body,
            )
        cells.append(cell)
    return cells


def bilan_preview_cells(role: str, world: dict) -> list[Cell]:
    return _bilan_cells(role, world, "reports:bilan-preview", "html", {"session", "progress"})


def bilan_workbook_cells(role: str, world: dict) -> list[Cell]:
    return _bilan_cells(role, world, "reports:bilan-xlsx", "xlsx", {"session"})


def bilan_pdf_status_cells(role: str, world: dict) -> list[Cell]:
    url = reverse("reports:bilan-export", args=[YEAR])
    page = refused(role, url) or Cell("status page", url, 200)
    queue = refused(role, url) or Cell("ask for the PDF", url, 302, location=url)
    queue.method = "post"
    return [page, queue]


def bilan_pdf_cells(role: str, world: dict) -> list[Cell]:
    url = reverse("reports:bilan-pdf", args=[YEAR])
    return [refused(role, url) or Cell("PDF", url, 200, body="none")]


def minutes_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    for record in world["records"]:
        if record.kind != "meeting":
            continue
        url = reverse("committees:meeting-minutes", args=[record.obj.pk])
        cell = refused(role, url)
        if cell is None:
            cell = Cell(record.token, url, 200 if sees(role, record) else 404, body="none")
        cells.append(cell)
    return cells


def stored_minutes_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    for record in world["records"]:
        if record.kind != "meeting":
            continue
        url = reverse("committees:stored-minutes", kwargs={"name": record.obj.minutes.name})
        cell = refused(role, url)
        if cell is None:
            door = reverse("committees:meeting-minutes", args=[record.obj.pk])
            cell = (
                Cell(record.token, url, 302, location=door, body="none")
                if sees(role, record)
                else Cell(record.token, url, 404, body="none")
            )
        cells.append(cell)
    return cells


def publications_cells(role: str, world: dict) -> list[Cell]:
    # Public: every role, anonymous included, sees the published edition's checksums only.
    url = reverse("publications:list")
    return [Cell("publications", url, 200, forbidden=("2" * 64,), required=("1" * 64,))]


def edition_download_cells(role: str, world: dict) -> list[Cell]:
    cells = []
    for published, edition in world["editions"].items():
        url = reverse("publications:download", args=[YEAR - 1, "fr", edition.number, "pdf"])
        # An unpublished edition is for those who read the bilan's records: readers and MDCMRE.
        may = published or role in ("reader", "staff", "administrator")
        cells.append(Cell(f"edition {edition.number}", url, 200 if may else 404, body="none"))
    return cells


def dashboard_cells(role: str, world: dict) -> list[Cell]:
    # Every role's front door (tests/dashboard): the published figures for all,
    # and, for a focal point, the drafts of their own institution — never another's.
    url = reverse("dashboard")
    cell = refused(role, url)
    if cell is None:
        own_drafts = tuple(
            r.token
            for r in world["records"]
            if r.kind == "session" and not r.validated and r.institution == INSTITUTION_OF.get(role)
        )
        cell = Cell(
            "dashboard", url, 200, forbidden=tokens_hidden_from(role, world["records"]), required=own_drafts
        )
    return [cell]


FAMILY_CELLS = {
    "admin-changelist": admin_changelist_cells,
    "admin-change": admin_change_cells,
    "api-list": api_list_cells,
    "api-detail": api_detail_cells,
    "api-stats": api_stats_cells,
    "bilan-preview": bilan_preview_cells,
    "bilan-workbook": bilan_workbook_cells,
    "bilan-pdf-status": bilan_pdf_status_cells,
    "bilan-pdf": bilan_pdf_cells,
    "minutes": minutes_cells,
    "stored-minutes": stored_minutes_cells,
    "publications": publications_cells,
    "edition-download": edition_download_cells,
    "dashboard": dashboard_cells,
}


def body_text(response, kind: str) -> str:
    if kind == "none":
        return ""
    if kind == "xlsx":
        if response.status_code != 200:
            return response.content.decode()
        book = load_workbook(BytesIO(response.content), read_only=True)
        return " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    return response.content.decode()


def problems_of(client: Client, cell: Cell) -> list[str]:
    before = BilanExport.objects.count()
    response = getattr(client, cell.method)(cell.url)
    found = []
    if response.status_code != cell.status:
        found.append(f"{cell.what} {cell.method.upper()} {cell.url}: {response.status_code} ≠ {cell.status}")
    elif cell.location is not None and not response["Location"].startswith(cell.location):
        found.append(f"{cell.what} {cell.url}: redirected to {response['Location']} ≠ {cell.location}…")
    text = body_text(response, cell.body)
    found += [f"{cell.what} {cell.url}: shows {token}" for token in cell.forbidden if token in text]
    if response.status_code == 200:
        found += [f"{cell.what} {cell.url}: lacks {token}" for token in cell.required if token not in text]
    if cell.method == "post" and cell.status != 302 and BilanExport.objects.count() != before:
        found.append(f"{cell.what} {cell.url}: a render was queued")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("family", TESTED_FAMILIES)
@pytest.mark.parametrize("role", ROLES)
def test_role_url_matrix(world, role, family):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    cells = FAMILY_CELLS[family](role, world)

    problems = [problem for cell in cells for problem in problems_of(client, cell)]

    assert cells
    assert problems == []


def test_every_url_pattern_is_classified():
    unclassified = sorted(p.key for p in url_patterns() if classify(p) is None)

    assert unclassified == []


def test_the_matrix_requests_every_pattern_of_its_families():
    """Each name put in a tested family is one the matrix asks for, and the other way round."""
    classified = {
        (classify(p), re.sub(r"^(admin|reports|committees):", "", p.name or "")) for p in url_patterns()
    }
    expected = {
        ("admin-changelist", f"{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    }
    expected |= {
        ("admin-change", f"{m._meta.app_label}_{m._meta.model_name}_change") for m in admin.site._registry
    }
    expected |= {("api-list", f"{basename}-list") for basename, _ in _api_endpoints()}
    expected |= {("api-detail", f"{basename}-detail") for basename, _ in _api_endpoints()}
    expected |= {
        ("api-stats", "api-stats"),
        ("bilan-preview", "bilan-preview"),
        ("bilan-workbook", "bilan-xlsx"),
        ("bilan-pdf-status", "bilan-export"),
        ("bilan-pdf", "bilan-pdf"),
        ("minutes", "meeting-minutes"),
        ("stored-minutes", "stored-minutes"),
        ("publications", "publications:list"),
        ("edition-download", "publications:download"),
        ("dashboard", "dashboard"),
    }

    assert {pair for pair in classified if pair[0] in TESTED_FAMILIES} == expected
