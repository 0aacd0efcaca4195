"""A programme's OSPs and actions are entered on the programme's own page."""

from programmes.models import Action, Programme, SpecificObjective
from tests.admin import admin_url, signed_version
from tests.factories import ActionFactory, ProgrammeFactory, SpecificObjectiveFactory


def programme_data(programme: Programme, **rows: str) -> dict:
    data = {
        "number": str(programme.number),
        "kind": programme.kind,
        "name_fr": programme.name,
        "purpose_fr": "",
        "specific_objectives-TOTAL_FORMS": "0",
        "specific_objectives-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    if not programme._state.adding:
        data["version"] = signed_version(programme)
    return {**data, **rows}


def test_new_programme_is_saved_with_its_osp_and_action_rows(admin_client):
    data = programme_data(
        Programme(number=10, kind=Programme.Kind.TRANSVERSE, name="Cadre réglementaire et conventionnel"),
        **{
            "specific_objectives-TOTAL_FORMS": "1",
            "specific_objectives-0-number": "22",
            "specific_objectives-0-title_fr": "Mettre à niveau le cadre juridique",
            "actions-TOTAL_FORMS": "1",
            "actions-0-code": "10.1",
            "actions-0-title_fr": "Adopter la loi sur l'asile",
        },
    )

    response = admin_client.post(admin_url(Programme, "add"), data)

    assert response.status_code == 302
    assert SpecificObjective.objects.get(number=22).programme_id == 10
    assert Action.objects.get(code="10.1").programme_id == 10


def test_action_row_added_to_a_programme_takes_one_of_its_osps(admin_client):
    osp = SpecificObjectiveFactory(number=26, programme=ProgrammeFactory(number=11))
    data = programme_data(
        osp.programme,
        **{
            "specific_objectives-TOTAL_FORMS": "1",
            "specific_objectives-INITIAL_FORMS": "1",
            "specific_objectives-0-id": str(osp.pk),
            "specific_objectives-0-programme": "11",
            "specific_objectives-0-number": "26",
            "specific_objectives-0-title_fr": osp.title,
            "specific_objectives-0-version": signed_version(osp),
            "actions-TOTAL_FORMS": "1",
            "actions-0-code": "11.13",
            "actions-0-title_fr": "Sensibiliser les médias",
            "actions-0-specific_objective": str(osp.pk),
        },
    )

    response = admin_client.post(admin_url(Programme, "change", 11), data)

    assert response.status_code == 302
    assert Action.objects.get(code="11.13").specific_objective == osp


def test_action_rows_offer_only_the_programmes_osps_and_unassigned_ones(admin_client):
    own = SpecificObjectiveFactory(number=26, programme=ProgrammeFactory(number=11))
    foreign = SpecificObjectiveFactory(number=22, programme=ProgrammeFactory(number=10))
    unassigned = SpecificObjectiveFactory(number=3, programme=None)
    ActionFactory(code="11.12", specific_objective=own)

    response = admin_client.get(admin_url(Programme, "change", 11))

    formset = response.context["inline_admin_formsets"][1].formset
    offered = [value for value, _label in formset.forms[0].fields["specific_objective"].choices if value]
    assert offered == [unassigned.pk, own.pk]
    assert foreign.pk not in offered
