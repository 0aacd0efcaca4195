"""Loading the strategy's reference data and the 2020 demo, idempotently.

- `reference_data.py` (`manage.py load_reference`): the 11 programmes, the
  27 OSPs, the committees, the institutions and projects of the 2020 report;
- `glossary.py` (also `manage.py load_reference`): the acronyms of the 2020
  report and their expansions;
- `demo_data.py` (`manage.py load_demo`, run by `run.sh`): the 2020 records of
  the report excerpt and one demo user per role;
- `loading.py` and the `LoadedRecord` model: which row each entry became, so
  that a re-run finds it again whatever staff changed, and never resets it.

The top of the dependency order: it writes into every domain app, and no
application code imports it.
"""
