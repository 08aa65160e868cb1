"""python manage.py import_h5p FILE... [--agency CODE] [--user USERNAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from content.h5p import H5PValidationError
from content.services import h5p_package_create
from lms.models import Agency, User


class Command(BaseCommand):
    help = "Validate and import H5P packages into the library. Exits non-zero if any file is refused."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=".h5p files")
        parser.add_argument("--agency", help="code of the owning agency (default: the first root agency)")
        parser.add_argument("--user", help="username recorded as the uploader")

    def handle(self, *args, files, agency=None, user=None, **options):
        if agency:
            owner = Agency.objects.filter(code=agency).first()
            if owner is None:
                raise CommandError(_("No agency has the code %(code)s.") % {"code": agency})
        else:
            owner = Agency.get_first_root_node()
            if owner is None:
                raise CommandError(_("There is no agency yet: create one first."))
        uploader = None
        if user:
            uploader = User.objects.filter(username=user).first()
            if uploader is None:
                raise CommandError(_("No user has the username %(name)s.") % {"name": user})
        refused = 0
        for name in files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise FileNotFoundError
                package = h5p_package_create(
                    file=path, owner_agency=owner, uploaded_by=uploader, original_filename=path.name
                )
            except FileNotFoundError:
                refused += 1
                self.stderr.write(_("%(file)s: the file does not exist.") % {"file": name})
                continue
            except H5PValidationError as error:
                refused += 1
                for message in error.messages:
                    self.stderr.write(f"{name}: {message}")
                continue
            self.stdout.write(
                _("%(file)s: imported as “%(title)s” (%(library)s, id %(id)s).")
                % {
                    "file": name,
                    "title": package.title,
                    "library": package.main_library_label,
                    "id": package.pk,
                }
            )
        if refused:
            raise CommandError(
                _("%(refused)s of %(total)s files were refused.") % {"refused": refused, "total": len(files)}
            )
