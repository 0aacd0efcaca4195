"""Spreadsheet import and export in the admin, for every list, written once.

- `SpreadsheetExportMixin`: the list exports to XLSX and CSV, with its current
  filters and search applied (import-export rebuilds the change list from the
  request), and only the records the user can see (`visible_to`, on top of the
  admin's own queryset). Whoever may view the list may export it.
- `SpreadsheetImportExportMixin` adds the import: template download, upload,
  preview of every row, confirmation. Only users whose role may enter the
  records import them (`can_import`: never readers); the rows then obey
  `spreadsheets.resources.ScopedResource`.

Files are French whatever the user's language (`spreadsheets.language`): the
export and the template are written under `file_language`; the pages and
messages around them are in the user's language.

The uploaded file is checked by `spreadsheets.files` before any row is read.
Between the preview and the confirmation the file waits in a temporary
folder; its name travels signed for the user who uploaded it, so that nobody
can confirm the import of another file.
"""

import datetime
import functools
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from import_export.admin import ExportMixin, ImportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import RowResult
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from access.rules import visible_to
from spreadsheets.exports import export_resource_for
from spreadsheets.files import (
    SPREADSHEET_FORMATS,
    XLSX_CONTENT_TYPE,
    XlsxFormat,
    check_size,
    format_for,
    import_max_bytes,
    size_label,
)
from spreadsheets.language import file_language
from spreadsheets.resources import can_import
from spreadsheets.widgets import DateWidget, TimeWidget
from spreadsheets.writer import DATE_FORMAT, TIME_FORMAT, workbook_bytes, write_row, write_table

CONFIRM_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
MAX_PROBLEMS_IN_MESSAGES = 20


class SpreadsheetImportForm(ImportForm):
    """The upload: size and extension checked before the file is stored; the format follows the extension."""

    def __init__(self, formats, resources, **kwargs) -> None:
        super().__init__(formats, resources, **kwargs)
        self.formats = list(formats)
        self.fields["format"].required = False
        self.fields["import_file"].help_text = _(
            "Classeur Excel (.xlsx) ou fichier CSV, %(limit)s au plus."
        ) % {"limit": size_label(import_max_bytes())}

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_size(upload.size)
        if format_for(upload.name) is None:
            raise ValidationError(
                _("« %(name)s » n'est ni un classeur Excel (.xlsx) ni un fichier CSV (.csv).")
                % {"name": upload.name}
            )
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and format_for(upload.name) in self.formats:
            cleaned["format"] = str(self.formats.index(format_for(upload.name)))
        return cleaned


class SignedConfirmImportForm(ConfirmImportForm):
    """The confirmation, for the file this user uploaded and previewed, within the hour."""

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.salt = f"snia.import:{getattr(user, 'pk', None)}"

    def sign(self, name: str) -> str:
        return signing.dumps(name, salt=self.salt)

    def clean_import_file_name(self) -> str:
        try:
            name = signing.loads(
                self.cleaned_data["import_file_name"], salt=self.salt, max_age=CONFIRM_MAX_AGE
            )
        except signing.BadSignature:
            raise ValidationError(
                _("Cet aperçu a expiré ou ne vous appartient pas : déposez à nouveau le fichier.")
            ) from None
        return os.path.basename(name)


@functools.cache
def default_export_resource(model: type[Model]):
    # Built once: with the French headers, whoever asks first.
    with override(settings.LANGUAGE_CODE):
        return export_resource_for(model)


