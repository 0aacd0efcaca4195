"""What a user does in the browser, and what the browser tests check on a page."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

# Impacts that fail a page (axe-core's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = {"serious", "critical"}
# Rules not checked, by axe-core rule id, each with the reason: only what comes
# from Django's admin itself and cannot reasonably be fixed in our templates.
EXCLUDED_AXE_RULES: dict[str, str] = {}


def log_in(page: Page, site_url: str, username: str, password: str) -> None:
    """Through the login form, as a user does."""
    page.goto(site_url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("#user-tools")).to_contain_text("Bienvenue")


def log_out(page: Page) -> None:
    # Django's logout is a POST: the « Déconnexion » button of the header.
    page.locator("#logout-form").get_by_role("button").click()
    expect(page.get_by_role("heading", name="Déconnecté")).to_be_visible()


def submit_for_review(page: Page) -> None:
    """Saves the record shown on its add or change form and sends it for
    validation in one step: the form's « Enregistrer et soumettre » button."""
    page.get_by_role("button", name="Enregistrer et soumettre").click()
    done = "a été enregistré et soumis pour validation"
    expect(page.locator(".messagelist .success")).to_contain_text(done)


def select_autocomplete(page: Page, field: str, search: str, choice: str) -> None:
    """Picks `choice` in the admin's autocomplete (select2) widget of the field named `field`."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-search__field:focus").fill(search)
    page.locator(".select2-results__option", has_text=choice).click()


def assert_no_horizontal_scroll(page: Page) -> None:
    """Nothing wider than the window: the page never scrolls sideways."""
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], (
        f"{page.url} scrolls sideways: {widths['scroll']} px of content in {widths['client']} px; "
        f"widest elements: {widest_elements(page, widths['client'])}"
    )


def widest_elements(page: Page, width: int) -> list[str]:
    """The elements reaching past `width` (what to fix when a page scrolls sideways)."""
    return page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width)
            .slice(0, 8)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                 + (typeof e.className === 'string' && e.className.trim()
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                 + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')""",
        width,
    )


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    # Injected through the browser's debugging protocol, not a <script> tag:
    # our Content-Security-Policy (script-src 'self') does not apply to it.
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in FAILING_IMPACTS and violation["id"] not in EXCLUDED_AXE_RULES
    ]


def assert_accessible(page: Page) -> None:
    """No serious or critical accessibility violation found by axe-core."""
    violations = axe_violations(page)
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {collapse(node['html'])[:200]}")
    assert not violations, f"{page.url}:\n" + "\n".join(lines)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
