"""`manage.py send_reminders`: the daily reporting reminders (accounts/reminders.py),
for a timer (deploy/systemd/snia-reminders.timer) or cron. Running it twice a day
sends nothing more."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.reminders import send_reminders
from reports.models import ReportingYear


class Command(BaseCommand):
    help = (
        "Envoie les rappels d'échéance aux points focaux des institutions qui n'ont pas "
        "rendu compte de leurs actions (une fois par jour au plus)."
    )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        years = ReportingYear.objects.filter(
            reporting_deadline__isnull=False, closed_at__isnull=True, closing_started_at__isnull=True
        )
        for year in years.order_by("year"):
            sent = send_reminders(year, today)
            self.stdout.write(f"{year.year} : {sent} rappel(s) envoyé(s).")
