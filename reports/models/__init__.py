"""The reports app's models, one module per concept:

- years: reporting years, their closing state and reopenings;
- content: what staff write for a year's bilan (narrative, lists, studies,
  university programmes);
- bilan_exports: the stored PDFs of a year's bilan;
- revisions: the counters that say whether a stored PDF is still current;
- editions: the frozen editions of closed years;
- (reports.leases) the heartbeats of worker processes.

Models hold state and its invariants; the services that change it across
models (closing a year, requesting a render, storing an edition) live in
reports.closing, reports.tasks and reports.editions, which import the models —
never the other way round.
"""

from access.years import YearClosedError
from reports.leases import WorkerHeartbeat
from reports.models.bilan_exports import BilanExport, BilanExportQuerySet
from reports.models.content import NarrativeSection, ReportItem, Study, UniversityProgramme
from reports.models.editions import FILES, REPORT_LANGUAGE, BilanEdition, BilanEditionQuerySet, EditionFile
from reports.models.revisions import REFERENCE_YEAR, BilanRevision, BilanRevisionQuerySet
from reports.models.years import (
    CLOSING_ABANDONED_AFTER,
    YEAR_VALIDATORS,
    ReportingYear,
    ReportingYearQuerySet,
    YearReopening,
    year_in_range,
)

__all__ = [
    "CLOSING_ABANDONED_AFTER",
    "FILES",
    "REFERENCE_YEAR",
    "REPORT_LANGUAGE",
    "YEAR_VALIDATORS",
    "BilanEdition",
    "BilanEditionQuerySet",
    "BilanExport",
    "BilanExportQuerySet",
    "BilanRevision",
    "BilanRevisionQuerySet",
    "EditionFile",
    "NarrativeSection",
    "ReportItem",
    "ReportingYear",
    "ReportingYearQuerySet",
    "Study",
    "UniversityProgramme",
    "WorkerHeartbeat",
    "YearClosedError",
    "YearReopening",
    "year_in_range",
]
