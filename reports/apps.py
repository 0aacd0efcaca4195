from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Bilan annuel")
    domain = True  # its models are domain data (access.roles)

    def ready(self) -> None:
        # The shared bases ask access.years which years are closed; this app
        # owns reporting years, so it answers (they never import it).
        from access import years
        from reports.models import ReportingYear

        years.register(ReportingYear.objects)

        # A year exists as soon as something is recorded for it (reports.years):
        # on the save of any year-bound record, whichever app owns it.
        from django.db.models.signals import post_save, pre_save

        from reports.years import open_year_for_record, refuse_closed_publication_change

        post_save.connect(open_year_for_record, dispatch_uid="reports.open_year_for_record")
        # A closed year's cover (logo, date, Arabic title, back cover) is frozen too.
        pre_save.connect(
            refuse_closed_publication_change,
            sender=ReportingYear,
            dispatch_uid="reports.refuse_closed_publication_change",
        )
