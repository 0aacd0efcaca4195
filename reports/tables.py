"""Where a subsection's tables go in the bilan, and their numbers.

Staff place a table of the subsection inside its narrative with a marker on
a line of its own, `[[tableau:réunions]]` (MARKERS lists them). The narrative
is rendered and sanitised first (reports.templatetags.narrative); only then is
each marker's paragraph cut out and the table, drawn by our templates, put in
its place: a marker never lets staff HTML through, it only names a table.

A table is printed once: at its first marker, otherwise at the end of its
subsection. A marker naming no table (unknown, already placed, or a table
without rows) prints nothing in the PDF; the on-screen preview shows staff a
note (`Part.note`). The admin's form refuses unknown markers
(`marker_errors`).

Tables are numbered per chapter in the order they are printed (« Tableau
11.3 »), so that one chapter's numbers never depend on another's; the
synthesis has its own (« Tableau S.1 »).
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trainings.duplicates import normalised
from trainings.models import RESERVED_REPORT_TABLES, Session

# A marker in the Markdown source, and the paragraph it makes once rendered.
MARKER = re.compile(r"\[\[\s*tableau\s*:\s*([^\]\n]*?)\s*\]\]", re.IGNORECASE)
MARKER_LINE = re.compile(r"^\s*\[\[\s*tableau\s*:[^\]\n]*\]\]\s*$", re.IGNORECASE)
# In sanitised HTML: a paragraph holding one marker and nothing else. The name
# excludes "<", so it is text nh3 has already escaped.
MARKER_PARAGRAPH = re.compile(r"<p>\s*\[\[\s*tableau\s*:\s*([^\]<]*?)\s*\]\]\s*</p>", re.IGNORECASE)

LEARNING_KINDS = (Session.Kind.TRAINING, Session.Kind.SEMINAR, Session.Kind.WORKSHOP, Session.Kind.WEBINAR)
EVENT_KINDS = (Session.Kind.AWARENESS,)

# Each marker as staff write it, with the spellings accepted (compared
# without case or accents): (table kind, session kinds or None for all).
MARKERS = {
    "réunions": ("meetings", None),
    "sessions": ("sessions", None),
    "sessions:formations": ("sessions", LEARNING_KINDS),
    "sessions:événements": ("sessions", EVENT_KINDS),
    "filières": ("university_programmes", None),
    "études": ("studies", None),
    "avancement": ("progress", None),
}
# Other spellings staff may write, compared like the markers: without case,
# accents or punctuation (trainings.duplicates.normalised).
_ALIASES = {
    "reunion": "réunions",
    "session": "sessions",
    "sessions formation": "sessions:formations",
    "sessions evenement": "sessions:événements",
    "filiere": "filières",
    "etude": "études",
}
_BY_KEY = {**{normalised(marker): marker for marker in MARKERS}, **_ALIASES}

# A group of sessions staff named (Session.report_table): « sessions:formations-oim ».
GROUP_PREFIX = "sessions:"
GROUP_MARKER = re.compile(r"^\s*sessions?\s*:\s*(\S+)\s*$", re.IGNORECASE)
GROUP_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
GROUP_EXAMPLE = "[[tableau:sessions:nom-du-tableau]]"


def canonical(name: str) -> str | None:
    """The marker `name` stands for ("Réunions", "reunion" → "réunions";
    "Sessions:Formations-OIM" → "sessions:formations-oim"), or None."""
    known = _BY_KEY.get(normalised(name))
    if known:
        return known
    match = GROUP_MARKER.match(name)
    group = match.group(1).lower() if match else ""
    # The same spelling rule as the field (trainings.models.REPORT_TABLE_NAME).
    if GROUP_NAME.match(group) and group not in RESERVED_REPORT_TABLES:
        return GROUP_PREFIX + group
    return None


def group_of(marker: str) -> str | None:
    """The name of the group of sessions a canonical marker places, if it is one."""
    if marker.startswith(GROUP_PREFIX) and marker not in MARKERS:
        return marker.removeprefix(GROUP_PREFIX)
    return None


MARKER_LABELS = {
    "réunions": gettext_lazy("les réunions des comités de l'année"),
    "sessions": gettext_lazy(
        "les sessions et événements de l'objectif (ceux qu'un autre repère n'a pas déjà placés)"
    ),
    "sessions:formations": gettext_lazy("les formations, séminaires, ateliers et webinaires de l'objectif"),
    "sessions:événements": gettext_lazy("les événements de sensibilisation de l'objectif"),
    "filières": gettext_lazy("les filières universitaires"),
    "études": gettext_lazy("les études publiées"),
    "avancement": gettext_lazy("l'état d'avancement des actions (non numéroté : ce n'est pas un tableau)"),
}


GROUP_LABEL = gettext_lazy(
    "les sessions de l'objectif dont le champ « tableau du bilan » vaut nom-du-tableau "
    "(placées avant celles des autres repères de sessions)"
)


def marker_help() -> list[dict]:
    """Each marker and what it places, for the help pages."""
    return [
        *({"text": marker_text(name), "label": MARKER_LABELS[name]} for name in MARKERS),
        {"text": GROUP_EXAMPLE, "label": GROUP_LABEL},
    ]


def marker_text(name: str) -> str:
    return f"[[tableau:{name}]]"


def valid_markers() -> str:
    return ", ".join([*(marker_text(name) for name in MARKERS), GROUP_EXAMPLE])


def marker_errors(body: str, in_subsection: bool) -> list[str]:
    """French messages for the markers of `body` the bilan could not place."""
    errors = []
    for match in MARKER.finditer(body or ""):
        text = match.group(0)
        if canonical(match.group(1)) is None:
            errors.append(
                _("Repère inconnu : %(marker)s. Repères possibles : %(markers)s.")
                % {"marker": text, "markers": valid_markers()}
            )
        elif not in_subsection:
            errors.append(
                _(
                    "Le repère %(marker)s ne vaut que dans une section rattachée à un objectif "
                    "spécifique : c'est le tableau de cet objectif qu'il place."
                )
                % {"marker": text}
            )
    for line in (body or "").splitlines():
        if MARKER.search(line) and not MARKER_LINE.match(line):
            errors.append(
                _("Un repère de tableau s'écrit seul sur sa ligne : « %(line)s ».") % {"line": line.strip()}
            )
    return errors


def isolate_markers(text: str) -> str:
    """`text` with a blank line around each marker line, so that Markdown makes
    it a paragraph of its own (staff need not leave the blank lines)."""
    return "\n".join(f"\n{line}\n" if MARKER_LINE.match(line) else line for line in (text or "").split("\n"))


@dataclass
class Table:
    """One table of the bilan (or the list of progress entries, not numbered)."""

    kind: str
    caption: str
    template: str
    rows: list
    totals: dict | None = None
    columns: list = field(default_factory=list)
    widths: list = field(default_factory=list)
    numbered: bool = True
    number: str = ""

    @property
    def anchor(self) -> str:
        return "tableau-" + self.number.replace(".", "-").lower()

    @property
    def label(self) -> str:
        return _("Tableau %(number)s – %(caption)s") % {"number": self.number, "caption": self.caption}


@dataclass
class Part:
    """A piece of a narrative section: sanitised HTML, a table, or a marker
    that placed nothing (`note`, for the on-screen preview only)."""

    html: SafeString = mark_safe("")
    table: Table | None = None
    note: str = ""


def split_at_markers(sanitised: str) -> list[tuple[str, str | None]]:
    """[(html, marker name or None)]: the sanitised HTML cut at marker paragraphs."""
    pieces, start = [], 0
    for match in MARKER_PARAGRAPH.finditer(sanitised):
        pieces.append((sanitised[start : match.start()], None))
        pieces.append(("", html.unescape(match.group(1))))
        start = match.end()
    pieces.append((sanitised[start:], None))
    return [(chunk, name) for chunk, name in pieces if name is not None or chunk.strip()]


def place(
    sanitised_bodies: list[str], tables: dict[str, list[Table]]
) -> tuple[list[list[Part]], list[Table]]:
    """The parts of each narrative body, and the tables left for the subsection's end.

    `tables` maps a marker to the tables it places (the session tables are
    already split by the markers the narrative holds:
    reports.bilan_tables.session_tables). Each table is handed out once, at
    its first marker; a later marker for it, or one naming no table, becomes
    a note.
    """
    placed: set[int] = set()
    all_parts = []
    for sanitised in sanitised_bodies:
        parts = []
        for chunk, name in split_at_markers(sanitised):
            if name is None:
                parts.append(Part(html=mark_safe(chunk)))  # noqa: S308 - sanitised by nh3
                continue
            marker = canonical(name)
            candidates = [t for t in tables.get(marker, []) if id(t) not in placed] if marker else []
            if candidates:
                for table in candidates:
                    placed.add(id(table))
                    parts.append(Part(table=table))
            elif marker is None:
                parts.append(Part(note=_("[tableau inconnu : %(name)s]") % {"name": name}))
            elif tables.get(marker):
                parts.append(Part(note=_("[tableau déjà placé : %(name)s]") % {"name": marker}))
            else:
                parts.append(Part(note=_("[tableau sans ligne : %(name)s]") % {"name": marker}))
        all_parts.append(parts)
    seen, remaining = set(), []
    for candidates in tables.values():
        for table in candidates:
            if id(table) not in placed and id(table) not in seen:
                seen.add(id(table))
                remaining.append(table)
    return all_parts, remaining


def preview_markers(sanitised: str) -> SafeString:
    """The admin's Markdown preview: each marker shown as a note saying what it places."""

    def note(match: re.Match) -> str:
        name = html.unescape(match.group(1))
        marker = canonical(name)
        if marker is None:
            text = _("[tableau inconnu : %(name)s] — repères possibles : %(markers)s") % {
                "name": name,
                "markers": valid_markers(),
            }
        else:
            text = _("[Tableau « %(name)s » de l'objectif, placé ici dans le bilan]") % {"name": marker}
        return format_html('<p class="snia-table-marker">{}</p>', text)

    return mark_safe(MARKER_PARAGRAPH.sub(note, sanitised))  # noqa: S308 - nh3's output and our notes


def number_tables(tables: list[Table], prefix: str) -> list[Table]:
    """Numbers `tables` (in printed order) « prefix.1 », « prefix.2 »…; returns the numbered ones."""
    numbered = [table for table in tables if table.numbered]
    for position, table in enumerate(numbered, start=1):
        table.number = f"{prefix}.{position}"
    return numbered
