"""The REST API's cross-cutting pieces, written once for every endpoint.

Every viewset reaches its records through access.rules.visible_to, every
change goes through access.rules.can_change, every relation a caller fills in
offers only what writable_choices lets them pick, and every serializer runs
the model's own validation (clean() and database constraints) — the same
rules as the admin, through the same code.
"""

import copy
from typing import Any

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.authentication import BasicScheme as DrfBasicScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import (
    authentication,
    exceptions,
    pagination,
    parsers,
    permissions,
    serializers,
    status,
    viewsets,
)
from rest_framework import filters as drf_filters
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from access.models import Reviewable, ReviewState, StateChanged
from access.roles import REFERENCE_MODELS, Role, role_of
from access.rules import authored_elsewhere_message, can_change, visible_to, writable_choices
from access.signals import YEAR_BOUND, record_year
from idempotency.api import IdempotentPostMixin


def model_label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


# --- Errors -----------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Quelqu'un a modifié cet élément entre-temps : relisez-le puis recommencez.")
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("La requête dépasse la taille autorisée (%(limit)s Mo).")
    default_code = "payload_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        super().__init__(self.default_detail % {"limit": limit})


STALE_VERSION = _(
    "Cet élément a été modifié entre-temps (version %(current)s, vous avez lu la version %(sent)s) : "
    "relisez-le puis recommencez."
)
PROTECTED = _("Impossible de supprimer cet élément : il est utilisé par %(objects)s.")
INTEGRITY = _("Cette modification contredit une règle des données ; relisez l'élément puis recommencez.")


def drf_errors(error: DjangoValidationError) -> dict | list:
    """A Django ValidationError as DRF reports it: per field, `non_field_errors` for the rest."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [
                str(message) for item in items for message in item.messages
            ]
            for field, items in error.error_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in error.messages]}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus the model layer's refusals: none of them may become a 500."""
    if isinstance(exc, Http404):
        # Django's message names the model, in English: answer DRF's « Non trouvé. ».
        exc = exceptions.NotFound()
    elif isinstance(exc, StateChanged):
        # Another caller's transition came first: a conflict, not a bad request.
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        # Model methods (workflow, year closing) and the closed-year guard.
        exc = exceptions.ValidationError(drf_errors(exc))
    elif isinstance(exc, RecordModifiedError):
        exc = Conflict()
    elif isinstance(exc, models.ProtectedError | models.RestrictedError):
        objects = exc.protected_objects if isinstance(exc, models.ProtectedError) else exc.restricted_objects
        # A many-to-many link is named after the record holding it (a session's organisers).
        names = sorted({str((obj._meta.auto_created or obj)._meta.verbose_name_plural) for obj in objects})
        exc = Conflict(PROTECTED % {"objects": ", ".join(names)})
    elif isinstance(exc, IntegrityError):
        # Serializers check every constraint first; this is a race between two writers.
        exc = Conflict(INTEGRITY)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)


class LimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser reads the body from the stream, past Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE check: refuse oversized bodies here, unread."""

    def parse(self, stream, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise PayloadTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # A thousand nested brackets exhaust Python's stack inside the decoder.
            raise exceptions.ParseError(JSON_TOO_DEEP % {"limit": MAX_JSON_DEPTH}) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            # Shallower nesting still parses, then recurses in validation and error rendering.
            raise exceptions.ParseError(JSON_TOO_DEEP % {"limit": MAX_JSON_DEPTH})
        return data


# No payload of ours nests beyond 3 levels.
MAX_JSON_DEPTH = 20
JSON_TOO_DEEP = _("JSON trop profondément imbriqué (%(limit)s niveaux au plus).")


def json_depth(data: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (a scalar: 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_DEPTH:
            stack.extend((child, depth + 1) for child in children)
    return deepest


# PostgreSQL refuses NUL characters in text with an error (a 500) where SQLite
# stores them. Serializer, filter and search fields refuse them already; these
# classes cover the remaining paths, and say which parameter is wrong.
class SearchFilter(drf_filters.SearchFilter):
    def get_search_terms(self, request: Request) -> list[str]:
        try:
            return super().get_search_terms(request)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({self.search_param: error.detail}) from error


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Jeton invalide."))
        return super().authenticate_credentials(key)


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid: str, password: str, request: Request | None = None):
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Identifiant ou mot de passe invalide."))
        return super().authenticate_credentials(userid, password, request)


class BasicScheme(DrfBasicScheme):
    """Documents our BasicAuthentication as HTTP Basic, like DRF's."""

    target_class = BasicAuthentication


# --- Permissions --------------------------------------------------------------


