"""`manage.py import_roster FILE [--dry-run] [--deactivate-missing] [--mapping dpis|NAME] [--scope CODE]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lms.models import Agency
from lms.roster.importing import command_messages, roster_import
from lms.roster.parsing import DPIS_MAPPING, RosterFileError, write_error_report


class Command(BaseCommand):
    help = (
        "Import an HR roster (CSV or XLSX): upsert officers by employee id. Exits 0 when the valid rows "
        "were imported; bad rows are written to an error report whose path is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate (never delete) active officers of the scope who are not in the file",
        )
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            metavar="AGENCY_CODE",
            help="agency subtree(s) for --deactivate-missing (default: the agencies named in the file)",
        )
        parser.add_argument(
            "--mapping", default="", help="'dpis' for a DPIS export, or a saved mapping's name"
        )
        parser.add_argument("--errors", default="", help="where to write the error report (CSV)")

    def handle(self, *args, **options):
        translation.activate("th")
        M = command_messages()  # noqa: N806
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(M["not_found"] % {"path": path})
        mapping = None
        if options["mapping"].lower() == "dpis":
            mapping = DPIS_MAPPING
        elif options["mapping"]:
            from lms.reports.models import SavedColumnMapping

            saved = SavedColumnMapping.objects.filter(name=options["mapping"]).first()
            if saved is None:
                raise CommandError(M["no_mapping"] % {"name": options["mapping"]})
            mapping = saved.mapping
        scope_ids = None
        if options["scope"]:
            roots = list(Agency.objects.filter(code__in=options["scope"]))
            if len(roots) != len(set(options["scope"])):
                raise CommandError(M["bad_scope"])
            scope_ids = set()
            for root in roots:
                scope_ids |= set(
                    Agency.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
                )
        try:
            result = roster_import(
                file=path,
                filename=path.name,
                mapping=mapping,
                deactivate_missing=options["deactivate_missing"],
                deactivate_scope_ids=scope_ids,
                dry_run=options["dry_run"],
            )
        except RosterFileError as exc:
            raise CommandError(exc.message) from None
        counts = result.counts()
        prefix = M["dry_run"] if options["dry_run"] else ""
        self.stdout.write(prefix + M["counts"] % counts)
        if result.errors:
            report = Path(options["errors"] or path.with_name(f"{path.stem}-errors.csv"))
            write_error_report(errors=sorted(result.errors, key=lambda e: e.row_number), path_or_file=report)
            self.stdout.write(M["report"] % {"path": report.resolve()})
        if result.rejected_rows and not (result.created or result.updated or result.unchanged):
            raise CommandError(M["nothing"])
