"""A field or a list staff emptied stays empty when run.sh runs the loaders again."""

import pytest

from committees.models import Committee
from loaders.reference_data import load_reference
from programmes.models import Action, Institution, Project

pytestmark = pytest.mark.django_db


def test_what_staff_cleared_is_not_filled_again_by_the_next_start():
    load_reference()
    action = Action.objects.get(code="11.12")
    action.specific_objective = None
    action.save()
    oim = Institution.objects.get(acronym="OIM")
    oim.acronym = ""
    oim.save()
    committee = Committee.objects.get(code="CP1")
    committee.programmes.clear()
    project = Project.objects.filter(funder__isnull=False).order_by("name").first()
    project.funder = None
    project.save()
    project.implementers.clear()

    load_reference()

    action.refresh_from_db()
    oim.refresh_from_db()
    project.refresh_from_db()
    assert action.specific_objective is None
    assert oim.acronym == ""
    assert list(committee.programmes.all()) == []
    assert project.funder is None
    assert list(project.implementers.all()) == []
