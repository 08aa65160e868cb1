from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.models import User
from lms.privacy.services import leavers_purge


class Command(BaseCommand):
    help = (
        "Anonymise officers who left more than PERSONAL_DATA_RETENTION_YEARS ago: names, e-mail, "
        "employee ID and username are replaced by a pseudonym; enrolments, completions and the "
        "certificates' verify status remain (anonymous statistics)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be anonymised; change nothing."
        )
        parser.add_argument(
            "--years", type=int, default=None,
            help=f"Retention in years (default: the setting, now {settings.PERSONAL_DATA_RETENTION_YEARS}).",
        )  # fmt: skip

    def handle(self, *args, dry_run=False, years=None, **options):
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1")
        report = leavers_purge(years=years, dry_run=dry_run)
        if dry_run:
            for officer in User.objects.filter(pk__in=report.officer_ids).select_related("agency"):
                agency = officer.agency.code if officer.agency else "-"
                self.stdout.write(
                    f"would anonymise #{officer.pk} {officer.username} ({agency}), left {officer.left_at:%Y-%m-%d}"
                )
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {report.count} officer(s) who left before {report.cutoff:%Y-%m-%d}")
        )
