"""The « Couverture du bilan » part of a reporting year's admin page: the
settings the cover and back cover print (reports.cover)."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class CoverSettingsMixin:
    """Fieldsets and widgets of a ReportingYear admin for its publication settings."""

    fieldsets = [
        (None, {"fields": ["year", "state", "reporting_deadline"]}),
        (
            _("Couverture du bilan"),
            {
                "fields": ["logo", "publication_date", "arabic_title", "back_cover_address"],
                "description": _(
                    "Ce que la couverture et la dernière page du bilan impriment. "
                    "Figés avec l'année une fois celle-ci clôturée."
                ),
            },
        ),
        (_("Contenu du bilan"), {"fields": ["full_chapters"]}),
    ]
    # Arabic is typed and read right to left; the browser offers PNG and JPEG
    # only (the model checks the content).
    cover_widgets = {
        "logo": AdminFileWidget(attrs={"accept": "image/png,image/jpeg"}),
        "arabic_title": forms.Textarea(attrs={"dir": "rtl", "lang": "ar", "rows": 4, "cols": 60}),
        "back_cover_address": forms.Textarea(attrs={"rows": 4, "cols": 80}),
    }

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name in self.cover_widgets:
            kwargs["widget"] = self.cover_widgets[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)
