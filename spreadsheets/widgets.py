"""How a spreadsheet cell becomes a field value, and back, for our imports and exports.

Each widget reads what people actually type in Excel (a date cell or
"15/10/2020", "Oui", "Formation", "OIM ; Ministère de la Santé") and raises
ValueError with a message naming the value when it cannot. References
(institutions, projects, actions, committees) must already exist: an import
never creates reference data, it names the unknown value instead.

Cells are French whatever the user's language (`spreadsheets.language`): labels
and names are compared in French, while messages are in the user's language,
naming the French words a file must hold.
"""

import datetime
import re
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.db.models import Manager, Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import widgets

from spreadsheets.language import in_file_language, isolated

DATE_INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")
TIME_INPUT_FORMATS = ("%H:%M", "%Hh%M", "%Hh", "%H:%M:%S", "%H.%M")
# French first, then what an Arabic or English speaker types.
TRUE_WORDS = {"oui", "o", "vrai", "x", "1", "yes", "y", "true", "نعم"}
FALSE_WORDS = {"non", "n", "faux", "0", "no", "false", "لا"}
INTEGER = re.compile(r"^[+-]?\d+$")
INTEGER_WITH_ZERO_DECIMALS = re.compile(r"^([+-]?\d+)[.,]0+$")
SPACES = re.compile(r"[\s\u00a0\u202f]+")
NAME_SEPARATOR = ";"
CODE_SEPARATORS = re.compile(r"[;,\s]+")


def folded(text: str) -> str:
    """Case, accents and spacing ignored: "Séminaire " and "seminaire" compare equal."""
    decomposed = unicodedata.normalize("NFKD", " ".join(str(text).split()))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def shown(value) -> str:
    """A cell's value as the user typed it, for messages."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_integer(value) -> int | None:
    """An integer from a number cell or a text such as "1 234"; None if blank; ValueError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value == int(value):
            return int(value)
        raise ValueError
    text = SPACES.sub("", str(value))
    if INTEGER.match(text):
        return int(text)
    zero_decimals = INTEGER_WITH_ZERO_DECIMALS.match(text)
    if zero_decimals:
        return int(zero_decimals.group(1))
    raise ValueError


class TextWidget(widgets.Widget):
    """Text, stripped; a blank cell is an empty text."""

    def describe(self) -> str:
        return _("Texte.")

    def clean(self, value, row=None, **kwargs) -> str:
        if is_blank(value):
            return ""
        return shown(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class YearWidget(widgets.IntegerWidget):
    def describe(self) -> str:
        return _("Année sur quatre chiffres, par exemple 2020.")

    def clean(self, value, row=None, **kwargs) -> int | None:
        try:
            return parse_integer(value)
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas une année (écrivez-la sur quatre chiffres, par exemple 2020).")
                % {"value": shown(value)}
            ) from None


class DateWidget(widgets.DateWidget):
    """A date cell, or a text such as 15/10/2020 (also 2020-10-15)."""

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y")

    def describe(self) -> str:
        return _("Date JJ/MM/AAAA (cellule au format date, ou texte 15/10/2020).")

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            for date_format in DATE_INPUT_FORMATS:
                try:
                    return datetime.datetime.strptime(value.strip(), date_format).date()
                except ValueError:
                    continue
        raise ValueError(
            _("« %(value)s » n'est pas une date : écrivez-la JJ/MM/AAAA, par exemple 15/10/2020.")
            % {"value": shown(value)}
        )

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%d/%m/%Y") if value else ""


class TimeWidget(widgets.TimeWidget):
    """A time cell, or a text such as 10:00 or 10h30."""

    def __init__(self) -> None:
        super().__init__(format="%H:%M")

    def describe(self) -> str:
        return _("Heure HH:MM, par exemple 10:00 (vide si inconnue).")

    def clean(self, value, row=None, **kwargs) -> datetime.time | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        if isinstance(value, str):
            text = value.strip().lower().replace(" ", "")
            for time_format in TIME_INPUT_FORMATS:
                try:
                    return datetime.datetime.strptime(text, time_format).time()
                except ValueError:
                    continue
        raise ValueError(
            _("« %(value)s » n'est pas une heure : écrivez-la HH:MM, par exemple 10:00.")
            % {"value": shown(value)}
        )

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%H:%M") if value else ""


class ChoiceWidget(widgets.Widget):
    """One of a TextChoices' French labels as staff read them ("Formation"); its code is
    accepted too, and its label in another language of the interface ("تكوين", "Training").

    `unknown` is the message for any other value, with %(value)s.
    """

    def __init__(self, choices, unknown: str, required: bool = True) -> None:
        super().__init__()
        self.choices = choices
        self.unknown = unknown
        self.required = required

    def file_labels(self) -> dict[str, str]:
        """Each code's label as a file writes it."""
        with in_file_language():
            return {code: str(label) for code, label in self.choices.choices}

    def quoted_labels(self) -> str:
        """The file's labels, for a message in the user's language."""
        return ", ".join(f"« {isolated(label)} »" for label in self.file_labels().values())

    def describe(self) -> str:
        labels = self.quoted_labels()
        if self.required:
            return _("Une valeur parmi : %(labels)s.") % {"labels": labels}
        return _("Une valeur parmi : %(labels)s, ou vide.") % {"labels": labels}

    def clean(self, value, row=None, **kwargs) -> str:
        if is_blank(value):
            return ""
        wanted = folded(shown(value))
        for code, label in self.file_labels().items():
            if wanted in (folded(label), folded(code)):
                return code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in self.choices.choices:
                    if wanted == folded(label):
                        return code
        labels = self.quoted_labels()
        possible = (
            _("Valeurs possibles : %(labels)s.")
            if self.required
            else _("Valeurs possibles : %(labels)s ou vide.")
        )
        raise ValueError(f"{self.unknown % {'value': shown(value)}} {possible % {'labels': labels}}")

    def render(self, value, obj=None, **kwargs) -> str:
        return self.file_labels().get(value, value) if value else ""


