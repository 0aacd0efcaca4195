"""The rules every spreadsheet import obeys (the export of any admin list: spreadsheets.exports).

`ScopedResource` is the base of the session and meeting resources. An import:
- is refused as a whole unless the user's role may enter records of that kind
  (`can_import`), or if a column is missing or unknown;
- matches each row on the resource's natural key (`import_id_fields`) among
  the records the user can see, so that importing the same file again
  changes nothing (unchanged rows are skipped and write no history);
- reads every cell with a widget that names what is wrong in French, then
  runs the model's validation and database constraints (`clean_model_instances`),
  the user's scope (the same rules as the admin's forms: `access.rules`) and
  the closed-year and review rules (`can_change`);
- saves row by row with save(), so history records each imported record, by
  the importing user, with the file's name as the reason; new records start
  as drafts authored by the importing user;
- is all or nothing: one transaction, rolled back — history rows included —
  as soon as one row is wrong.

Problems are reported per line of the file (the header is line 1) and column,
by `SpreadsheetResult.problems`, in the user's language; the file itself is
read and written in French whatever that language (`spreadsheets.language`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.resources import Diff
from import_export.results import Result, RowResult

from access import years
from access.models import ReviewState
from access.roles import Role, is_focal_point_model, role_of
from access.rules import authored_elsewhere_message, can_change, visible_to
from spreadsheets.exports import with_relations
from spreadsheets.language import in_file_language, in_file_words, isolated
from spreadsheets.widgets import folded, shown

IMPORTING_ROLES = (Role.ADMINISTRATOR, Role.STAFF, Role.FOCAL_POINT)
# What the preview says of each row, and its style (import-export's CSS classes).
STATUS_LABELS = {
    RowResult.IMPORT_TYPE_NEW: ("new", gettext_lazy("Nouvelle")),
    RowResult.IMPORT_TYPE_UPDATE: ("update", gettext_lazy("Mise à jour")),
    RowResult.IMPORT_TYPE_SKIP: ("skip", gettext_lazy("Inchangée")),
}
ERROR_STATUS = ("error", gettext_lazy("Erreur"))


def can_import(user, model: type[Model]) -> bool:
    """MDCMRE staff import everything they enter; focal points what they enter themselves; readers nothing."""
    role = role_of(user)
    if role not in IMPORTING_ROLES:
        return False
    if role == Role.FOCAL_POINT and not is_focal_point_model(model):
        return False
    return user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")


@dataclass
class Problem:
    """One reason a file was not imported, where it is in the file."""

    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
                **vars(self),
                "column": isolated(self.column),
            }
        if self.line:
            return _("Ligne %(line)s : %(message)s") % vars(self)
        return self.message


@dataclass
class PreviewRow:
    line: int
    status: str
    label: str
    cells: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [_("Erreur inattendue (%(error)s).") % {"error": type(error).__name__}]


class SpreadsheetResult(Result):
    """An import's result, numbered by the lines of the file."""

    line_numbers: list[int] | None = None

    def line(self, number: int) -> int:
        """The file line of import-export's row `number` (1 = first row under the header)."""
        if self.line_numbers and 0 < number <= len(self.line_numbers):
            return self.line_numbers[number - 1]
        return number + 1

    def _row_problems(self, number: int, row_result: RowResult) -> list[Problem]:
        line = self.line(number)
        problems = []
        if row_result.validation_error is not None:
            error = row_result.validation_error
            by_column = (
                error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            )
            for column, messages in by_column.items():
                for message in messages:
                    problems.append(Problem(message, line, None if column == NON_FIELD_ERRORS else column))
        for error in row_result.errors:
            for message in _messages(error.error):
                problems.append(Problem(message, line))
        return problems

    @property
    def problems(self) -> list[Problem]:
        problems = [Problem(message) for error in self.base_errors for message in _messages(error.error)]
        for number, row_result in enumerate(self.rows, start=1):
            problems += self._row_problems(number, row_result)
        return problems

    @property
    def preview(self) -> list[PreviewRow]:
        """Every row of the file: its line, what the import does with it, its values, its problems."""
        rows = []
        for number, row_result in enumerate(self.rows, start=1):
            status, label = STATUS_LABELS.get(row_result.import_type, ERROR_STATUS)
            if row_result.diff is not None:
                cells = row_result.diff
            else:
                values = row_result.row_values or {}
                cells = ["" if values.get(h) is None else shown(values.get(h)) for h in self.diff_headers]
            rows.append(
                PreviewRow(
                    self.line(number), status, str(label), cells, self._row_problems(number, row_result)
                )
            )
        return rows


