import pytest
from django.contrib.auth.models import Group

from access.roles import GROUP_NAMES, Role
from tests.factories import CommitteeFactory, FocalPointFactory, InstitutionFactory, UserFactory


def user_with_role(username: str, role: Role):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


@pytest.fixture
def staff(db):
    return user_with_role("suivi", Role.STAFF)


@pytest.fixture
def administrator(db):
    return user_with_role("administrateur", Role.ADMINISTRATOR)


@pytest.fixture
def reader(db):
    return user_with_role("lecteur", Role.READER)


@pytest.fixture
def cp2(db):
    return CommitteeFactory(code="CP2")


@pytest.fixture
def cp4(db):
    return CommitteeFactory(code="CP4")


@pytest.fixture
def health_ministry(db):
    return InstitutionFactory(name="Ministère de la Santé")


@pytest.fixture
def iom(db):
    return InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")


@pytest.fixture
def focal_cp2(cp2, health_ministry):
    user = user_with_role("pf.cp2", Role.FOCAL_POINT)
    FocalPointFactory(user=user, institution=health_ministry).committees.set([cp2])
    return user


@pytest.fixture
def focal_cp4(cp4, iom):
    user = user_with_role("pf.cp4", Role.FOCAL_POINT)
    FocalPointFactory(user=user, institution=iom).committees.set([cp4])
    return user