def change_refusal(user, obj: Model) -> str | None:
    """Why `user` may not change this record they can see; None if they may."""
    from reports.models import ReportingYear

    if can_change(user, obj):
        return None
    role = role_of(user)
    if role in (None, Role.READER):
        return str(_("Votre rôle permet de consulter les données, pas de les modifier."))
    year = record_year(obj) if model_label(type(obj)) in YEAR_BOUND else None
    closed = ReportingYear.objects.closed().filter(year=year).select_related("closed_by").first()
    if year is not None and closed is not None:
        return str(closed.closed_message())
    if model_label(type(obj)) in REFERENCE_MODELS:
        return str(_("Les données de référence ne peuvent être modifiées que par le personnel du MDCMRE."))
    elsewhere = authored_elsewhere_message(user, obj)
    if elsewhere:
        return str(elsewhere)
    state = getattr(obj, "review_state", None)
    if state == ReviewState.VALIDATED:
        return str(_("Cet élément est validé : seul le personnel du MDCMRE peut encore le modifier."))
    if state == ReviewState.SUBMITTED:
        return str(
            _("Cet élément est soumis pour validation : seul le personnel du MDCMRE peut le modifier.")
        )
    return str(_("Vous ne pouvez pas modifier cet élément."))


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions of the user's role, with reading requiring the view
    permission (Django's class lets any authenticated user read), then
    access.rules.can_change on the record for every change.

    Actions that call a model method (workflow, closing a year) need only the
    view permission here: the method itself decides, and says why it refuses.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _is_model_method(self, view) -> bool:
        return getattr(view, "action", None) in getattr(view, "model_method_actions", ())

    def has_permission(self, request: Request, view) -> bool:
        if self._is_model_method(view):
            if not request.user or not request.user.is_authenticated:
                return False
            model = self._queryset(view).model
            return request.user.has_perms(self.get_required_permissions("GET", model))
        return super().has_permission(request, view)

    def has_object_permission(self, request: Request, view, obj: Model) -> bool:
        if request.method in permissions.SAFE_METHODS or self._is_model_method(view):
            return True
        refusal = change_refusal(request.user, obj)
        if refusal:
            self.message = refusal
            return False
        return True


class HasRole(permissions.BasePermission):
    """Any of the four roles (read-only endpoints such as the figures)."""

    message = _("Votre compte n'a aucun rôle dans SNIA Suivi.")

    def has_permission(self, request: Request, view) -> bool:
        return role_of(request.user) is not None


class YearFilter(filters.NumberFilter):
    """A reporting year: a whole number in the strategy's range, not any decimal."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 2014)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    """A record's id (or a programme's number): a whole number, not any decimal."""

    field_class = forms.IntegerField


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# --- Serializers --------------------------------------------------------------

VERSION_REQUIRED = _("Indiquez la version de l'élément que vous avez lue (champ « version »).")


class ScopedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that offers only reachable choices and runs the model's validation.

    - Relations: a choice the caller cannot see, or may not pick (a focal point's
      committees, the actions their institution leads), is refused as if it did
      not exist.
    - validate(): builds the record as it would be saved (many-to-many aside)
      and calls full_clean(), so clean() and every database constraint answer
      with their French message per field instead of an IntegrityError.
    - `version`: read with the record, sent back on update; a stale one is a 409.
    """

    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_("Version lue ; obligatoire pour une modification, ignorée à la création."),
    )

    # Fields that are the record's year (or its date) for closed-year messages.
    year_field = "year"

    class Meta:
        validators: list = []

    @property
    def user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.user is None:
            return fields
        model = self.Meta.model
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.RelatedField) and not relation.read_only:
                if relation.queryset is not None:
                    relation.queryset = writable_choices(
                        self.user, model, visible_to(relation.queryset, self.user)
                    )
        return fields

    def _m2m_names(self) -> set[str]:
        return {field.name for field in self.Meta.model._meta.many_to_many}

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        version = attrs.pop("version", None)
        if self.instance is not None:
            if version is None:
                raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
            if version != self.instance.version:
                raise Conflict(STALE_VERSION % {"current": self.instance.version, "sent": version})
        candidate = self._candidate(attrs)
        try:
            candidate.full_clean(exclude=[*self._m2m_names(), "version"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(drf_errors(error)) from error
        self._ensure_year_open(candidate)
        self.validate_relations(attrs, candidate)
        if self.instance is not None:
            # The version read travels to the save: django-concurrency refuses it
            # if someone saved in between this check and ours.
            attrs["version"] = version
        return attrs

    def _candidate(self, attrs: dict) -> Model:
        m2m = self._m2m_names()
        values = {name: value for name, value in attrs.items() if name not in m2m}
        if self.instance is None:
            return self.Meta.model(**values)
        candidate = copy.copy(self.instance)
        for name, value in values.items():
            setattr(candidate, name, value)
        return candidate

    def _ensure_year_open(self, candidate: Model) -> None:
        from reports.models import ReportingYear, YearClosedError

        if model_label(type(candidate)) not in YEAR_BOUND:
            return
        try:
            ReportingYear.objects.ensure_open(record_year(candidate))
        except YearClosedError as error:
            raise serializers.ValidationError({self.year_field: list(error.messages)}) from error

    def validate_relations(self, attrs: dict, candidate: Model) -> None:
        """Rules on many-to-many choices, which full_clean() cannot see."""


class ReviewSerializerMixin(serializers.Serializer):
    """The review workflow's state, read-only: it changes through the workflow actions."""

    review_state = serializers.ChoiceField(choices=ReviewState.choices, read_only=True)
    review_comment = serializers.CharField(read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)


REVIEW_FIELDS = ("review_state", "review_comment", "author", "submitted_at", "reviewed_by", "reviewed_at")


# --- Viewsets -----------------------------------------------------------------


class ScopedViewSetMixin(IdempotentPostMixin):
    """What every viewset of the API shares: scoping, permissions, pages, parsers,
    and the `Idempotency-Key` header on POST (idempotency.api).

    Subclasses set a class-level `queryset` (with its select_related and
    prefetch_related) so the schema generator needs no user.
    """

    authentication_classes = [TokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [ScopedModelPermissions]
    filter_backends = [filters.DjangoFilterBackend, SearchFilter, drf_filters.OrderingFilter]
    pagination_class = Pagination
    parser_classes = [LimitedJSONParser]
    model_method_actions: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return visible_to(super().get_queryset(), self.request.user)


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """A ModelViewSet over what the caller may see, writing in one transaction."""

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        extra = {}
        if issubclass(serializer.Meta.model, Reviewable):
            # What a caller posts starts as their draft, whatever they sent.
            extra = {"author": self.request.user, "review_state": ReviewState.DRAFT}
        with transaction.atomic():
            serializer.save(**extra)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance: Model) -> None:
        with transaction.atomic():
            instance.delete()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text=_("À envoyer dans l'en-tête « Authorization: Token … ».")
    )


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_("Version lue, facultative : si l'élément a changé depuis, la réponse est 409."),
    )


