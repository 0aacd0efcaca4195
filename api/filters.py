"""Query-string filters that refuse what no column can hold."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django_filters import rest_framework as filters
from rest_framework import filters as drf_filters
from rest_framework import (
    serializers,
)
from rest_framework.request import Request


# PostgreSQL refuses NUL characters in text with an error (a 500) where SQLite
# stores them. Serializer, filter and search fields refuse them already; these
# classes cover the remaining paths, and say which parameter is wrong.
class SearchFilter(drf_filters.SearchFilter):
    def get_search_terms(self, request: Request) -> list[str]:
        try:
            return super().get_search_terms(request)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({self.search_param: error.detail}) from error


class OrderingFilter(drf_filters.OrderingFilter):
    """`?ordering=name` sorts by the French name, the text the API returns
    (api.serializers): modeltranslation would sort by the request's language,
    where untranslated rows are empty."""

    def filter_queryset(self, request: Request, queryset, view):
        with translation.override(settings.LANGUAGE_CODE):
            return super().filter_queryset(request, queryset, view)


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
