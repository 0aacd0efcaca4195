"""System checks on what models declare for the shared rules (access.models)."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist


@checks.register(checks.Tags.models)
def check_reviewed_models(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every reviewed model says where its year is and what a focal point
    reaches: without it, focal points would get rights over an empty scope and
    the closed-year guard could not place its records."""
    from access.models import Reviewable

    return [
        error
        for model in apps.get_models()
        if issubclass(model, Reviewable)
        for error in reviewed_model_errors(model)
    ]


def reviewed_model_errors(model) -> list[checks.CheckMessage]:
    errors = []
    try:
        model._meta.get_field(getattr(model, "year_field", None) or "")
    except FieldDoesNotExist:
        errors.append(
            checks.Error(
                f"{model._meta.label} must name the field holding its year in `year_field`.",
                obj=model,
                id="access.E002",
            )
        )
    if not callable(getattr(model, "focal_point_scope", None)):
        errors.append(
            checks.Error(
                f"{model._meta.label} must declare `focal_point_scope(focal_point, institution)`.",
                obj=model,
                id="access.E002",
            )
        )
    return errors
