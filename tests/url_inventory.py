"""Every URL pattern of the site, each put in a family or explicitly left out.

`tests/access/test_role_url_matrix.py` walks the URL resolver with
`url_patterns()` and fails when `classify()` does not know a pattern: a new
page cannot be added without saying which family's access rule covers it (or
why the matrix leaves it out).
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Families the role × URL matrix requests, role by role.
TESTED_FAMILIES = (
    "admin-changelist",
    "admin-change",
    "api-list",
    "api-detail",
    "api-stats",
    "bilan-preview",
    "bilan-workbook",
    "bilan-pdf-status",
    "bilan-pdf",
    "minutes",
    "stored-minutes",
    "publications",
    "edition-download",
    "dashboard",
)

# Patterns the matrix does not request, by URL name (a regular expression on
# the namespaced name, or on the route for unnamed patterns), with the reason.
EXCLUDED = {
    r"^admin:index$": "the admin's index: no record (no-role accounts are sent to log in, see the matrix)",
    r"^admin:login$": "the login page",
    r"^admin:logout$": "logging out",
    r"^admin:password_change(_done)?$": "one's own password",
    r"^admin:jsi18n$": "the admin's JavaScript translations",
    r"^admin:view_on_site$": "no SNIA model has get_absolute_url",
    r"^admin:app_list$": "an app's index lists models, not records",
    r"^admin:autocomplete$": "choices of a form field: tests/admin/test_form_scope.py",
    r"^admin:\w+_(add|delete)$": "adding and deleting, role by role: tests/admin/test_permission_matrix.py",
    r"^admin:\w+_(history|simple_history)$": (
        "history pages, scoped like the change form: tests/admin/test_history_and_trash.py"
    ),
    r"^admin:\w+_review$": "POST-only workflow steps: tests/admin/test_review_workflow.py",
    r"^admin:\w+_author$": "handing a record over (MDCMRE staff): tests/access/test_editing_rule.py",
    r"^admin:\w+_(import|process_import|import_template|export)$": (
        "spreadsheets in and out: tests/spreadsheets"
    ),
    r"^admin:auth_user_password_change$": "administrators set passwords: tests/security",
    r"^admin:auth_user_(deactivate|transfer)$": (
        "a leaver's account and drafts (administrators, MDCMRE staff): tests/admin/test_leavers.py"
    ),
    r"^admin:reports_reportingyear_publish$": "publishing an edition (staff): tests/reports/test_editions.py",
    r"^admin:reports_reportingyear_(close|reopen)$": (
        "closing and reopening a year: tests/admin/test_closed_year.py"
    ),
    r"^admin:snia_(review_queue|not_reported|not_reported_year|trash|restore)$": (
        "MDCMRE staff's pages (403 to others): tests/admin/test_staff_pages.py"
    ),
    r"^admin:snia_untranslated$": (
        "MDCMRE staff's list of missing translations (403 to others): tests/i18n/test_reference_data.py"
    ),
    r"^[a-z]+-(submit|approve|return-to-author)$": "POST-only workflow steps: tests/api/test_workflow.py",
    r"^reportingyear-(close|reopen)$": "closing and reopening a year: tests/api/test_workflow.py",
    r"^reports:open-year$": "opening a year (POST, MDCMRE staff): tests/reports/test_open_year.py",
    r"^reports:year-logo$": "a year's cover logo (any role, as the bilan): tests/reports/test_cover.py",
    r"^help$": "the help page, every role's own page: tests/dashboard",
    r"^favicon$": "the favicon's redirect to its static file: tests/security/test_error_pages.py",
    r"^reports:markdown-preview$": (
        "the admin's Markdown preview (POST, no record): tests/admin/test_markdown_preview.py"
    ),
    r"^health$": "the health check, status only without a role: tests/production/test_health.py",
    r"^account$": "one's own preferences (any role): tests/accounts/test_account_page.py",
    r"^set_language$": "the language switch, POST only, anyone: tests/i18n/test_language_switch.py",
    r"^(admin_password_reset|password_reset_(done|confirm|complete))$": (
        "a forgotten password, before logging in: tests/accounts/test_password_reset.py"
    ),
    r"^invitation_accept$": "an invited focal point's one-time link: tests/accounts/test_invitations.py",
    r"^account-invite$": (
        "inviting a focal point (MDCMRE staff, 403 to others): tests/accounts/test_invitations.py"
    ),
    r"^account-reminders(-year)?$": (
        "reporting reminders (MDCMRE staff, 403 to others): tests/accounts/test_reminders.py"
    ),
    r"^api-root$": "the API's list of endpoints: no record",
    r"^api-token$": "one's own API token",
    r"^api-(schema|docs)$": "the API's description (no record; refused without a role)",
    # Unnamed patterns, by route.
    r"^route:admin/\w+/\w+/<path:object_id>/$": "the admin's redirect to a record's change form",
    r"^route:admin/\(\?P<url>\.\*\)\$$": "the admin's catch-all (login redirect or 404)",
}

FAMILY_BY_NAME = {
    r"^admin:\w+_changelist$": "admin-changelist",
    r"^admin:\w+_change$": "admin-change",
    r"^[a-z]+-list$": "api-list",
    r"^[a-z]+-detail$": "api-detail",
    r"^api-stats$": "api-stats",
    r"^reports:bilan-preview$": "bilan-preview",
    r"^reports:bilan-xlsx$": "bilan-workbook",
    r"^reports:bilan-export$": "bilan-pdf-status",
    r"^reports:bilan-pdf$": "bilan-pdf",
    r"^committees:meeting-minutes$": "minutes",
    r"^committees:stored-minutes$": "stored-minutes",
    r"^publications:list$": "publications",
    r"^publications:download$": "edition-download",
    r"^dashboard$": "dashboard",
}


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced: "admin:trainings_session_change"
    route: str  # "admin/trainings/session/<path:object_id>/change/"

    @property
    def key(self) -> str:
        return self.name if self.name else f"route:{self.route}"


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the site, with its namespaced name and full route."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else None
                found.append(Pattern(name, prefix + str(entry.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def classify(pattern: Pattern) -> str | None:
    """The pattern's family, "excluded", or None when nobody said."""
    for expression in EXCLUDED:
        if re.match(expression, pattern.key):
            return "excluded"
    for expression, family in FAMILY_BY_NAME.items():
        if pattern.name and re.match(expression, pattern.name):
            return family
    return None