class SpreadsheetExportMixin(ExportMixin):
    """Export of the admin list (see the module's docstring)."""

    export_form_class = ExportForm
    #: The list's export resource; None exports every field under its French name.
    spreadsheet_export_resource = None

    def get_export_formats(self) -> list:
        return SPREADSHEET_FORMATS

    def get_export_resource_classes(self, request: HttpRequest) -> list:
        return [self.spreadsheet_export_resource or default_export_resource(self.model)]

    def get_resource_kwargs(self, request: HttpRequest, *args, **kwargs) -> dict:
        return {"user": request.user}

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_export_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_to(super().get_export_queryset(request), request.user)

    def export_action(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A filter typed into the address: the list itself would refuse it too.
            messages.error(request, _("Ce filtre n'existe pas : la liste est affichée sans filtre."))
            info = self.get_model_info()
            return HttpResponseRedirect(
                reverse("admin:{}_{}_changelist".format(*info), current_app=self.admin_site.name)
            )

    @file_language
    def get_export_data(self, file_format, request: HttpRequest, queryset: QuerySet, **kwargs) -> bytes:
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Numbers and dates stay numbers and dates in a workbook; CSV gets text.
        kwargs["force_native_type"] = isinstance(file_format, XlsxFormat)
        # A file is written in French, the language its imports read
        # (headers, names, labels), whatever the language of the page.
        with override(settings.LANGUAGE_CODE):
            dataset = self.get_data_for_export(request, queryset, **kwargs)
        dataset.title = str(self.model._meta.verbose_name_plural).capitalize()[:31]
        return file_format.export_data(dataset)

    @file_language
    def get_export_filename(self, request: HttpRequest, queryset: QuerySet, file_format) -> str:
        name = slugify(str(self.model._meta.verbose_name_plural))
        return f"{name}-{datetime.date.today():%Y-%m-%d}.{file_format.get_extension()}"


class SpreadsheetImportExportMixin(ImportMixin, SpreadsheetExportMixin):
    """Import of sessions or meetings in the admin, with their export (see the module's docstring)."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    #: The import's resource (a `ScopedResource`).
    spreadsheet_resource = None
    import_form_class = SpreadsheetImportForm
    confirm_form_class = SignedConfirmImportForm
    # The import writes its own entries in the admin's log, in French.
    skip_admin_log = False

    def get_import_formats(self) -> list:
        return SPREADSHEET_FORMATS

    def get_import_resource_classes(self, request: HttpRequest) -> list:
        return [self.spreadsheet_resource]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return can_import(request.user, self.model)

    def get_urls(self) -> list:
        info = self.get_model_info()
        template = path(
            "import/modele.xlsx",
            self.admin_site.admin_view(self.import_template_view),
            name="{}_{}_import_template".format(*info),
        )
        return [template, *super().get_urls()]

    def get_import_data_kwargs(self, **kwargs) -> dict:
        kwargs.pop("form", None)
        kwargs.pop("request", None)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_import_context_data(self, **kwargs) -> dict:
        info = self.get_model_info()
        return {
            "template_url": reverse(
                "admin:{}_{}_import_template".format(*info), current_app=self.admin_site.name
            ),
            "max_size": size_label(import_max_bytes()),
        }

    def get_confirm_form_kwargs(self, request: HttpRequest, import_form=None) -> dict:
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request: HttpRequest, import_form) -> dict:
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            signer = SignedConfirmImportForm(user=request.user)
            initial["import_file_name"] = signer.sign(initial["import_file_name"])
        return initial

    def add_data_read_fail_error_to_form(self, form, error: Exception) -> None:
        if isinstance(error, ValidationError):
            form.add_error("import_file", error.messages)
        else:
            form.add_error(
                "import_file",
                _(
                    "Ce fichier n'a pas pu être lu : vérifiez qu'il s'agit bien "
                    "d'un classeur .xlsx ou d'un fichier CSV."
                ),
            )

    def process_result(self, result, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation:
            # nothing was saved (the transaction was rolled back).
            messages.error(request, _("Rien n'a été importé : le fichier comporte des erreurs."))
            for problem in result.problems[:MAX_PROBLEMS_IN_MESSAGES]:
                messages.error(request, str(problem))
            info = self.get_model_info()
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*info), current_app=self.admin_site.name)
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request: HttpRequest) -> None:
        totals = result.totals
        messages.success(
            request,
            _(
                "Import terminé : %(new)s ajouté(s) en brouillon, %(updated)s mis à jour, "
                "%(unchanged)s inchangé(s) (%(records)s)."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
                "records": self.model._meta.verbose_name_plural,
            },
        )

    def _create_log_entry(self, user_pk, rows, import_type, action_flag) -> None:
        from django.contrib.admin.models import LogEntry

        if rows:
            message = (
                _("Ajouté par import")
                if import_type == RowResult.IMPORT_TYPE_NEW
                else _("Modifié par import")
            )
            LogEntry.objects.log_actions(
                user_pk, rows, action_flag, change_message=message, single_object=len(rows) == 1
            )

    @file_language
    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """The template to fill in: French headers, one example row, drop-down lists, a help sheet
        (all in French, whatever the user's language)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](user=request.user)
        response = HttpResponse(import_template(resource), content_type=XLSX_CONTENT_TYPE)
        name = slugify(str(self.model._meta.verbose_name_plural))
        response["Content-Disposition"] = f'attachment; filename="modele-import-{name}.xlsx"'
        return response


def import_template(resource) -> bytes:
    """The downloadable template of `resource`'s import, as XLSX bytes."""
    columns = resource.import_columns()
    fields = {f.column_name: f for f in resource.get_import_fields()}
    example = resource.example_row()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(resource._meta.model._meta.verbose_name_plural).capitalize()[:31]
    write_table(sheet, columns, [[example.get(column) for column in columns]])
    last_line = 1000
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        widget = fields[column].widget
        if isinstance(widget, DateWidget):
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif isinstance(widget, TimeWidget):
            sheet.column_dimensions[letter].number_format = TIME_FORMAT
        elif column in resource.template_text_columns():
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    # Drop-down lists read their values from a hidden sheet: no formula in any cell.
    lists = workbook.create_sheet(_("Listes"))
    lists.sheet_state = "hidden"
    for list_index, (column, values) in enumerate(resource.template_choices().items(), start=1):
        if column not in columns or not values:
            continue
        list_letter = get_column_letter(list_index)
        for line, value in enumerate(values, start=1):
            lists.cell(row=line, column=list_index, value=value)
        letter = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${list_letter}$1:${list_letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=False,
        )
        validation.add(f"{letter}2:{letter}{last_line}")
        sheet.add_data_validation(validation)
    help_sheet = workbook.create_sheet(_("Aide"))
    write_table(
        help_sheet,
        [_("Colonne"), _("Obligatoire"), _("Contenu attendu")],
        [
            [
                column,
                _("Oui") if column in required_columns(resource) else _("Non"),
                fields[column].widget.describe(),
            ]
            for column in columns
        ],
    )
    line = len(columns) + 3
    for note in template_notes(resource):
        write_row(help_sheet, line, [note])
        help_sheet.cell(row=line, column=1).alignment = Alignment(wrap_text=False)
        line += 1
    return workbook_bytes(workbook)


def required_columns(resource) -> set[str]:
    model_fields = {f.name: f for f in resource._meta.model._meta.concrete_fields}
    return {
        f.column_name
        for f in resource.get_import_fields()
        if not f.readonly and f.attribute in model_fields and not model_fields[f.attribute].blank
    }


def template_notes(resource) -> list[str]:
    keys = [resource.fields[name].column_name for name in resource.get_import_id_fields()]
    return [
        _("La première feuille est lue ; la ligne 1 porte les en-têtes, une ligne par enregistrement."),
        _("Remplacez la ligne d'exemple par vos données."),
        _(
            "Une ligne dont %(keys)s correspondent à un enregistrement existant le met à jour ; "
            "une ligne identique est laissée telle quelle."
        )
        % {"keys": ", ".join(f"« {key} »" for key in keys)},
        _("Les nouveaux enregistrements sont créés en brouillon, à soumettre pour validation."),
        _("Tout ou rien : si une seule ligne comporte une erreur, rien n'est enregistré."),
        _("Formules, liaisons vers d'autres fichiers et macros sont refusées ; taille maximale : %(size)s.")
        % {"size": size_label(import_max_bytes())},
    ]
