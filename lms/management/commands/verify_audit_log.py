from django.core.management.base import BaseCommand, CommandError

from lms.audit import audit_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Audit log broken at event #{result.first_broken_seq}: {result.problem} "
                f"({result.checked} events checked before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.checked} events checked."))
