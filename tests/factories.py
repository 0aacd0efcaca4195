import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from access.roles import GROUP_NAMES, Role
from committees.models import Committee, FocalPoint, Meeting, MeetingTarget
from programmes.models import Action, Institution, Programme, Project, SpecificObjective
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from trainings.models import Session


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ma")
    password = factory.django.Password("Un mot de passe solide 2020")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("number",)

    number = 11
    kind = Programme.Kind.TRANSVERSE
    name = factory.LazyAttribute(lambda p: f"Programme numéro {p.number}")


class SpecificObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificObjective
        django_get_or_create = ("number",)

    number = 26
    programme = factory.SubFactory(ProgrammeFactory)
    title = "Renforcer la capacité des acteurs"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = Institution.Kind.MINISTRY


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Projet {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        django_get_or_create = ("code",)

    specific_objective = factory.SubFactory(SpecificObjectiveFactory)
    programme = factory.LazyAttribute(lambda a: a.specific_objective.programme)
    code = factory.Sequence(lambda n: f"11.{n % 90 + 1}")
    title = factory.Sequence(lambda n: f"Action {n}")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.LazyAttribute(lambda c: f"Comité {c.code}")
    kind = Committee.Kind.PROGRAMME


class MeetingTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingTarget

    committee = factory.SubFactory(CommitteeFactory)
    year = 2020
    expected = 4


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 360))
    mode = Meeting.Mode.ONLINE


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = Session.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Session {n}")
    year = 2020
    women = 0
    men = 0
    unrecorded = 0


class ReportingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingYear

    year = 2020

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A year opens itself when a record is saved for it (reports.years): the
        # test's year may exist already, and takes the values the test gives.
        year, _ = model_class._default_manager.update_or_create(year=kwargs.pop("year"), defaults=kwargs)
        return year


class NarrativeSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NarrativeSection

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2020
    body = "Texte."


class ReportItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportItem

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2020
    kind = ReportItem.Kind.CHALLENGE
    position = factory.Sequence(lambda n: n)
    text = "Un défi."


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    title = factory.Sequence(lambda n: f"Étude {n}")
    year = 2020


class UniversityProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UniversityProgramme

    university = "UM5"
    city = "Rabat"
    diploma = UniversityProgramme.Diploma.MASTER
    title = factory.Sequence(lambda n: f"Filière {n}")
    year = 2020


class ValidatedSessionFactory(SessionFactory):
    """A session as the published bilan counts it: validated."""

    review_state = "validated"


class ValidatedMeetingFactory(MeetingFactory):
    review_state = "validated"


def user_with_role(username: str, role: Role):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


# The cast of the tests (tests/conftest.py's fixtures, and the worlds that
# modules build once): two ministries' focal points on either side of the
# CP2/CP4 line.
def health_ministry() -> Institution:
    return InstitutionFactory(name="Ministère de la Santé")


def iom() -> Institution:
    return InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")


def focal_point_user(username: str, committee: Committee, institution: Institution):
    user = user_with_role(username, Role.FOCAL_POINT)
    FocalPointFactory(user=user, institution=institution).committees.set([committee])
    return user


def cast() -> dict:
    """The cast at once, named as tests/conftest.py's fixtures, for worlds built once per module."""
    cp2, cp4 = CommitteeFactory(code="CP2"), CommitteeFactory(code="CP4")
    ministry, oim = health_ministry(), iom()
    return {
        "cp2": cp2,
        "cp4": cp4,
        "health_ministry": ministry,
        "iom": oim,
        "administrator": user_with_role("administrateur", Role.ADMINISTRATOR),
        "staff": user_with_role("suivi", Role.STAFF),
        "reader": user_with_role("lecteur", Role.READER),
        "focal_cp2": focal_point_user("pf.cp2", cp2, ministry),
        "focal_cp4": focal_point_user("pf.cp4", cp4, oim),
    }
