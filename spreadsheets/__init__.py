"""Spreadsheets in and out: the checks an uploaded XLSX or CSV must pass (`files`),
how a cell becomes a field value and back (`widgets`), the rules every import obeys
(`resources`), the export of any admin list (`exports`), the admin's import and export
(`admin`), the writing of safe XLSX and CSV files (`writer`) and the files' language,
French whatever the user's (`language`).

A plain package, not a Django app: it has no models, templates or commands (the admin's
import pages live in `templates/admin/import_export/`). Each domain app keeps the
resources of its own models (`committees/resources.py`, `trainings/resources.py`) and
`reports/spreadsheets.py` builds the year's workbook.
"""