class YesNoWidget(widgets.BooleanWidget):
    """Oui or Non (blank is Non)."""

    def describe(self) -> str:
        return _("« Oui » ou « Non » (vide : Non).")

    def clean(self, value, row=None, **kwargs) -> bool:
        if is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        word = folded(shown(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("« %(value)s » : écrivez « Oui » ou « Non ».") % {"value": shown(value)})

    def render(self, value, obj=None, **kwargs) -> str:
        return _("Oui") if value else _("Non")


class ReferencesWidget(widgets.ManyToManyWidget):
    """Several existing records named in one cell, separated by ";".

    A name is compared, case, accents and spacing aside, with each of
    `lookups` in turn (e.g. the name, then the acronym). An unknown or
    ambiguous name is refused: reference data is created by MDCMRE staff,
    never by an import. Messages: `unknown` and `ambiguous` (with %(name)s),
    then `hint`.
    """

    def __init__(
        self, model: type[Model], lookups: tuple[str, ...], unknown: str, ambiguous: str, hint: str
    ) -> None:
        super().__init__(model, separator=NAME_SEPARATOR)
        self.lookups = lookups
        self.unknown, self.ambiguous, self.hint = unknown, ambiguous, hint
        self._index: dict[str, dict[str, list[Model]]] | None = None

    def describe(self) -> str:
        return str(self.hint)

    def names(self, value) -> list[str]:
        if is_blank(value):
            return []
        return [name.strip() for name in shown(value).split(NAME_SEPARATOR) if name.strip()]

    def find(self, name: str) -> Model | None | list:
        """The record `name` designates, None if none, or the candidates if several."""
        if self._index is None:
            # Reference tables are small: one query per import, then lookups in memory,
            # by the names a file holds (translated names read in French).
            self._index = {lookup: {} for lookup in self.lookups}
            with in_file_language():
                for record in self.model._default_manager.all():
                    for lookup in self.lookups:
                        if getattr(record, lookup):
                            self._index[lookup].setdefault(folded(getattr(record, lookup)), []).append(record)
        for lookup in self.lookups:
            matches = self._index[lookup].get(folded(name), [])
            if matches:
                return matches[0] if len(matches) == 1 else matches
        return None

    def clean(self, value, row=None, **kwargs) -> list[Model]:
        records, problems = [], []
        for name in self.names(value):
            found = self.find(name)
            if found is None:
                problems.append(self.unknown % {"name": name})
            elif isinstance(found, list):
                problems.append(self.ambiguous % {"name": name})
            elif found not in records:
                records.append(found)
        if problems:
            raise ValueError(" ".join([*problems, str(self.hint)]))
        return records

    def label(self, record: Model) -> str:
        return str(record)

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return f"{NAME_SEPARATOR} ".join(self.label(record) for record in value.all())


class CodesWidget(ReferencesWidget):
    """Action codes, separated by ";", "," or spaces: "11.12 ; 11.13"."""

    def names(self, value) -> list[str]:
        if is_blank(value):
            return []
        if isinstance(value, int | float | Decimal):
            # Excel turned the code into a number: 11.10 became 11.1.
            raise ValueError(
                _(
                    "La cellule contient le nombre %(value)s : saisissez les codes d'action comme du texte "
                    "(cellule au format Texte), par exemple « 11.10 ; 11.12 »."
                )
                % {"value": value}
            )
        return [code for code in CODE_SEPARATORS.split(str(value).strip()) if code]

    def find(self, name: str) -> Model | None:
        # Codes are compared exactly: "11.1" and "11.10" are two actions.
        if self._index is None:
            self._index = {"code": {record.code: [record] for record in self.model._default_manager.all()}}
        return (self._index["code"].get(name) or [None])[0]

    def label(self, record: Model) -> str:
        return record.code


class CommitteeWidget(widgets.ForeignKeyWidget):
    """A committee by its code (CP2, CoPil) or its name."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__(model, field="code")

    def describe(self) -> str:
        return _("Sigle du comité, par exemple CP2 ou CoPil.")

    def clean(self, value, row=None, **kwargs) -> Model | None:
        if is_blank(value):
            return None
        text = shown(value)
        manager = self.model._default_manager
        with in_file_language():
            # A translated name is looked up in French, as the file writes it.
            committee = manager.filter(code__iexact=text).first() or manager.filter(name__iexact=text).first()
        if committee is None:
            codes = ", ".join(manager.order_by("position", "code").values_list("code", flat=True))
            raise ValueError(
                _("Comité inconnu : « %(value)s ». Sigles possibles : %(codes)s.")
                % {"value": text, "codes": codes}
            )
        return committee

    def render(self, value, obj=None, **kwargs) -> str:
        return value.code if value else ""


class DisplayWidget(widgets.Widget):
    """Export only: any field as people read it (labels, names, Oui/Non, local dates)."""

    def render(self, value, obj=None, **kwargs):
        native = kwargs.get("force_native_type")
        if value is None:
            return ""
        if isinstance(value, Manager):
            return f"{NAME_SEPARATOR} ".join(str(record) for record in value.all())
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: local time, as the admin shows it.
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            return value if native else value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value if native else value.strftime("%d/%m/%Y")
        if isinstance(value, datetime.time):
            return value if native else value.strftime("%H:%M")
        if isinstance(value, int | float | Decimal):
            return value if native else str(value)
        return str(value)