class FileDiff(Diff):
    """The preview shows each record's cells as the file writes them (in French)."""

    def __init__(self, resource, instance, new: bool) -> None:
        with in_file_language():
            super().__init__(resource, instance, new)

    def compare_with(self, resource, instance) -> None:
        with in_file_language():
            super().compare_with(resource, instance)


class ScopedResource(resources.ModelResource):
    """Base of our import resources (see the module's docstring)."""

    #: The field that holds the record's year (or date), where a closed year is reported.
    year_field = "year"

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True
        # Bulk saves skip save() and its signals: no history, no closed-year guard.
        use_bulk = False

    def __init__(self, user=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.change_reason = _("Import d'un tableur")

    @classmethod
    def get_result_class(cls) -> type[Result]:
        return SpreadsheetResult

    def get_diff_class(self) -> type[Diff]:
        return FileDiff

    # --- what the file must hold -------------------------------------------
    def import_columns(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields() if not f.readonly]

    def ignored_columns(self) -> tuple[str, ...]:
        """Columns a file may carry and the import ignores (those the export adds)."""
        return ()

    def optional_columns(self) -> tuple[str, ...]:
        """Import columns a file may leave out (added after files were filled):
        a row of a file without them leaves the field as it is."""
        return ()

    def known_columns(self) -> list[str]:
        return [*self.import_columns(), *self.ignored_columns()]

    def example_row(self) -> dict:
        """One row of the downloadable template, by column (see the subclasses)."""
        return {}

    def template_choices(self) -> dict[str, list[str]]:
        """Drop-down lists the downloadable template offers, by column."""
        return {}

    def template_text_columns(self) -> tuple[str, ...]:
        """Columns the template formats as text, so that Excel keeps what is typed."""
        return ()

    def header_problems(self, dataset) -> list[str]:
        """Refusals of the header line. Renames headers typed loosely ("annee") to their exact name."""
        known = {folded(name): name for name in self.known_columns()}
        headers, problems = [], []
        for header in dataset.headers or []:
            name = known.get(folded(header or ""))
            if name is None:
                problems.append(
                    _("Ligne 1 : la colonne « %(header)s » est inconnue.")
                    % {"header": isolated(shown(header or ""))}
                )
            headers.append(name or header)
        for name in self.import_columns():
            if name not in headers and name not in self.optional_columns():
                problems.append(
                    _("Ligne 1 : il manque la colonne « %(header)s ».") % {"header": isolated(name)}
                )
        if problems:
            problems.append(
                _("Colonnes attendues, dans l'ordre du modèle à télécharger : %(columns)s.")
                % {"columns": ", ".join(isolated(column) for column in self.import_columns())}
            )
        elif dataset.headers:
            dataset.headers = headers
        return problems

    def import_data(self, dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs) -> Result:
        if not can_import(self.user, self._meta.model):
            refusal = ValidationError(
                _("Votre rôle ne permet pas d'importer des %(records)s.")
                % {"records": self._meta.model._meta.verbose_name_plural}
            )
        else:
            problems = self.header_problems(dataset)
            refusal = ValidationError(problems) if problems else None
        if refusal is not None:
            if raise_errors:
                raise refusal
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(self.get_error_result_class()(refusal))
            return result
        if kwargs.get("file_name"):
            self.change_reason = _("Import du fichier « %(name)s »") % {"name": kwargs["file_name"]}
        # All or nothing, whatever the caller asks: one transaction, rolled
        # back on any wrong row.
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        result = super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)
        result.line_numbers = getattr(dataset, "line_numbers", None)
        return result

    # --- rows ---------------------------------------------------------------
    def get_queryset(self) -> QuerySet:
        """Rows match records the user can see, never others (nor reveal them)."""
        return visible_to(self._meta.model._default_manager.all(), self.user)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unreadable key cell: the row is reported on that column below.
            return None
        except self._meta.model.MultipleObjectsReturned:
            raise ValidationError(self.ambiguous_key_message()) from None

    def ambiguous_key_message(self) -> str:
        return _(
            "Plusieurs enregistrements correspondent à cette ligne : corrigez-les dans l'administration."
        )

    def scope_errors(self, instance: Model, related: dict[str, list]) -> dict[str, str]:
        """What the user may not enter on this row, by attribute (see the subclasses)."""
        return {}

    def import_instance(self, instance: Model, row: dict, **kwargs) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # import-export reads many-to-many cells only after saving: read them
        # now, so that an unknown name is reported with the row's other errors.
        related = {}
        for import_field in self.get_import_fields():
            if import_field.readonly or not isinstance(import_field.widget, widgets.ManyToManyWidget):
                continue
            try:
                related[import_field.attribute] = import_field.clean(row)
            except ValueError as error:
                errors.setdefault(import_field.attribute, []).append(ValidationError(str(error)))
        for attribute, message in self.scope_errors(instance, related).items():
            if attribute not in errors:
                errors.setdefault(attribute, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def change_errors(self, instance: Model) -> dict[str, str]:
        """Closed years and the review workflow: what may no longer be changed."""
        errors = {}
        for year in years.touched_years(instance):
            try:
                years.ensure_open(year)
            except years.YearClosedError as error:
                errors[self.year_field] = error.messages[0]
        if not errors and not instance._state.adding and not can_change(self.user, instance):
            errors[NON_FIELD_ERRORS] = authored_elsewhere_message(self.user, instance) or _(
                "Cet enregistrement est « %(state)s » : seul le personnel du MDCMRE peut encore le modifier."
            ) % {"state": instance.get_review_state_display()}
        return errors

    def validate_instance(self, instance: Model, import_validation_errors=None, validate_unique: bool = True):
        errors = dict(import_validation_errors or {})
        for attribute, message in self.change_errors(instance).items():
            errors.setdefault(attribute, []).append(ValidationError(message))
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self.by_column(error)) from None

    def by_column(self, error: ValidationError) -> dict:
        """The error's messages keyed by the file's column names rather than the model's fields."""
        columns = {f.attribute: f.column_name for f in self.get_import_fields()}
        by_column: dict[str, list] = {}
        for key, messages in error.message_dict.items():
            if key in columns:
                column = columns[key]
            elif key == NON_FIELD_ERRORS:
                column = key
            else:
                try:
                    # Named as a file would name it: in French.
                    column = capfirst(in_file_words(self._meta.model._meta.get_field(key).verbose_name))
                except FieldDoesNotExist:
                    column = NON_FIELD_ERRORS
            by_column.setdefault(column, []).extend(messages)
        return by_column

    def before_save_instance(self, instance: Model, row: dict, **kwargs) -> None:
        if instance._state.adding:
            instance.author = self.user
            instance.review_state = ReviewState.DRAFT
        # Read by django-simple-history: who changed it, and why.
        instance._history_user = self.user
        instance._change_reason = self.change_reason

    # --- export -------------------------------------------------------------
    def filter_export(self, queryset: QuerySet, **kwargs) -> QuerySet:
        if self.user is not None:
            queryset = visible_to(queryset, self.user)
        return with_relations(queryset, self._meta.model)
