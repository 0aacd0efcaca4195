"""The export of any admin list: every field of the model, headed by its French verbose
name, with the relations it prints loaded up front."""

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from import_export import resources
from import_export.fields import Field

from access.rules import visible_to
from spreadsheets.language import file_language
from spreadsheets.widgets import DisplayWidget


def with_relations(queryset: QuerySet, model: type[Model]) -> QuerySet:
    """The export's queryset with every relation it prints loaded up front (no per-row query).

    The admin's own prefetches (sometimes of a few columns only) are replaced.
    """
    foreign_keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
    many = [f.name for f in model._meta.many_to_many]
    return queryset.select_related(*foreign_keys).prefetch_related(None).prefetch_related(*many)


EXCLUDED_FROM_EXPORT = {"version", "password"}


@file_language
def export_resource_for(model: type[Model]) -> type[resources.ModelResource]:
    """An export-only resource of every field of `model`, headed by its French verbose names
    (whatever the language of the request that first asks for it)."""
    fields = {}
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if model_field.primary_key or model_field.name in EXCLUDED_FROM_EXPORT:
            continue
        # A translated field's languages (`name_ar`, django-modeltranslation):
        # the file has the one column it always had, in French.
        if hasattr(model_field, "translated_field"):
            continue
        attribute = model_field.name
        if model_field.choices:
            attribute = f"get_{model_field.name}_display"
        fields[model_field.name] = Field(
            attribute=attribute,
            # The headers identify the columns: French whatever the user's language.
            column_name=capfirst(str(model_field.verbose_name)),
            widget=DisplayWidget(),
            readonly=True,
        )

    class ExportResource(resources.ModelResource):
        def __init__(self, user=None, **kwargs) -> None:
            super().__init__(**kwargs)
            self.user = user

        def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
            if self.user is not None:
                queryset = visible_to(queryset, self.user)
            return with_relations(queryset, model)

    meta = type("Meta", (), {"model": model, "fields": tuple(fields), "export_order": tuple(fields)})
    return type(ExportResource)(
        f"{model.__name__}ExportResource",
        (ExportResource,),
        {"Meta": meta, "__module__": __name__, **fields},
    )
