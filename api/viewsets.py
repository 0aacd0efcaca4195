"""The REST API's cross-cutting pieces, written once for every endpoint.

Every viewset reaches its records through access.rules.visible_to, every
change goes through access.rules.can_change, every relation a caller fills in
offers only what writable_choices lets them pick, and every serializer runs
the model's own validation (clean() and database constraints) — the same
rules as the admin, through the same code."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import (
    authentication,
    exceptions,
    pagination,
    serializers,
    viewsets,
)
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from access import years
from access.models import Reviewable, ReviewState, StateChanged
from access.rules import visible_to
from api.auth import TokenAuthentication
from api.errors import drf_errors
from api.filters import OrderingFilter, SearchFilter
from api.parsers import LimitedJSONParser
from api.permissions import ScopedModelPermissions
from api.serializers import CommentSerializer, TransitionSerializer
from idempotency.api import IdempotentPostMixin


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ScopedViewSetMixin(IdempotentPostMixin):
    """What every viewset of the API shares: scoping, permissions, pages, parsers,
    and the `Idempotency-Key` header on POST (idempotency.api).

    Subclasses set a class-level `queryset` (with its select_related and
    prefetch_related) so the schema generator needs no user.
    """

    authentication_classes = [TokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [ScopedModelPermissions]
    filter_backends = [filters.DjangoFilterBackend, SearchFilter, OrderingFilter]
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


class ReviewWorkflowMixin:
    """POST …/{id}/submit/, …/approve/ and …/return/: the model's workflow methods."""

    model_method_actions = ("submit", "approve", "return_to_author")

    def _transition(self, request: Request, method: str, *args: Any) -> Response:
        seen = TransitionSerializer(data=request.data)
        seen.is_valid(raise_exception=True)
        obj = self.get_object()
        closed = years.closed_year_of(obj)
        if closed is not None:
            raise exceptions.PermissionDenied(closed.closed_message())
        with transaction.atomic():
            getattr(obj, method)(request.user, *args, version=seen.validated_data.get("version"))
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "submit")

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, "approve")

    @action(detail=True, methods=["post"], url_path="return")
    def return_to_author(self, request: Request, pk: str | None = None) -> Response:
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
        submit=extend_schema(
            request=TransitionSerializer,
            responses={200: serializer_class, **errors},
            description=_("Envoie un brouillon (ou un élément renvoyé) pour validation."),
        ),
        approve=extend_schema(
            request=TransitionSerializer,
            responses={200: serializer_class, **errors},
            description=_("Le personnel du MDCMRE valide un élément soumis : il entre dans le bilan."),
        ),
        return_to_author=extend_schema(
            request=CommentSerializer,
            responses={200: serializer_class, **errors},
            description=_(
                "Le personnel du MDCMRE renvoie un élément soumis à son auteur, avec un commentaire."
            ),
        ),
    )
