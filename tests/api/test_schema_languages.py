"""The OpenAPI schema in English with `?lang=en` (drf-spectacular translates our lazy
descriptions), in French by default; keys, filter names and enum values never change."""

import re

import pytest

pytestmark = pytest.mark.django_db

JSON = "application/vnd.oai.openapi+json"
# Common French words that no English description of ours contains.
FRENCH_WORDS = re.compile(r"\b(le|la|les|des|du|une|est|pour|avec)\b", re.IGNORECASE)
# Common English words that no French description of ours contains.
ENGLISH_WORDS = re.compile(r"\b(the|and|of|is|for|with|to)\b", re.IGNORECASE)
# What a language may change: the texts people read (a field's title is its label).
TEXTS = {"description", "summary", "title"}


@pytest.fixture
def schema_in(api, reader):
    def fetch(query: str = "") -> dict:
        response = api(reader).get(f"/api/v1/schema/{query}", HTTP_ACCEPT=JSON)
        assert response.status_code == 200
        return response.json()

    return fetch


def our_descriptions(schema: dict) -> dict[str, str]:
    """The descriptions of our operations, their responses, and our components' fields."""
    found = {"info": schema["info"]["description"]}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found[f"{method} {path}"] = operation.get("description", "")
            for status, response in operation["responses"].items():
                found[f"{method} {path} {status}"] = response.get("description", "")
    for name, component in schema["components"]["schemas"].items():
        found[name] = component.get("description", "")
        for field, spec in component.get("properties", {}).items():
            found[f"{name}.{field}"] = spec.get("description", "")
    return {where: text for where, text in found.items() if text}


def without_texts(value):
    if isinstance(value, dict):
        # A text, not a field of that name (a session's `description` property).
        kept = {
            key: without_texts(item)
            for key, item in value.items()
            if not (key in TEXTS and isinstance(item, str))
        }
        # drf-spectacular wraps a reference in allOf only to give it a title beside it.
        if list(kept) == ["allOf"] and len(kept["allOf"]) == 1:
            return kept["allOf"][0]
        return kept
    if isinstance(value, list):
        return [without_texts(item) for item in value]
    return value


def test_the_english_schema_has_the_catalogues_texts(schema_in):
    schema = schema_in("?lang=en")
    components = schema["components"]["schemas"]
    approve = schema["paths"]["/api/v1/sessions/{id}/approve/"]["post"]

    assert components["Session"]["properties"]["version"]["description"] == (
        "Version read; required to update, ignored on creation."
    )
    assert components["YearStatistics"]["properties"]["women_share"]["description"] == (
        "Share of women among participants whose sex is recorded."
    )
    assert approve["responses"]["400"]["description"] == "Transition impossible from the current state."
    assert "* `training` - Training" in components["SessionKindEnum"]["description"]


def test_the_english_schema_has_no_french_description_of_ours(schema_in):
    french = {
        where: text
        for where, text in our_descriptions(schema_in("?lang=en")).items()
        if FRENCH_WORDS.search(text)
    }

    assert french == {}


def test_the_french_schema_is_the_default(schema_in):
    default, french = schema_in(), schema_in("?lang=fr")
    sessions = default["paths"]["/api/v1/projects/"]["get"]

    assert default == french
    assert sessions["description"] == "Les projets financés par les partenaires (référentiel)."
    assert default["components"]["schemas"]["YearStatistics"]["properties"]["women_share"]["description"] == (
        "Part des femmes parmi les participants dont le sexe est renseigné."
    )
    assert default["info"]["description"].startswith(
        "Suivi de la Stratégie Nationale d'Immigration et d'Asile"
    )


def test_the_french_schema_describes_every_operation_in_french(schema_in):
    schema = schema_in()
    operations = {
        f"{method} {path}": operation.get("description", "")
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }

    assert len(operations) > 50
    # Every operation says what it does, and in French (no English docstring left).
    assert [where for where, text in operations.items() if not text or ENGLISH_WORDS.search(text)] == []


def test_keys_filters_and_enum_values_do_not_change_with_the_language(schema_in):
    french, english, arabic = schema_in("?lang=fr"), schema_in("?lang=en"), schema_in("?lang=ar")
    session_filters = [p["name"] for p in english["paths"]["/api/v1/sessions/"]["get"]["parameters"]]

    assert without_texts(english) == without_texts(french)
    assert without_texts(arabic) == without_texts(french)
    assert english["components"]["schemas"]["SessionKindEnum"]["enum"] == [
        "training",
        "seminar",
        "workshop",
        "webinar",
        "awareness",
    ]
    assert {"year", "programme", "osp", "action", "institution", "review_state"} <= set(session_filters)


def test_the_docs_page_in_english_reads_the_english_schema(client, reader):
    client.force_login(reader)

    page = client.get("/api/v1/docs/?lang=en").content.decode()
    script = client.get("/api/v1/docs/?lang=en&script=").content.decode()

    assert "/api/v1/docs/?lang=en&amp;script=" in page
    # The script's URL is escaped as JSON in JavaScript is (`=` as \u003D).
    assert 'url: "/api/v1/schema/?lang\\u003Den"' in script


@pytest.mark.parametrize("language", ["de", "x" * 300, "../en"])
def test_a_language_we_do_not_offer_keeps_our_descriptions_in_french(schema_in, language):
    schema = schema_in(f"?lang={language}")

    assert schema["paths"]["/api/v1/projects/"]["get"]["description"] == (
        "Les projets financés par les partenaires (référentiel)."
    )
