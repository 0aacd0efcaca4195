"""The base of every serializer: reachable choices only, the model's own
validation, the closed-year rule and the version read."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from rest_framework import (
    serializers,
)

from access import years
from access.models import ReviewState
from access.rules import visible_to, writable_choices
from api.errors import STALE_VERSION, Conflict, drf_errors

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
        self._french_text_of_record(fields)
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

    def _french_text_of_record(self, fields: dict[str, serializers.Field]) -> None:
        """A translated text (`name`) is read and written in French, the text of
        record, whatever `Accept-Language` says (only messages follow it, and
        files stay French too): a client that reads a record in Arabic and sends
        it back must not store the French fallback as the Arabic. The field keeps
        what it was built from (`name`: required, label); only its source moves."""
        # programmes.translated.translated_fields, which this lower layer cannot import.
        try:
            translated = translator.get_options_for_model(self.Meta.model).get_field_names()
        except NotRegistered:
            return
        for name in set(translated) & set(fields):
            if fields[name].source is None:
                fields[name].source = build_localized_fieldname(name, settings.LANGUAGE_CODE)

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
        if not years.is_year_bound(type(candidate)):
            return
        try:
            years.ensure_open(years.record_year(candidate))
        except years.YearClosedError as error:
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
