"""Security headers, and a Content Security Policy the admin works under."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from committees.models import Meeting
from tests.factories import MeetingFactory


class InlineCode(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, event-handler and
    style attributes, javascript: URLs, and the text of inline <style> blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[str] = []
        self.blocked_attributes: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").startswith("javascript:"):
                self.blocked_attributes.append(f"<{tag} {name}={value!r}>")
        # A JSON data block is not executed: CSP does not apply to it.
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._in = "script"
        if tag == "style":
            self._in = "style"

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.inline_scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def inline_code(response) -> InlineCode:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser


def csp_directives(response) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in response["Content-Security-Policy"].split(";"))
    }


def test_every_page_gets_a_same_origin_content_security_policy(client):
    directives = csp_directives(client.get(reverse("admin:login")))

    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_pages_refuse_framing_and_type_sniffing(client):
    response = client.get(reverse("admin:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "page",
    ["login", "index", "meeting-changelist", "meeting-add", "meeting-change", "meeting-delete", "user-add"],
)
def test_admin_pages_need_no_inline_script_or_style_attribute(client, admin_user, cp2, page):
    meeting = MeetingFactory(committee=cp2)
    urls = {
        "login": reverse("admin:login"),
        "index": reverse("admin:index"),
        "meeting-changelist": reverse("admin:committees_meeting_changelist"),
        "meeting-add": reverse("admin:committees_meeting_add"),
        "meeting-change": reverse("admin:committees_meeting_change", args=[meeting.pk]),
        "meeting-delete": reverse("admin:committees_meeting_delete", args=[meeting.pk]),
        "user-add": reverse("admin:auth_user_add"),
    }
    if page != "login":
        client.force_login(admin_user)

    response = client.get(urls[page])
    found = inline_code(response)

    assert response.status_code == 200
    assert found.inline_scripts == []
    assert found.blocked_attributes == []
    assert found.styles == []


def test_the_admin_change_list_inline_style_is_allowed_by_its_hash(client, admin_user, cp2, monkeypatch):
    # A change list with its actions bar hidden is the one admin page with an
    # inline <style>: a ModelAdmin may hide it at any time.
    model_admin = admin.site.get_model_admin(Meeting)
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    MeetingFactory(committee=cp2)
    client.force_login(admin_user)

    response = client.get(reverse("admin:committees_meeting_changelist"))
    styles = inline_code(response).styles

    assert response.status_code == 200
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp_directives(response)["style-src"]


def test_no_page_loads_anything_from_another_site(client, admin_user, cp2):
    client.force_login(admin_user)
    MeetingFactory(committee=cp2)

    pages = [
        client.get(reverse("admin:index")),
        client.get(reverse("admin:committees_meeting_changelist")),
        client.get(reverse("admin:committees_meeting_add")),
    ]

    for response in pages:
        assert not re.search(r"""(src|href)=["'](https?:)?//""", response.content.decode())