class CommentSerializer(TransitionSerializer):
    comment = serializers.CharField(
        max_length=5000, help_text=_("Ce que l'auteur doit corriger."), trim_whitespace=True
    )


class ReviewWorkflowMixin:
    """POST …/{id}/submit/, …/approve/ and …/return/: the model's workflow methods."""

    model_method_actions = ("submit", "approve", "return_to_author")

    def _transition(self, request: Request, method: str, *args: Any) -> Response:
        from reports.models import ReportingYear

        seen = TransitionSerializer(data=request.data)
        seen.is_valid(raise_exception=True)
        obj = self.get_object()
        closed = ReportingYear.objects.closed().filter(year=record_year(obj)).select_related("closed_by")
        closed = closed.first()
        if closed is not None:
            raise exceptions.PermissionDenied(closed.closed_message())
        with transaction.atomic():
            getattr(obj, method)(request.user, *args, version=seen.validated_data.get("version"))
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Envoie un brouillon (ou un élément renvoyé) pour validation."""
        return self._transition(request, "submit")

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Le personnel du MDCMRE valide un élément soumis : il entre dans le bilan."""
        return self._transition(request, "approve")

    @action(detail=True, methods=["post"], url_path="return")
    def return_to_author(self, request: Request, pk: str | None = None) -> Response:
        """Le personnel du MDCMRE renvoie un élément soumis à son auteur, avec un commentaire."""
        comment = CommentSerializer(data=request.data)
        comment.is_valid(raise_exception=True)
        try:
            return self._transition(request, "return_to_author", comment.validated_data["comment"])
        except StateChanged:
            raise
        except DjangoValidationError as error:
            errors = drf_errors(error)
            if isinstance(errors, dict) and "review_comment" in errors:
                errors["comment"] = errors.pop("review_comment")
            raise serializers.ValidationError(errors) from error


def workflow_schema(serializer_class: type[serializers.Serializer]):
    """Documents the workflow actions of a viewset with its record serializer."""
    errors = {
        400: OpenApiResponse(description=_("Transition impossible depuis l'état actuel.")),
        403: OpenApiResponse(description=_("Action non autorisée pour votre rôle.")),
        404: OpenApiResponse(description=_("Élément inexistant ou hors de votre périmètre.")),
        409: OpenApiResponse(description=_("L'élément a changé depuis votre lecture (autre transition).")),
    }
    return extend_schema_view(
        submit=extend_schema(request=TransitionSerializer, responses={200: serializer_class, **errors}),
        approve=extend_schema(request=TransitionSerializer, responses={200: serializer_class, **errors}),
        return_to_author=extend_schema(
            request=CommentSerializer, responses={200: serializer_class, **errors}
        ),
    )


# --- Tokens -------------------------------------------------------------------


class TokenView(APIView):
    """Votre jeton d'accès à l'API : POST le crée (ou rend le jeton actuel), DELETE le révoque.

    Accessible avec votre mot de passe (HTTP Basic), votre session ou le jeton lui-même. Les
    administrateurs voient et révoquent tous les jetons dans l'administration.
    """

    authentication_classes = [BasicAuthentication, authentication.SessionAuthentication, TokenAuthentication]
    permission_classes = [HasRole]
    parser_classes = [LimitedJSONParser]

    @extend_schema(request=None, responses={200: TokenSerializer, 201: TokenSerializer})
    def post(self, request: Request) -> Response:
        token, created = Token.objects.get_or_create(user=request.user)
        return Response(
            {"token": token.key}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
